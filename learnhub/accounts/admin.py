"""The admin's pages for people: the user list, one user's profile, roles.

Every page here shows personal data to staff, so every visit is audited.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from learnhub.accounts import names, pdpa, services
from learnhub.accounts.access import no_store, role_required
from learnhub.accounts.forms import ActionForm, CarryOutErasureForm, NameDecisionForm, RoleForm
from learnhub.accounts.mail import development_outbox
from learnhub.accounts.models import (
    ROLE_LABELS,
    ErasureRequest,
    MemberProfile,
    NameChange,
    Role,
    User,
)
from learnhub.extensions import db
from learnhub.site.input import requested_page
from learnhub.thai import is_valid_national_id

bp = Blueprint("admin", __name__, url_prefix="/admin")
PAGE_SIZE = 50


@bp.route("/users", methods=["GET", "POST"])
@role_required(Role.ADMIN)
@no_store
def users():
    """All users, searchable by e-mail, name, mobile number or national ID, with their roles.

    The search form posts, so a national ID typed into it never lands in an address,
    a browser's history or an access log; it is found by its keyed hash, and a mobile
    number however it is spaced, as log-in finds them (an imported list's too).
    """
    q = (request.form if request.method == "POST" else request.args).get("q", "").strip()
    query = select(User).outerjoin(MemberProfile).order_by(User.created_at.desc(), User.id.desc())
    owners = services.login_name_owners(q) if q else None
    if owners is not None:
        query = query.where(User.id.in_(owners))
    elif q:
        like = f"%{q.lower()}%"
        query = query.where(
            or_(
                func.lower(User.email).like(like),
                func.lower(User.display_name).like(like),
                MemberProfile.first_name_th.like(f"%{q}%"),
                MemberProfile.last_name_th.like(f"%{q}%"),
            )
        )
    page = db.paginate(
        query, page=requested_page(PAGE_SIZE), per_page=PAGE_SIZE, max_per_page=PAGE_SIZE,
        error_out=False,
    )  # fmt: skip
    services.record_audit(current_user, "users.list", detail=f"q={q!r} page={page.page}")
    # Found by ID: the page does not echo it (nor put it in the pager's links).
    shown = "" if is_valid_national_id(q) else q
    return render_template("admin/users.html", page=page, q=shown)


@bp.route("/users/<int:user_id>")
@role_required(Role.ADMIN)
@no_store
def user_detail(user_id: int):
    """One user's profile, with the national ID masked."""
    user = db.session.get(User, user_id) or abort(404)
    services.record_audit(current_user, "profile.viewed", user)
    national_id = services.national_id_for(current_user, user.profile) if user.profile else None
    form = RoleForm(role=user.role)
    return render_template(
        "accounts/profile.html", user=user, national_id=national_id, own=False, role_form=form,
        reset_form=ActionForm(),
    )  # fmt: skip


@bp.route("/users/<int:user_id>/reset-link", methods=["POST"])
@role_required(Role.ADMIN)
@no_store
def reset_link(user_id: int):
    """A one-time password-reset link for a member who has no e-mail and no coordinator.

    Someone with an e-mail resets the password themselves; the link goes by e-mail.
    """
    user = db.session.get(User, user_id) or abort(404)
    back = url_for("admin.user_detail", user_id=user.id)
    if not ActionForm().validate_on_submit() or user.has_email:
        return redirect(back, 303)
    link = services.issue_reset_link(current_user, user)
    return render_template("accounts/reset_link.html", user=user, back_url=back, link=link)


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@role_required(Role.ADMIN)
def change_role(user_id: int):
    """Give a user another role."""
    user = db.session.get(User, user_id) or abort(404)
    form = RoleForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.change_role(current_user, user, form.role.data)
    except services.LastAdmin:
        flash(_("LearnHub needs at least one administrator; this role cannot be removed."), "error")
        return redirect(url_for("admin.user_detail", user_id=user.id)), 303
    flash(
        _("%(name)s is now: %(role)s.", name=user.name, role=ROLE_LABELS[Role(user.role)]),
        "success",
    )
    return redirect(request.referrer if _same_site(request.referrer) else url_for("admin.users"))


@bp.route("/outbox")
@role_required(Role.ADMIN)
def outbox():
    """In development (e-mail written to the log), the last messages the site "sent"."""
    if current_app.config["MAIL_BACKEND"] != "log":
        abort(404)
    services.record_audit(current_user, "outbox.viewed")
    return render_template("admin/outbox.html", messages=list(development_outbox()))


@bp.route("/name-changes")
@role_required(Role.ADMIN, Role.COORDINATOR)
def name_changes():
    """Names and titles waiting for staff to confirm, before certificates print them."""
    changes = names.pending_for(current_user)
    services.record_audit(current_user, "name_changes.list", detail=f"{len(changes)} pending")
    return render_template("admin/name_changes.html", changes=changes, form=NameDecisionForm())


@bp.route("/name-changes/<int:change_id>", methods=["POST"])
@role_required(Role.ADMIN, Role.COORDINATOR)
def decide_name_change(change_id: int):
    """Confirm or decline one name change."""
    change = db.session.get(NameChange, change_id)
    if change is None:
        abort(404)
    if not names.may_decide(current_user, change):  # someone else's member: 404, on record
        services.record_audit(
            current_user, "name_change.refused", change.user, f"name change #{change.id}"
        )
        abort(404)
    form = NameDecisionForm()
    if not form.validate_on_submit():
        abort(400)
    confirm = form.decision.data == "confirm"
    try:
        names.decide(current_user, change, confirm)
    except names.NameChangeRefused:
        db.session.rollback()
        services.record_audit(
            current_user, "name_change.refused", change.user,
            f"name change #{change.id} already {change.status}",
        )  # fmt: skip
        flash(_("This change was already decided or withdrawn."), "info")
    else:
        message = (
            _("Confirmed: new certificates will carry “%(name)s”.", name=change.new_name)
            if confirm
            else _("Declined: certificates keep “%(name)s”.", name=change.old_name)
        )
        flash(message, "success")
    return redirect(url_for("admin.name_changes"), 303)


@bp.route("/erasure-requests")
@role_required(Role.ADMIN)
def erasure_requests():
    """Members' requests to erase their data, to carry out here."""
    pending = pdpa.pending_erasures()
    services.record_audit(current_user, "erasure_requests.list", detail=f"{len(pending)} pending")
    return render_template(
        "admin/erasure_requests.html", requests=pending, form=CarryOutErasureForm()
    )


ERASURE_REFUSALS = {
    "self": lambda: _("You cannot erase your own account here; ask another administrator."),
    "admin": lambda: _("Give this administrator another role first, then erase the account."),
    "done": lambda: _("This request was already carried out."),
}


@bp.route("/erasure-requests/<int:request_id>/carry-out", methods=["POST"])
@role_required(Role.ADMIN)
def carry_out_erasure(request_id: int):
    """Erase the member's personal data for good (the audit log keeps that it was done)."""
    erasure = db.session.get(ErasureRequest, request_id) or abort(404)
    form = CarryOutErasureForm()
    if not form.validate_on_submit():
        flash(_("Tick the box to confirm the erasure."), "error")
        return redirect(url_for("admin.erasure_requests"), 303)
    try:
        pdpa.carry_out_erasure(current_user, erasure)
    except pdpa.ErasureRefused as refused:
        flash(ERASURE_REFUSALS[refused.reason](), "error")
    else:
        flash(_("The member's personal data is erased."), "success")
    return redirect(url_for("admin.erasure_requests"), 303)


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url)
