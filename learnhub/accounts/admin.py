"""The admin's pages for people: the user list, one user's profile, roles.

Every page here shows personal data to staff, so every visit is audited.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from learnhub.accounts import services
from learnhub.accounts.access import role_required
from learnhub.accounts.forms import RoleForm
from learnhub.accounts.models import ROLE_LABELS, MemberProfile, Role, User
from learnhub.extensions import db
from learnhub.site.input import requested_page

bp = Blueprint("admin", __name__, url_prefix="/admin")
PAGE_SIZE = 50


@bp.route("/users")
@role_required(Role.ADMIN)
def users():
    """All users, searchable by e-mail or name, with their roles."""
    q = request.args.get("q", "").strip()
    query = select(User).outerjoin(MemberProfile).order_by(User.created_at.desc(), User.id.desc())
    if q:
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
    return render_template("admin/users.html", page=page, q=q)


@bp.route("/users/<int:user_id>")
@role_required(Role.ADMIN)
def user_detail(user_id: int):
    """One user's profile, with the national ID masked."""
    user = db.session.get(User, user_id) or abort(404)
    services.record_audit(current_user, "profile.viewed", user)
    national_id = services.national_id_for(current_user, user.profile) if user.profile else None
    form = RoleForm(role=user.role)
    return render_template(
        "accounts/profile.html", user=user, national_id=national_id, own=False, role_form=form
    )


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


def _same_site(url: str | None) -> bool:
    return bool(url) and url.startswith(request.host_url)
