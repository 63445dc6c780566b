"""Certificates for a cohort: issue to all who met its rule (one background job), revoke
one, and download them all as one streamed ZIP. The work is credentials' own; this
module only chooses whom, and registers the coordinator's scope with credentials.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import select

from learnhub.accounts.models import User, utcnow
from learnhub.coordination import audit, scoping
from learnhub.coordination.models import APPROVED, Cohort, CohortMember, NetworkMembership
from learnhub.coordination.progress import cohort_progress
from learnhub.credentials import jobs
from learnhub.credentials import services as credentials
from learnhub.credentials.models import VALID, BulkJob, Certificate
from learnhub.credentials.storage import storage
from learnhub.extensions import db
from learnhub.thai import to_bangkok


def in_own_cohorts(actor: User, person_id: int) -> bool:
    """credentials' cohort scope: the person is in one of the coordinator's cohorts."""
    in_cohort = scoping.members_for(actor).where(CohortMember.user_id == person_id).limit(1)
    return db.session.scalar(in_cohort) is not None


def serves(actor: User, person_id: int) -> bool:
    """credentials' coordinator scope: the person is in one of the coordinator's cohorts,
    or an approved member of one of their networks (trained on site without a cohort)."""
    if in_own_cohorts(actor, person_id):
        return True
    member = (
        scoping.applications_for(actor)
        .where(NetworkMembership.user_id == person_id, NetworkMembership.status == APPROVED)
        .limit(1)
    )
    return db.session.scalar(member) is not None


def connect() -> None:
    for registry, check in (
        (credentials.coordinator_scope, serves),
        (credentials.cohort_scope, in_own_cohorts),
    ):
        if check not in registry:
            registry.append(check)


def waiting(viewer: User, rows: list) -> list:
    """Of a cohort's progress rows (already the viewer's to see), the members who met the
    cohort's rule, have no valid certificate yet, and may have one from the viewer: never
    the viewer themselves (a coordinator imported into their own cohort)."""
    return [
        row
        for row in rows
        if row.rule_met
        and row.certificate_id is None
        and credentials.hand_issue_refusal(viewer, row.user_id, scoped=True) is None
    ]


def eligible(viewer: User, cohort: Cohort) -> list:
    """Members the viewer may issue a certificate to now, as the cohort's rule says."""
    return [row for row in waiting(viewer, cohort_progress(viewer, cohort)) if row.enrolment_id]


def start_issue(actor: User, cohort: Cohort, return_to: str) -> BulkJob | None:
    rows = eligible(actor, cohort)
    if not rows:
        return None
    on_site = None
    if cohort.uses_attendance:
        last = max((s.held_on for s in cohort.sessions), default=cohort.starts_on)
        on_site = {
            "training_date": min(last, to_bangkok(utcnow()).date()).isoformat(),
            "training_place": cohort.place or cohort.network.name,
            "reason": _("Met the attendance rule of %(cohort)s.", cohort=cohort.name),
        }
    job = jobs.start_bulk_issue(
        actor, cohort.course, enrolment_ids=[row.enrolment_id for row in rows],
        on_site=on_site, return_to=return_to,
    )  # fmt: skip
    audit.record(actor, "cohort.certificates_issued", cohort,
           detail=f"cohort {cohort.id} job {job.id}: {len(rows)} members")  # fmt: skip
    return job


def certificates_of(viewer: User, cohort: Cohort) -> list[Certificate]:
    """The valid certificates of the cohort's course held by members the viewer may see."""
    members = scoping.members_for(viewer, cohort.id).subquery()
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id.in_(select(members.c.user_id)))
            .where(Certificate.course_id == cohort.course_id, Certificate.status == VALID)
            .order_by(Certificate.serial)
        )
    )


def certificate_of_member(viewer: User, cohort: Cohort, certificate_id: int) -> Certificate | None:
    for certificate in certificates_of(viewer, cohort):
        if certificate.id == certificate_id:
            return certificate
    return None


class _Sink:
    """A write-only file for zipfile whose bytes the generator hands out as they come."""

    def __init__(self):
        self.chunks: list[bytes] = []
        self.position = 0

    def write(self, data: bytes) -> int:
        self.chunks.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data, self.chunks = b"".join(self.chunks), []
        return data


def zip_stream(certificates: list[Certificate]) -> Iterator[bytes]:
    """The PDFs, one by one, as a ZIP written while it is sent (never whole in memory).

    Names and storage keys are read now, while the request's database session is open;
    the returned generator reads only the store.
    """
    files = [(f"{c.serial}.pdf", c.pdf_key) for c in certificates]
    store = storage()

    def chunks() -> Iterator[bytes]:
        sink = _Sink()
        with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
            for name, key in files:
                archive.writestr(name, store.load(key))
                yield sink.take()
        yield sink.take()

    return chunks()
