"""The coordination domain's audit entries and their viewer.

Every entry about a cohort or a network records which one (``record``), so that its
coordinators see it; admins search everything, a coordinator what
``scoping.audit_events_for`` allows them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, or_
from sqlalchemy.orm import aliased

from learnhub.accounts.models import AuditEvent, User
from learnhub.accounts.services import record_audit
from learnhub.coordination import scoping
from learnhub.coordination.models import Cohort, Network
from learnhub.thai import BANGKOK

PAGE_SIZE = 100


def record(actor: User | None, action: str, about: Cohort | Network | None,
           subject: User | None = None, detail: str | None = None, *,
           commit: bool = True) -> None:  # fmt: skip
    """Write an audit entry about a cohort (and its network), a network, or neither."""
    record_audit(actor, action, subject, detail, commit=commit, **scope_of(about))


def scope_of(about: Cohort | Network | None) -> dict[str, int | None]:
    """The ``network_id`` and ``cohort_id`` an audit entry about ``about`` carries."""
    if isinstance(about, Cohort):
        return {"network_id": about.network_id, "cohort_id": about.id}
    if isinstance(about, Network):
        return {"network_id": about.id, "cohort_id": None}
    return {"network_id": None, "cohort_id": None}


def _utc_bounds(day: dt.date) -> dt.datetime:
    """Midnight in Bangkok of ``day``, as the naive UTC the log stores."""
    local = dt.datetime.combine(day, dt.time(), tzinfo=BANGKOK)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def search(viewer: User, *, person: str = "", actor: str = "", action: str = "",
           date_from: dt.date | None = None, date_to: dt.date | None = None) -> Select:  # fmt: skip
    """Entries, newest first, as (event, actor e-mail, subject name, cohort name, network
    name) rows."""
    actor_user, subject_user = aliased(User), aliased(User)
    statement = (
        scoping.audit_events_for(viewer)
        .add_columns(actor_user.email, subject_user.display_name, Cohort.name, Network.name)
        .outerjoin(actor_user, actor_user.id == AuditEvent.actor_id)
        .outerjoin(subject_user, subject_user.id == AuditEvent.subject_user_id)
        .outerjoin(Cohort, Cohort.id == AuditEvent.cohort_id)
        .outerjoin(Network, Network.id == AuditEvent.network_id)
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
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
