"""The member's public profile: the switch in their account, and the page anyone with the
link may open (credentials.public_profiles holds the rules)."""

from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from learnhub.accounts.access import no_store
from learnhub.accounts.forms import ActionForm
from learnhub.credentials import public_profiles
from learnhub.credentials.forms import PublicProfileForm
from learnhub.credentials.models import PUBLIC_PARTS
from learnhub.credentials.views import bp


@bp.route("/account/public-profile", methods=["GET", "POST"])
@login_required
@no_store
def public_profile_settings():
    """Turn the public profile on (choosing what it shows) and get its link to share."""
    live = public_profiles.live_profile(current_user)
    form = PublicProfileForm(data={part: part in live.shows for part in PUBLIC_PARTS} if live
                             else None)  # fmt: skip
    status = 200
    if form.validate_on_submit():
        shows = [part for part in PUBLIC_PARTS if getattr(form, part).data]
        try:
            public_profiles.turn_on(current_user, shows)
        except public_profiles.PublicProfileRefused:
            flash(_("Choose at least one thing to show."), "error")
            status = 422
        else:
            flash(_("Your public profile is on. Share its link with whoever you like."),
                  "success")  # fmt: skip
            return redirect(url_for("credentials.public_profile_settings"), 303)
    elif form.is_submitted():
        status = 422
    return render_template(
        "credentials/public_profile_settings.html", live=live, form=form, off_form=ActionForm()
    ), status


@bp.route("/account/public-profile/off", methods=["POST"])
@login_required
def public_profile_off():
    """Withdraw the consent: the shared link stops working at once."""
    if ActionForm().validate_on_submit() and public_profiles.turn_off(current_user):
        flash(_("Your public profile is off: its link no longer opens anything."), "success")
    return redirect(url_for("credentials.public_profile_settings"), 303)


@bp.route("/p/<profile_token>")
def public_profile(profile_token: str):
    """A member's public profile, while they consent to it; otherwise nothing (404)."""
    found = public_profiles.find(profile_token)
    if found is None:
        abort(404)
    response = make_response(
        render_template("credentials/public_profile.html", **public_profiles.page_data(found))
    )
    # Not for search engines, not for caches (a withdrawn page must not linger), and the
    # link, which is the key, is not passed on to the pages it links to.
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
