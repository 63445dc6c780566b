"""Certificates in a member's PDPA rights: their part of the export, and erasure.

The rule after erasure (stated on the privacy page): a certificate stays verifiable
by its code and by its file, so whoever the member gave it to can still rely on
it, but the public record no longer names anyone ("data erased on request"), and
the stored PDF, which prints the name, is deleted. The member's own copy still
verifies by upload, since its SHA-256 stays on record.
"""

from __future__ import annotations

import contextlib

from sqlalchemy import select

from learnhub.accounts import names
from learnhub.accounts.models import User
from learnhub.accounts.pdpa import ExportPart, iso, register_eraser, register_export
from learnhub.credentials import services, transcripts
from learnhub.credentials.models import Certificate, Transcript
from learnhub.credentials.storage import storage
from learnhub.extensions import db


def holds_certificate(user: User) -> bool:
    """A certificate carries the person's name: changing it now needs staff to confirm."""
    if user.id is None:
        return False
    query = select(Certificate.id).where(Certificate.user_id == user.id).limit(1)
    return db.session.scalar(query) is not None


def export_certificates(user: User) -> ExportPart:
    rows, files = [], {}
    for certificate in services.certificates_of(user):
        rows.append(
            {
                "serial": certificate.serial,
                "code": certificate.code,
                "status": certificate.status,
                "holder_name": certificate.holder_name,
                "course_title": certificate.course_title,
                "version": certificate.version_label,
                "basis": certificate.basis,
                "score": certificate.score,
                "completed_on": iso(certificate.completed_on),
                "issued_at": iso(certificate.issued_at),
                "training_date": iso(certificate.training_date),
                "training_place": certificate.training_place,
                "revoked_at": iso(certificate.revoked_at),
                "revocation_reason": certificate.revocation_reason,
                "verify_url": services.verify_url(certificate.code),
                "sha256": certificate.pdf_sha256,
            }
        )
        # Erased with its holder's data, or lost: the record above still stands.
        with contextlib.suppress(FileNotFoundError):
            files[f"certificates/{certificate.serial}.pdf"] = services.pdf_bytes(certificate)
    return ExportPart(rows, files)


def erase_certificates(user: User) -> None:
    """The records stay verifiable, without the holder's name; the stored PDFs go."""
    store = storage()
    for certificate in services.certificates_of(user):
        certificate.holder_name = ""
        store.delete(certificate.pdf_key)


def export_transcripts(user: User) -> ExportPart:
    """Every transcript issued to the member, as printed, with its PDF."""
    rows, files = [], {}
    for transcript in db.session.scalars(
        select(Transcript).where(Transcript.user_id == user.id).order_by(Transcript.id)
    ):
        rows.append({
            "code": transcript.code, "issued_at": iso(transcript.issued_at),
            "holder_name": transcript.holder_name, "position": transcript.position,
            "agency": transcript.agency, "total_hours": transcript.total_hours,
            "courses": transcript.rows, "sha256": transcript.pdf_sha256,
        })  # fmt: skip
        with contextlib.suppress(FileNotFoundError):
            files[f"transcripts/{transcript.code}.pdf"] = transcripts.pdf_bytes(transcript)
    return ExportPart(rows, files)


def erase_transcripts(user: User) -> None:
    """Like certificates: the record stays verifiable by code and hash, without a name,
    position or agency; the stored PDFs go."""
    store = storage()
    for transcript in db.session.scalars(select(Transcript).where(Transcript.user_id == user.id)):
        transcript.holder_name, transcript.position, transcript.agency = "", None, None
        store.delete(transcript.pdf_key)


def connect() -> None:
    register_export("certificates", export_certificates)
    register_eraser("certificates", erase_certificates)
    register_export("transcripts", export_transcripts)
    register_eraser("transcripts", erase_transcripts)
    if holds_certificate not in names.name_locks:
        names.name_locks.append(holds_certificate)
