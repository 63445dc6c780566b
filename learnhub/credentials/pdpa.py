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
from learnhub.accounts.models import User, utcnow
from learnhub.accounts.pdpa import ExportPart, iso, register_eraser, register_export
from learnhub.credentials import public_profiles, recognitions, services, transcripts
from learnhub.credentials.models import DECLINED, NOMINATED, Certificate, Transcript
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


def export_recognitions(user: User) -> ExportPart:
    """The member's recognitions as they stand (nominations included: it is data about
    them), their evidence files and เกียรติบัตร; not the staff's decision notes."""
    rows, files = [], {}
    for recognition in recognitions.all_of(user):
        rows.append(
            {
                "title": recognition.title,
                "kind": recognition.kind.name_th,
                "citation": recognition.citation,
                "awarded_on": iso(recognition.awarded_on),
                "awarding_body": recognition.awarding_body,
                "legal_basis": recognition.legal_basis,
                "status": recognition.status,
                "nominated_at": iso(recognition.nominated_at),
                "decided_at": iso(recognition.decided_at),
                "revoked_at": iso(recognition.revoked_at),
                "code": recognition.code,
                "sha256": recognition.pdf_sha256,
                "evidence": [e.filename for e in recognition.evidence],
            }
        )
        with contextlib.suppress(FileNotFoundError):
            if recognition.pdf_key:
                files[f"recognitions/{recognition.id}.pdf"] = recognitions.pdf_bytes(recognition)
            for evidence in recognition.evidence:
                extension = evidence.storage_key.rsplit(".", 1)[-1]
                name = f"recognitions/{recognition.id}/evidence-{evidence.id}.{extension}"
                files[name] = storage().load(evidence.storage_key)
    return ExportPart(rows, files)


def erase_recognitions(user: User) -> None:
    """The rule (stated on the privacy page and in the README): what was written about the
    person goes; what makes a เกียรติบัตร checkable stays.

    A course certificate keeps its course title because many people share it; an honour's
    own words ("outstanding volunteer of Dusit district, 2569"), its citation and its
    awarding body can point to one person even without a name, so they are blanked, with a
    legal basis other than the kind's own, the decision note, the เกียรติบัตร file and the
    evidence files. The kind, the kind's legal basis, the date, the status (and a
    revocation's date and public category), the code and the SHA-256 stay: the code still
    answers, and the member's own copy of the PDF still verifies by upload. A nomination
    still awaiting a decision is closed as declined, so no one approves it later.
    """
    store = storage()
    for recognition in recognitions.all_of(user):
        recognition.holder_name = recognition.title = recognition.citation = ""
        recognition.awarding_body = ""
        if recognition.legal_basis != recognition.kind.legal_basis:
            recognition.legal_basis = ""
        recognition.decision_reason = None
        if recognition.status == NOMINATED:
            recognition.status, recognition.decided_at = DECLINED, utcnow()
        if recognition.pdf_key:
            store.delete(recognition.pdf_key)
        for evidence in list(recognition.evidence):
            store.delete(evidence.storage_key)
            db.session.delete(evidence)


def connect() -> None:
    register_export("certificates", export_certificates)
    register_eraser("certificates", erase_certificates)
    register_export("transcripts", export_transcripts)
    register_eraser("transcripts", erase_transcripts)
    register_export("recognitions", export_recognitions)
    register_eraser("recognitions", erase_recognitions)
    register_export("public_profiles", public_profiles.export_public_profiles)
    register_eraser("public_profiles", public_profiles.erase_public_profiles)
    if holds_certificate not in names.name_locks:
        names.name_locks.append(holds_certificate)
