"""The name a person's documents print, and the changes to it that staff must confirm.

A certificate verifies under the name it was issued to, so once a person holds
one, renaming themselves (to another person's name, or to "ศ. ดร. ...") must not
reach the next certificate unchecked: the profile keeps the confirmed name, and
the change waits as a ``NameChange`` until a coordinator or an admin confirms it.
A title typed as "other" waits too, before any certificate, because no list
vouches for it. Other domains say whether a document already carries a person's
name through ``name_locks``, so accounts never imports them.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from learnhub.accounts.models import (
    CONFIRMED,
    DECLINED,
    PENDING,
    WITHDRAWN,
    MemberProfile,
    NameChange,
    Role,
    User,
    utcnow,
)
from learnhub.extensions import db

NAME_FIELDS = ("title", "title_other", "first_name_th", "last_name_th")

# Functions user -> bool: True when a document of that domain already carries the name.
name_locks: list[Callable[[User], bool]] = []
# Functions (coordinator, member) -> bool: True when the member is one the coordinator
# looks after. Coordination registers one; until then a coordinator sees no one's change.
member_scopes: list[Callable[[User, User], bool]] = []


class NameChangeRefused(Exception):
    """The change is not pending any more, or the staff member may not decide it."""


def _clean(value) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else value


def _name_of(profile: MemberProfile) -> dict:
    return {field: getattr(profile, field) for field in NAME_FIELDS}


def name_is_locked(user: User) -> bool:
    return any(lock(user) for lock in name_locks)


def pending_change(user: User) -> NameChange | None:
    return db.session.scalar(
        select(NameChange).where(NameChange.user_id == user.id, NameChange.status == PENDING)
    )


def _unvouched_title(wanted: dict, confirmed: dict) -> bool:
    """A free-text title no staff member has confirmed yet."""
    return wanted["title"] == "other" and (
        confirmed["title"] != "other" or wanted["title_other"] != confirmed["title_other"]
    )


def apply_name(user: User, profile: MemberProfile, data: dict, *, new: bool) -> NameChange | None:
    """Put the wanted name on the profile, or hold it back as a pending change.

    Returns the pending change when one was made or updated (the caller audits and
    commits). A new profile (sign-up) takes the name at once, except a free-text title.
    """
    wanted = {field: _clean(data.get(field)) for field in NAME_FIELDS}
    if wanted["title"] != "other":
        wanted["title_other"] = None
    if new:
        for field, value in wanted.items():
            setattr(profile, field, value)
        if wanted["title"] != "other":
            return None
        profile.title_other = None  # no title is printed until staff confirm the typed one
        return _hold(user, profile, wanted)
    confirmed = _name_of(profile)
    pending = pending_change(user)
    if wanted == confirmed:
        if pending is not None:
            pending.status, pending.decided_at = WITHDRAWN, utcnow()
        return None
    locked = name_is_locked(user)
    if not locked:
        profile.first_name_th = wanted["first_name_th"]
        profile.last_name_th = wanted["last_name_th"]
        if not _unvouched_title(wanted, confirmed):
            profile.title, profile.title_other = wanted["title"], wanted["title_other"]
            if pending is not None:
                pending.status, pending.decided_at = WITHDRAWN, utcnow()
            return None
    return _hold(user, profile, wanted, pending)


def _hold(
    user: User, profile: MemberProfile, wanted: dict, pending: NameChange | None = None
) -> NameChange | None:
    if pending is not None and all(
        getattr(pending, f"new_{field}") == wanted[field] for field in NAME_FIELDS
    ):
        return None  # the same change again: nothing new to confirm
    if pending is None:
        pending = NameChange(user=user)
        db.session.add(pending)
    for field in NAME_FIELDS:
        setattr(pending, f"old_{field}", getattr(profile, field))
        setattr(pending, f"new_{field}", wanted[field])
    pending.requested_at = utcnow()
    return pending


def may_decide(staff: User, change: NameChange) -> bool:
    """Admins decide every change; a coordinator those of the members they look after."""
    if staff.id == change.user_id:
        return False
    if staff.is_admin:
        return True
    return staff.role == Role.COORDINATOR and any(
        scope(staff, change.user) for scope in member_scopes
    )


def pending_for(staff: User) -> list[NameChange]:
    """The pending changes this staff member may decide, oldest first."""
    changes = db.session.scalars(
        select(NameChange)
        .where(NameChange.status == PENDING)
        .order_by(NameChange.requested_at, NameChange.id)
    )
    return [change for change in changes if may_decide(staff, change)]


def decide(staff: User, change: NameChange, confirm: bool) -> None:
    """Confirm (the profile takes the new name) or decline (it keeps the old one); audited."""
    from learnhub.accounts.services import record_audit  # services imports this module

    if change.status != PENDING or not may_decide(staff, change):
        raise NameChangeRefused()
    profile = change.user.profile
    if confirm and profile is not None:
        for field in NAME_FIELDS:
            setattr(profile, field, getattr(change, f"new_{field}"))
        change.user.display_name = f"{profile.first_name_th} {profile.last_name_th}"
    change.status = CONFIRMED if confirm else DECLINED
    change.decided_at = utcnow()
    change.decided_by_id = staff.id
    action = "name_change.confirmed" if confirm else "name_change.declined"
    record_audit(staff, action, change.user, f"name change #{change.id}", commit=False)
    db.session.commit()
