"""Cohorts (รุ่น): one run of one course for a network, its members, sessions and attendance."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.accounts.models import Role, User, utcnow
from learnhub.catalog.models import Course, Enrolment
from learnhub.coordination import audit
from learnhub.coordination.models import (
    MODES,
    Attendance,
    Cohort,
    CohortCoordinator,
    CohortMember,
    CohortSession,
    Network,
)
from learnhub.credentials.render import render_document
from learnhub.extensions import db
from learnhub.thai import to_bangkok

DOCUMENTS = Path(__file__).resolve().parents[2] / "templates" / "coordination" / "documents"
COHORT_FIELDS = ("name", "starts_on", "ends_on", "mode", "place", "attendance_share",
                 "posttest_required")  # fmt: skip


class CohortRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _check(data: dict) -> None:
    if data["mode"] not in MODES:
        raise CohortRefused("mode")
    if data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise CohortRefused("dates")
    share = data.get("attendance_share")
    if share is not None and not 0 <= share <= 100:
        raise CohortRefused("share")


def create_cohort(actor: User, network: Network, course: Course, data: dict) -> Cohort:
    """A new cohort of ``course`` for ``network``; members are enrolled in its current version."""
    _check(data)
    if course.current_version is None:
        raise CohortRefused("course")
    cohort = Cohort(network_id=network.id, course_id=course.id,
                    version_id=course.current_version_id, created_by_id=actor.id)  # fmt: skip
    for name in COHORT_FIELDS:
        setattr(cohort, name, data.get(name))
    db.session.add(cohort)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise CohortRefused("name_taken") from None
    audit.record(actor, "cohort.created", cohort, detail=f"cohort {cohort.id}", commit=False)
    db.session.commit()
    return cohort


def update_cohort(actor: User, cohort: Cohort, data: dict) -> Cohort:
    _check(data)
    for name in COHORT_FIELDS:
        setattr(cohort, name, data.get(name))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise CohortRefused("name_taken") from None
    audit.record(actor, "cohort.updated", cohort, detail=f"cohort {cohort.id}", commit=False)
    db.session.commit()
    return cohort


def enrolment_in(cohort: Cohort, user_id: int) -> Enrolment:
    """The member's enrolment in the cohort's course (made on the cohort's version if none)."""
    enrolment = db.session.scalar(
        select(Enrolment)
        .where(Enrolment.user_id == user_id, Enrolment.course_id == cohort.course_id)
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
        .limit(1)
    )
    if enrolment is None:
        enrolment = Enrolment(user_id=user_id, course_id=cohort.course_id,
                              version_id=cohort.course_version.id, source="cohort")  # fmt: skip
        db.session.add(enrolment)
        db.session.flush()
    return enrolment


def add_member(actor: User | None, cohort: Cohort, user_id: int, *, commit: bool = True):
    """Put a person in a cohort and enrol them in its course; adding twice changes nothing.

    Returns the CohortMember and whether it was new.
    """
    member = db.session.scalar(
        select(CohortMember).where(
            CohortMember.cohort_id == cohort.id, CohortMember.user_id == user_id
        )
    )
    if member is not None:
        return member, False
    enrolment = enrolment_in(cohort, user_id)
    member = CohortMember(cohort_id=cohort.id, user_id=user_id, enrolment_id=enrolment.id,
                          added_by_id=actor.id if actor else None)  # fmt: skip
    db.session.add(member)
    if commit:
        db.session.commit()
    return member, True


def add_coordinator(actor: User, cohort: Cohort, person: User) -> bool:
    """Let a coordinator run this one cohort (besides its network's coordinators).

    Only someone an admin already made a coordinator can be added; adding twice changes
    nothing. Returns whether the person was added.
    """
    if person.role != Role.COORDINATOR or not person.active:
        raise CohortRefused("not_coordinator")
    if db.session.get(CohortCoordinator, (cohort.id, person.id)) is not None:
        return False
    db.session.add(CohortCoordinator(cohort_id=cohort.id, user_id=person.id))
    audit.record(actor, "cohort.coordinator_added", cohort, person, f"cohort {cohort.id}",
                 commit=False)  # fmt: skip
    try:
        db.session.commit()
    except IntegrityError:  # a double click: the first request added them
        db.session.rollback()
        return False
    return True


def remove_coordinator(actor: User, cohort: Cohort, person: User) -> bool:
    """Take a cohort's own coordinator off it (its network's coordinators stay)."""
    link = db.session.get(CohortCoordinator, (cohort.id, person.id))
    if link is None:
        return False
    db.session.delete(link)
    audit.record(actor, "cohort.coordinator_removed", cohort, person, f"cohort {cohort.id}",
                 commit=False)  # fmt: skip
    db.session.commit()
    return True


def add_session(actor: User, cohort: Cohort, held_on: dt.date, place: str | None,
                topic: str | None) -> CohortSession:  # fmt: skip
    session = CohortSession(cohort_id=cohort.id, held_on=held_on,
                            place=(place or "").strip() or cohort.place,
                            topic=(topic or "").strip() or None)  # fmt: skip
    db.session.add(session)
    db.session.flush()
    audit.record(actor, "cohort.session_added", cohort,
           detail=f"cohort {cohort.id} session {session.id}", commit=False)  # fmt: skip
    db.session.commit()
    return session


def session_of(cohort: Cohort, session_id: int) -> CohortSession | None:
    session = db.session.get(CohortSession, session_id)
    return session if session is not None and session.cohort_id == cohort.id else None


def attendance_sheet(members: list[CohortMember], session: CohortSession) -> list[dict]:
    """Each member of the (already scoped) list with whether they were present."""
    present = dict(
        db.session.execute(
            select(Attendance.member_id, Attendance.present).where(
                Attendance.session_id == session.id
            )
        ).all()
    )
    rows = [{"member": m, "name": m.user.name, "present": present.get(m.id)} for m in members]
    return sorted(rows, key=lambda row: row["name"])


def set_attendance(actor: User, session: CohortSession, member: CohortMember,
                   present: bool) -> None:  # fmt: skip
    """Record one member's presence at one session (the sheet saves each row on its own)."""
    record = db.session.scalar(
        select(Attendance).where(
            Attendance.session_id == session.id, Attendance.member_id == member.id
        )
    )
    if record is None:
        record = Attendance(session_id=session.id, member_id=member.id, present=present)
        db.session.add(record)
    record.present = present
    record.recorded_at = utcnow()
    record.recorded_by_id = actor.id
    audit.record(actor, "cohort.attendance_changed", session.cohort, member.user,
           f"session {session.id}: {'present' if present else 'absent'}", commit=False)  # fmt: skip
    try:
        db.session.commit()
    except IntegrityError:  # two taps at once: the other one recorded the row; set it again
        db.session.rollback()
        set_attendance(actor, session, member, present)


def signin_sheet_pdf(cohort: Cohort, session: CohortSession, members: list[CohortMember]) -> bytes:
    """A printable sign-in sheet (ใบลงชื่อ) for one session: Thai, Buddhist-era date."""
    version = cohort.course_version
    data = {
        "issuer": current_app.config["ISSUER_NAME"],
        "network": cohort.network.name,
        "cohort": cohort.name,
        "course": version.title_th if version else "",
        "held_on": session.held_on,
        "place": session.place or cohort.place or "",
        "topic": session.topic or "",
        "printed_on": to_bangkok(utcnow()).date(),
        "names": sorted(m.user.name for m in members),
    }
    return render_document(DOCUMENTS, "signin_sheet.html", data)
