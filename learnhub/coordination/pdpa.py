"""Coordination in a member's PDPA rights: their networks, applications, cohorts and
attendance in the data export; erasure of what coordinators recorded about them; and
the scope in which a coordinator may confirm a member's change of name."""

from __future__ import annotations

from sqlalchemy import delete, select

from learnhub.accounts import names
from learnhub.accounts.models import User
from learnhub.accounts.pdpa import ExportPart, iso, register_eraser, register_export
from learnhub.accounts.privacy import decrypt_national_id
from learnhub.coordination import scoping
from learnhub.coordination.models import (
    Attendance,
    CohortMember,
    CohortSession,
    NetworkMembership,
    RosterRecord,
)
from learnhub.extensions import db


def export_coordination(user: User) -> ExportPart:
    memberships = db.session.scalars(
        select(NetworkMembership).where(NetworkMembership.user_id == user.id)
    )
    cohorts = db.session.scalars(select(CohortMember).where(CohortMember.user_id == user.id))
    attendance = db.session.execute(
        select(CohortSession, Attendance.present)
        .join(Attendance, Attendance.session_id == CohortSession.id)
        .join(CohortMember, CohortMember.id == Attendance.member_id)
        .where(CohortMember.user_id == user.id)
        .order_by(CohortSession.held_on)
    )
    rosters = db.session.scalars(select(RosterRecord).where(RosterRecord.user_id == user.id))
    return ExportPart({
        "networks": [{
            "network": m.network.name, "status": m.status, "member_type": m.member_type,
            "agency_or_community": m.agency, "other_networks": m.other_networks,
            "applied_at": iso(m.applied_at), "decided_at": iso(m.decided_at),
            "decision_reason": m.decision_reason, "source": m.source,
        } for m in memberships],
        "cohorts": [{
            "cohort": c.cohort.name, "network": c.cohort.network.name,
            "course": c.cohort.course.slug, "mode": c.cohort.mode,
            "starts_on": iso(c.cohort.starts_on), "ends_on": iso(c.cohort.ends_on),
        } for c in cohorts],
        "attendance": [{
            "cohort": session.cohort.name, "held_on": iso(session.held_on),
            "place": session.place, "present": present,
        } for session, present in attendance],
        "imported_by_coordinators": [{
            "title": r.title, "first_name_th": r.first_name_th, "last_name_th": r.last_name_th,
            "national_id": decrypt_national_id(r.national_id_encrypted)
            if r.national_id_encrypted else None,
            "mobile": r.mobile, "position": r.position, "agency": r.agency,
            "province_code": r.province_code, "member_type": r.member_type,
        } for r in rosters],
    })  # fmt: skip


def erase_coordination(user: User) -> None:
    """What coordinators typed about the person goes; memberships and attendance stay,
    tied to the anonymised account, so cohort statistics still add up."""
    db.session.execute(delete(RosterRecord).where(RosterRecord.user_id == user.id))
    for membership in db.session.scalars(
        select(NetworkMembership).where(NetworkMembership.user_id == user.id)
    ):
        membership.agency, membership.other_networks = "", None


def coordinates(coordinator: User, member: User) -> bool:
    """A coordinator confirms name changes of the people in their networks and cohorts."""
    return scoping.can_see_person(coordinator, member.id)


def connect() -> None:
    register_export("coordination", export_coordination)
    register_eraser("coordination", erase_coordination)
    if coordinates not in names.member_scopes:
        names.member_scopes.append(coordinates)
