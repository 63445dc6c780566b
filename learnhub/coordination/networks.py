"""Networks, their coordinators, and the membership applications members send to them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.accounts.models import Role, User, utcnow
from learnhub.coordination import audit
from learnhub.coordination.models import (
    APPROVED,
    DECLINED,
    PENDING,
    Network,
    NetworkCoordinator,
    NetworkMembership,
)
from learnhub.extensions import db


class MembershipRefused(Exception):
    """An application or decision that cannot be made; ``reason`` is a key the view words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def create_network(
    actor: User, name: str, province_code: str | None, description: str | None = None
) -> Network:
    if db.session.scalar(select(Network.id).where(Network.name == name.strip())) is not None:
        raise MembershipRefused("name_taken")
    network = Network(
        name=name.strip(), province_code=province_code or None, description=description or None
    )
    db.session.add(network)
    db.session.flush()
    audit.record(actor, "network.created", network, detail=f"network {network.id}", commit=False)
    db.session.commit()
    return network


def appoint_coordinator(actor: User, network: Network, person: User) -> None:
    """Make ``person`` a coordinator of ``network`` (a learner becomes a coordinator)."""
    exists = db.session.get(NetworkCoordinator, (network.id, person.id))
    if exists is None:
        db.session.add(
            NetworkCoordinator(network_id=network.id, user_id=person.id, appointed_by_id=actor.id)
        )
    if person.role == Role.LEARNER:
        person.role = Role.COORDINATOR
    audit.record(actor, "network.coordinator_appointed", network, person, f"network {network.id}",
           commit=False)  # fmt: skip
    db.session.commit()


def remove_coordinator(actor: User, network: Network, person: User) -> None:
    link = db.session.get(NetworkCoordinator, (network.id, person.id))
    if link is not None:
        db.session.delete(link)
        audit.record(actor, "network.coordinator_removed", network, person, f"network {network.id}",
               commit=False)  # fmt: skip
        db.session.commit()


def open_networks() -> list[Network]:
    """Networks a person may apply to, by name."""
    return list(db.session.scalars(select(Network).order_by(Network.name)))


def applications_of(person: User) -> list[NetworkMembership]:
    """A person's own applications and memberships, newest first."""
    return list(
        db.session.scalars(
            select(NetworkMembership)
            .where(NetworkMembership.user_id == person.id)
            .order_by(NetworkMembership.applied_at.desc())
        )
    )


def apply(
    person: User,
    network: Network,
    *,
    member_type: str,
    agency: str,
    other_networks: str | None,
    consent: bool,
) -> NetworkMembership:
    """A person applies to join a network; a declined person may apply again."""
    if not consent:
        raise MembershipRefused("consent")
    existing = db.session.scalar(
        select(NetworkMembership).where(
            NetworkMembership.network_id == network.id, NetworkMembership.user_id == person.id
        )
    )
    if existing is not None and existing.status != DECLINED:
        raise MembershipRefused("already")
    application = existing or NetworkMembership(network_id=network.id, user_id=person.id)
    application.status = PENDING
    application.member_type = member_type
    application.agency = agency.strip()
    application.other_networks = (other_networks or "").strip() or None
    application.consent_at = application.applied_at = utcnow()
    application.decided_at = application.decided_by_id = application.decision_reason = None
    db.session.add(application)
    try:
        db.session.commit()
    except IntegrityError:  # a double click: the first request applied
        db.session.rollback()
        raise MembershipRefused("already") from None
    return application


def decide(actor: User, application: NetworkMembership, approve: bool, reason: str) -> None:
    """A coordinator approves or declines an application, always with a reason."""
    if application.status != PENDING:
        raise MembershipRefused("decided")
    if not (reason or "").strip():
        raise MembershipRefused("reason")
    application.status = APPROVED if approve else DECLINED
    application.decided_at = utcnow()
    application.decided_by_id = actor.id
    application.decision_reason = reason.strip()
    audit.record(actor, "network.application_" + application.status, application.network,
           application.user, f"network {application.network_id}: {reason.strip()}",
           commit=False)  # fmt: skip
    db.session.commit()
