"""Pages of one's own account: sign-up, log-in, profile, passwords."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from learnhub.accounts import names, notices, pdpa, services, throttle
from learnhub.accounts.access import no_store, safe_next
from learnhub.accounts.forms import (
    ActionForm,
    ChangePasswordForm,
    EndSessionsForm,
    ErasureForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignUpForm,
)
from learnhub.accounts.mail import run_later
from learnhub.extensions import limiter

bp = Blueprint("accounts", __name__)

# Per address (behind the documented proxy, the client's own); the per-account count
# and lock live in accounts/throttle.py.
LOGIN_LIMIT = "10 per minute;100 per hour"
SIGNUP_LIMIT = "5 per minute;20 per hour"

# Words that hold whether or not another member holds the value: the page is no oracle.
ERROR_MESSAGES = {
    services.NationalIdTaken: lambda: _(
        "This national ID cannot be used here. If it is yours, please contact your network "
        "coordinator or a LearnHub administrator."
    ),
    services.MobileTaken: lambda: _(
        "This mobile number cannot be used here: a mobile number is a log-in name. If it is "
        "yours, please contact your network coordinator or a LearnHub administrator."
    ),
}


def _show_refusal(form, error: services.AccountError) -> None:
    """Put a service's refusal beside the field it concerns."""
    getattr(form, error.field).errors.append(ERROR_MESSAGES[type(error)]())


def _start_session(user, *, remember: bool = False) -> None:
    """A brand-new session: nothing from before log-in (or before a privilege change) survives.

    The cookie lasts only while the browser is open unless the person asked to be
    remembered on this device.
    """
    lang = session.get("lang")
    session.clear()
    login_user(user)
    session.permanent = remember
    if user.locale or lang:
        session["lang"] = user.locale or lang


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(SIGNUP_LIMIT, methods=["POST"])
def signup():
    """Sign up as a network member with the profile the membership form asks for.

    When the e-mail or the national ID is already registered, nothing is created,
    the answer does not say which (or whether) one was, and the existing account's
    owner is told by e-mail.
    """
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    form = SignUpForm()
    if form.validate_on_submit():
        try:
            user = services.register_member(
                form.email.data, form.password.data, form.profile_data()
            )
        except services.AlreadyRegistered as taken:
            for owner in taken.owners:
                run_later(notices.tell_owner_of_signup_attempt, owner.id)
            flash(
                _(
                    "We could not create an account with these details. If you already have "
                    "a LearnHub account, log in, or reset your password if you have forgotten it. "
                    "If a coordinator enrolled you in a training, open the invitation link you "
                    "were given to choose your password, or ask your coordinator for a new one."
                ),
                "info",
            )
            return redirect(url_for("accounts.login"), 303)
        else:
            _start_session(user)
            flash(_("Welcome to LearnHub! Your account has been created."), "success")
            return redirect(url_for("site.home"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/signup.html", form=form), status


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
def login():
    """Log in with an e-mail, a mobile number or a national ID, and the password.

    "Remember me" keeps the session past the browser.
    """
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    form = LoginForm()
    if form.validate_on_submit():
        # One count per account however the name is typed (spacing, dashes, case), and
        # the same lock, wording and status for a known and an unknown one.
        key = services.login_key(form.email.data)
        if throttle.is_locked(key):
            form.email.errors.append(throttle.LOCKED_MESSAGE)
            return render_template("accounts/login.html", form=form), 429
        user = services.authenticate(form.email.data, form.password.data)
        if user is not None:
            throttle.forget_failures(key)
            _start_session(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next"), url_for("site.home")))
        throttle.record_failure(key)
        form.password.errors.append(_("The log-in name or password is not correct."))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    """Log out everywhere; a POST with a CSRF token, so no other site can log a user out.

    Raising the session version ends this session and any copy of its cookie.
    """
    lang = session.get("lang")
    if current_user.is_authenticated:
        services.end_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have logged out."), "info")
    return redirect(url_for("site.home"))


@bp.route("/account/profile")
@login_required
@no_store
def profile():
    """Your member profile, with your national ID shown in full to you alone."""
    national_id = (
        services.national_id_for(current_user, current_user.profile)
        if current_user.profile
        else None
    )
    return render_template(
        "accounts/profile.html",
        user=current_user,
        national_id=national_id,
        own=True,
        pending_name=names.pending_change(current_user),
    )


@bp.route("/account/profile/edit", methods=["GET", "POST"])
@login_required
@no_store
@limiter.limit(SIGNUP_LIMIT, methods=["POST"])  # per address; refusals per account below
def edit_profile():
    """Edit your member profile."""
    profile = current_user.profile
    form = ProfileForm(obj=profile)
    pending = names.pending_change(current_user)
    if request.method == "GET" and profile is not None:
        form.national_id.data = services.national_id_for(current_user, profile)
        if pending is not None:  # the member edits the name they asked for, not the old one
            for field in names.NAME_FIELDS:
                getattr(form, field).data = getattr(pending, f"new_{field}")
    account = str(current_user.id)
    if form.validate_on_submit():
        if throttle.PROFILE_REFUSALS.exceeded(account):  # nothing is looked up or saved
            flash(throttle.PROFILE_LOCKED_MESSAGE, "error")
            return render_template("accounts/profile_edit.html", form=form, pending=pending), 429
        try:
            services.update_profile(current_user, form.profile_data())
        except (services.NationalIdTaken, services.MobileTaken) as error:
            throttle.PROFILE_REFUSALS.hit(account)
            _show_refusal(form, error)
        else:
            flash(_("Your profile has been saved."), "success")
            if names.pending_change(current_user) is not None:
                flash(
                    _(
                        "Your new name or title waits for staff to confirm it; until then "
                        "certificates carry the name already confirmed."
                    ),
                    "info",
                )
            return redirect(url_for("accounts.profile"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/profile_edit.html", form=form, pending=pending), status


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change your password after confirming the current one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if services.check_password(current_user, form.current_password.data):
            user = current_user._get_current_object()
            services.set_password(user, form.password.data)  # ends every other session
            _start_session(user, remember=session.permanent)
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
        form.current_password.errors.append(_("The current password is not correct."))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/password.html", form=form, end_form=EndSessionsForm()), status


@bp.route("/account/sessions/end", methods=["POST"])
@login_required
def end_sessions():
    """Log out on every other device (a phone left behind, a shared office PC)."""
    form = EndSessionsForm()
    if not form.validate_on_submit():
        return redirect(url_for("accounts.change_password"), 303)
    user = current_user._get_current_object()
    services.end_sessions(user)
    _start_session(user, remember=session.permanent)
    flash(_("You have been logged out on every other device."), "success")
    return redirect(url_for("accounts.change_password"), 303)


@bp.route("/account/reset", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def reset_request():
    """Ask for a password-reset link; the answer never reveals whether the e-mail is known."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        # The job looks the address up: this request does the same work for any address.
        run_later(notices.send_reset_link, form.email.data, str(get_locale()))
        flash(_("If an account uses this e-mail, a reset link is on its way."), "info")
        return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset_request.html", form=form), status


@bp.route("/account/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a reset link."""
    user = services.user_from_reset_token(token)
    if user is None:
        return render_template("accounts/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.set_password(user, form.password.data)
        flash(_("Your password has been reset. You can log in now."), "success")
        return redirect(url_for("accounts.login"))
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/reset_password.html", form=form), status


def _kept() -> list[dict]:
    """What LearnHub keeps, why, on which legal basis (PDPA section) and for how long."""
    years = current_app.config["AUDIT_RETENTION_YEARS"]
    while_account = _("As long as your account exists; erased at your request.")
    return [
        {
            "what": _("Your account"),
            "data": _("E-mail address, password (stored only as a one-way hash), language."),
            "why": _("To log you in and to reach you about your account."),
            "basis": _("Our agreement with you to provide the training (PDPA section 24(3))."),
            "how_long": while_account,
        },
        {
            "what": _("Your member profile"),
            "data": _(
                "Title and name, national ID, date of birth, education, position and "
                "workplace, province, office address, mobile and office phone."
            ),
            "why": _(
                "To know you as a member of the anti-corruption network, to print your name "
                "on certificates that employers can rely on, and to report to your network."
            ),
            "basis": _(
                "Our agreement with you (section 24(3)) and the network's legitimate "
                "interest in knowing its members (section 24(5))."
            ),
            "how_long": while_account,
        },
        {
            "what": _("Optional contact details"),
            "data": _("Contact address, home phone, other networks you belong to."),
            "why": _("So that your network can reach you about its activities."),
            "basis": _("Your consent (section 19), which you can withdraw at any time."),
            "how_long": _("Until you withdraw your consent; they are then erased at once."),
        },
        {
            "what": _("Your public profile, if you turn it on"),
            "data": _(
                "Your name with the recognitions, completed courses and certificates you "
                "choose, and when you consented."
            ),
            "why": _("So that you can show your record to whoever you give the link to."),
            "basis": _("Your consent (section 19), which you can withdraw at any time."),
            "how_long": _(
                "Shown until you turn it off; the record of your consent is kept with your account."
            ),
        },
        {
            "what": _("Your learning"),
            "data": _(
                "Enrolments, lessons read and the time spent on them, quiz attempts, "
                "answers and scores."
            ),
            "why": _(
                "To run your courses, to apply their completion rules and to improve the "
                "questions (statistics over all learners)."
            ),
            "basis": _("Our agreement with you (section 24(3)) and legitimate interest (24(5))."),
            "how_long": _(
                "As long as your account exists; after erasure kept only without anything "
                "that identifies you, for statistics."
            ),
        },
        {
            "what": _("Your certificates"),
            "data": _(
                "Name as printed, course, dates, score, status and the PDF file with its "
                "SHA-256 fingerprint."
            ),
            "why": _("To attest your training to anyone you show a certificate to."),
            "basis": _(
                "Our agreement with you (section 24(3)) and the legitimate interest of "
                "those who rely on a certificate (section 24(5))."
            ),
            "how_long": _(
                "For good: a certificate is revoked, never deleted. After erasure, without "
                "your name (see below)."
            ),
        },
        {
            "what": _("The audit log"),
            "data": _(
                "Who viewed, exported or changed your data, when, and from which network "
                "address; your requests and consents."
            ),
            "why": _("To protect your data and to answer a complaint or a request."),
            "basis": _(
                "Our legal duty to keep personal data secure (section 37) and legitimate "
                "interest (section 24(5))."
            ),
            "how_long": ngettext(
                "%(num)d year, then deleted automatically.",
                "%(num)d years, then deleted automatically.",
                years,
            ),
        },
    ]


@bp.route("/privacy")
def privacy():
    """The privacy notice: what is kept, why, for how long, who sees it, and your rights."""
    return render_template(
        "accounts/privacy.html",
        version=current_app.config["PRIVACY_NOTICE_VERSION"],
        issuer=current_app.config["ISSUER_NAME"],
        kept=_kept(),
    )


@bp.route("/account/privacy")
@login_required
def my_data():
    """Your data and your rights: download it, withdraw consent, ask for erasure."""
    return render_template(
        "accounts/my_data.html",
        contact_consent=services.has_consent(current_user, services.OPTIONAL_CONTACT),
        erasure=pdpa.pending_erasure(current_user),
        form=ActionForm(),
    )


@bp.route("/account/privacy/export.zip")
@login_required
def export_data():
    """All your data as one ZIP: a JSON file and your certificates' PDFs (audited)."""
    data = pdpa.export_zip(current_user)
    response = Response(data, mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="learnhub-my-data.zip"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/account/privacy/consent/withdraw", methods=["POST"])
@login_required
def withdraw_consent():
    """Withdraw the consent to keep your optional contact details; they are cleared."""
    if not ActionForm().validate_on_submit():
        return redirect(url_for("accounts.my_data"), 303)
    if services.withdraw_consent(current_user, services.OPTIONAL_CONTACT):
        flash(
            _("Your consent is withdrawn and your optional contact details are erased."),
            "success",
        )
    return redirect(url_for("accounts.my_data"), 303)


@bp.route("/account/privacy/erase", methods=["GET", "POST"])
@login_required
def request_erasure():
    """Ask for your personal data to be erased, confirming with your password."""
    pending = pdpa.pending_erasure(current_user)
    if pending is not None:
        return redirect(url_for("accounts.my_data"))
    form = ErasureForm()
    if form.validate_on_submit():
        try:
            pdpa.request_erasure(current_user, form.password.data)
        except pdpa.ErasureRefused:
            form.password.errors.append(_("The password is not correct."))
        else:
            flash(
                _("Your request is recorded. An administrator will carry it out and you will "
                  "then be logged out for good."),
                "success",
            )  # fmt: skip
            return redirect(url_for("accounts.my_data"), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("accounts/erase.html", form=form), status


@bp.route("/account/privacy/erase/cancel", methods=["POST"])
@login_required
def cancel_erasure():
    """Take back a request for erasure that is still waiting."""
    if ActionForm().validate_on_submit() and pdpa.cancel_erasure(current_user):
        flash(_("Your request for erasure is cancelled."), "info")
    return redirect(url_for("accounts.my_data"), 303)
