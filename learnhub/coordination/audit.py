"""The audit-log viewer: admins search everything; a coordinator sees the entries about
the people in their networks and cohorts (through the one scoping function)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import aliased

from learnhub.accounts.models import AuditEvent, User
from learnhub.coordination import scoping
from learnhub.thai import BANGKOK

PAGE_SIZE = 100


def _utc_bounds(day: dt.date) -> dt.datetime:
    """Midnight in Bangkok of ``day``, as the naive UTC the log stores."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=BANGKOK)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def search(viewer: User, *, person: str = "", actor: str = "", action: str = "",
           date_from: dt.date | None = None, date_to: dt.date | None = None) -> Select:  # fmt: skip
    """Entries, newest first, as (event, actor e-mail, subject name) rows."""
    actor_user, subject_user = aliased(User), aliased(User)
    statement = (
        select(AuditEvent, actor_user.email, subject_user.display_name)
        .outerjoin(actor_user, actor_user.id == AuditEvent.actor_id)
        .outerjoin(subject_user, subject_user.id == AuditEvent.subject_user_id)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    if not viewer.is_admin:
        statement = statement.where(AuditEvent.subject_user_id.in_(scoping.people_for(viewer)))
    if person.strip():
        like = f"%{person.strip()}%"
        statement = statement.where(
            or_(subject_user.display_name.ilike(like), subject_user.email.ilike(like))
        )
    if actor.strip():
        like = f"%{actor.strip()}%"
        statement = statement.where(
            or_(actor_user.display_name.ilike(like), actor_user.email.ilike(like))
        )
    if action.strip():
        statement = statement.where(AuditEvent.action.ilike(f"%{action.strip()}%"))
    if date_from:
        statement = statement.where(AuditEvent.occurred_at >= _utc_bounds(date_from))
    if date_to:
        statement = statement.where(
            AuditEvent.occurred_at < _utc_bounds(date_to + dt.timedelta(days=1))
        )
    return statement.limit(PAGE_SIZE)
