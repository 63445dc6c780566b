"""Who sees which networks, cohorts and members: the ONE place that decides it.

An admin sees everything; a coordinator sees the networks they were appointed
to, the cohorts of those networks (and cohorts they coordinate directly), and
the people in them; anyone else sees nothing. Every list, page and export of
the coordination domain goes through these functions (DESIGN.md invariant).

API (all take the acting ``user``; the ``*_for`` ones return ``select()``
statements to refine with ``.where()`` / ``.order_by()`` and run with
``db.session.scalars``):

- ``networks_for(user)``                       -> select(Network)
- ``cohorts_for(user, network_id=None)``       -> select(Cohort)
- ``members_for(user, cohort_id=None)``        -> select(CohortMember)
- ``applications_for(user, network_id=None)``  -> select(NetworkMembership)
- ``people_for(user)``                         -> select(User.id): every person the user may see
- ``audit_events_for(user)``                   -> select(AuditEvent): the audit entries the user
  may read: a coordinator's own, those about their networks and cohorts, and those about no
  network or cohort whose subject is one of their people
- ``can_see_person(user, person_id)``          -> bool
- ``runs_network(user, network_id)``           -> bool: an admin, or a coordinator of that
  network (who may choose the coordinators of its cohorts)

Getters for one object, which answer 404 and write ``coordination.access_refused``
to the audit log when the object exists but lies outside the user's scope (an
unknown id is a plain 404, nothing logged):

- ``get_network_or_404(user, network_id)``
- ``get_cohort_or_404(user, cohort_id)``
- ``get_member_or_404(user, cohort, member_id)``   (a CohortMember of that cohort)
- ``get_person_or_404(user, person_id)``           (a User the actor may see)
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, and_, false, or_, select, union

from learnhub.accounts.models import AuditEvent, Role, User
from learnhub.accounts.services import record_audit
from learnhub.coordination.models import (
    Cohort,
    CohortCoordinator,
    CohortMember,
    Network,
    NetworkCoordinator,
    NetworkMembership,
)
from learnhub.extensions import db

REFUSED = "coordination.access_refused"


def _is_admin(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.ADMIN)


def _is_coordinator(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.COORDINATOR)


def _network_ids(user) -> Select:
    return select(NetworkCoordinator.network_id).where(NetworkCoordinator.user_id == user.id)


def _cohort_ids(user) -> Select:
    """The cohorts of the coordinator's networks and those they coordinate directly."""
    return select(Cohort.id).where(
        or_(
            Cohort.network_id.in_(_network_ids(user)),
            Cohort.id.in_(
                select(CohortCoordinator.cohort_id).where(CohortCoordinator.user_id == user.id)
            ),
        )
    )


def networks_for(user) -> Select:
    query = select(Network)
    if _is_admin(user):
        return query
    if _is_coordinator(user):
        return query.where(Network.id.in_(_network_ids(user)))
    return query.where(false())


def cohorts_for(user, network_id: int | None = None) -> Select:
    query = select(Cohort)
    if network_id is not None:
        query = query.where(Cohort.network_id == network_id)
    if _is_admin(user):
        return query
    if _is_coordinator(user):
        return query.where(Cohort.id.in_(_cohort_ids(user)))
    return query.where(false())


def members_for(user, cohort_id: int | None = None) -> Select:
    query = select(CohortMember)
    if cohort_id is not None:
        query = query.where(CohortMember.cohort_id == cohort_id)
    if _is_admin(user):
        return query
    if _is_coordinator(user):
        return query.where(CohortMember.cohort_id.in_(_cohort_ids(user)))
    return query.where(false())


def applications_for(user, network_id: int | None = None) -> Select:
    query = select(NetworkMembership)
    if network_id is not None:
        query = query.where(NetworkMembership.network_id == network_id)
    if _is_admin(user):
        return query
    if _is_coordinator(user):
        return query.where(NetworkMembership.network_id.in_(_network_ids(user)))
    return query.where(false())


def people_for(user) -> Select:
    """The ids of every person the user may see: their cohorts' members and networks' people."""
    if _is_admin(user):
        return select(User.id)
    if not _is_coordinator(user):
        return select(User.id).where(false())
    return union(
        select(CohortMember.user_id).where(CohortMember.cohort_id.in_(_cohort_ids(user))),
        select(NetworkMembership.user_id).where(
            NetworkMembership.network_id.in_(_network_ids(user))
        ),
    )


def audit_events_for(user) -> Select:
    query = select(AuditEvent)
    if _is_admin(user):
        return query
    if not _is_coordinator(user):
        return query.where(false())
    # An entry that names a cohort or network belongs to those who run it, even when its
    # subject is also in one of the viewer's cohorts (another coordinator's view of a
    # shared member stays theirs).
    return query.where(
        or_(
            AuditEvent.actor_id == user.id,
            AuditEvent.cohort_id.in_(_cohort_ids(user)),
            AuditEvent.network_id.in_(_network_ids(user)),
            and_(
                AuditEvent.cohort_id.is_(None),
                AuditEvent.network_id.is_(None),
                AuditEvent.subject_user_id.in_(people_for(user)),
            ),
        )
    )


def runs_network(user, network_id: int) -> bool:
    if _is_admin(user):
        return True
    if not _is_coordinator(user):
        return False
    return db.session.scalar(_network_ids(user).where(
        NetworkCoordinator.network_id == network_id)) is not None  # fmt: skip


def can_see_person(user, person_id: int) -> bool:
    if _is_admin(user):
        return True
    subquery = people_for(user).subquery()
    return db.session.scalar(select(subquery.c[0]).where(subquery.c[0] == person_id)) is not None


def _refuse(user, what: str, subject: User | None = None):
    record_audit(user, REFUSED, subject, what)
    abort(404)


def get_network_or_404(user, network_id: int) -> Network:
    network = db.session.get(Network, network_id)
    if network is None:
        abort(404)
    if db.session.scalar(networks_for(user).where(Network.id == network_id)) is None:
        _refuse(user, f"network {network_id}")
    return network


def get_cohort_or_404(user, cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    if db.session.scalar(cohorts_for(user).where(Cohort.id == cohort_id)) is None:
        _refuse(user, f"cohort {cohort_id}")
    return cohort


def get_member_or_404(user, cohort: Cohort, member_id: int) -> CohortMember:
    member = db.session.scalar(members_for(user, cohort.id).where(CohortMember.id == member_id))
    if member is None:
        other = db.session.get(CohortMember, member_id)
        if other is None:
            abort(404)
        _refuse(user, f"cohort member {member_id}", other.user)
    return member


def get_person_or_404(user, person_id: int) -> User:
    person = db.session.get(User, person_id)
    if person is None:
        abort(404)
    if not can_see_person(user, person_id):
        _refuse(user, f"person {person_id}", person)
    return person
