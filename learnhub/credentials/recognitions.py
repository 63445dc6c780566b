"""Recognitions (เชิดชูเกียรติ): nominated by a coordinator, decided by an admin, revocable.

An approved recognition is part of the member's record. When its kind carries a
เกียรติบัตร, the honour certificate is rendered once at approval, stored with its
SHA-256 and verified like a course certificate (same codes, same verify pages).
Who a coordinator may nominate is decided by the coordination domain, through the
``coordinator_scope`` checks it registers in credentials.services (credentials never
imports coordination). Evidence files are untrusted uploads: checked by their
content, never by their name.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from dataclasses import dataclass

from flask import current_app
from pypdf import PdfReader, apply_configuration
from pypdf.generic import DictionaryObject
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from learnhub.accounts.models import Role, User, utcnow
from learnhub.accounts.services import record_audit
from learnhub.credentials import services
from learnhub.credentials.models import (
    APPROVED,
    DECLINED,
    NOMINATED,
    OTHER,
    REVOCATION_CATEGORIES,
    REVOKED,
    Recognition,
    RecognitionEvidence,
    RecognitionKind,
)
from learnhub.credentials.render import html_to_pdf, qr_svg, render_html
from learnhub.credentials.storage import storage
from learnhub.extensions import db
from learnhub.thai import buddhist_year, to_bangkok

MAX_EVIDENCE = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 5
PDF, PNG, JPEG = "application/pdf", "image/png", "image/jpeg"
_EXTENSIONS = {PDF: "pdf", PNG: "png", JPEG: "jpg"}
# The kinds the migration seeds; tests and the demo use this list to seed an empty table.
_ACT = "พระราชบัญญัติมาตรการของฝ่ายบริหารในการป้องกันและปราบปรามการทุจริต พ.ศ. 2551"
DEFAULT_KINDS = [
    ("honour_award", "ยกย่องเชิดชูเกียรติ/ให้รางวัล", "Honour award or reward",
     f"มาตรา 55 {_ACT}", True),
    ("special_merit", "การพิจารณาความดีความชอบกรณีพิเศษ", "Special merit consideration",
     f"มาตรา 56 {_ACT}", False),
    ("subcommittee", "การแต่งตั้งเป็นอนุกรรมการ", "Appointment as a subcommittee member",
     f"มาตรา 17 และมาตรา 32 {_ACT}", False),
    ("role_model", "ข้าราชการต้นแบบด้านคุณธรรมจริยธรรม", "Exemplary civil servant in ethics",
     "การยกย่องให้รางวัลผู้เป็นแบบอย่างตามมาตรฐานทางคุณธรรมและจริยธรรม"
     " (มาตรการส่งเสริมหน่วยงานภาครัฐใสสะอาด)", True),
    ("network_member", "สมาชิกเครือข่ายดีเด่น", "Outstanding network member", "", True),
    ("other", "อื่น ๆ", "Other", "", True),
]  # fmt: skip


class RecognitionRefused(Exception):
    """The action is not possible; ``reason`` is a short key the view explains."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def seed_kinds() -> None:
    """The six kinds, when the table is empty (a fresh test database, the demo)."""
    if db.session.scalar(select(RecognitionKind.id).limit(1)) is not None:
        return
    for number, (key, name_th, name_en, basis, carries) in enumerate(DEFAULT_KINDS, 1):
        db.session.add(RecognitionKind(key=key, name_th=name_th, name_en=name_en,
                                       legal_basis=basis, carries_certificate=carries,
                                       position=number))  # fmt: skip
    db.session.commit()


def kinds() -> list[RecognitionKind]:
    return list(
        db.session.scalars(
            select(RecognitionKind)
            .where(RecognitionKind.active.is_(True))
            .order_by(RecognitionKind.position, RecognitionKind.id)
        )
    )


def all_kinds() -> list[RecognitionKind]:
    """Every kind, retired ones included: what the admins' list shows."""
    return list(
        db.session.scalars(
            select(RecognitionKind).order_by(RecognitionKind.position, RecognitionKind.id)
        )
    )


KIND_KEY = re.compile(r"[a-z][a-z0-9_]{1,39}")


def add_kind(
    key: str, name_th: str, name_en: str, legal_basis: str = "", carries_certificate: bool = True
) -> RecognitionKind:
    """A new kind of recognition, placed after the others; its key never changes.

    Raises RecognitionRefused("key") for a malformed key, ("key_taken") for one in use.
    """
    key = (key or "").strip()
    if not KIND_KEY.fullmatch(key):
        raise RecognitionRefused("key")
    if db.session.scalar(select(RecognitionKind.id).where(RecognitionKind.key == key)):
        raise RecognitionRefused("key_taken")
    last = db.session.scalar(select(db.func.max(RecognitionKind.position))) or 0
    kind = RecognitionKind(key=key, name_th=name_th.strip(), name_en=name_en.strip(),
                           legal_basis=(legal_basis or "").strip(), position=last + 1,
                           carries_certificate=carries_certificate, active=True)  # fmt: skip
    db.session.add(kind)
    try:
        db.session.commit()
    except IntegrityError:  # the same key added at the same moment
        db.session.rollback()
        raise RecognitionRefused("key_taken") from None
    return kind


def update_kind(
    kind: RecognitionKind,
    *,
    name_th: str,
    name_en: str,
    legal_basis: str,
    carries_certificate: bool,
    active: bool,
) -> RecognitionKind:
    """Change a kind for the nominations to come. A recognition already made keeps the
    legal basis it was given, and a เกียรติบัตร already rendered keeps what it prints;
    a retired kind (not active) is no longer offered to coordinators."""
    kind.name_th, kind.name_en = name_th.strip(), name_en.strip()
    kind.legal_basis = (legal_basis or "").strip()
    kind.carries_certificate, kind.active = carries_certificate, active
    db.session.commit()
    return kind


# ---------------------------------------------------------------- evidence files


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


_PDF_SCRIPT = re.compile(rb"/(JavaScript|JS)\b")


def _pdf_has_script(data: bytes) -> bool:
    """Whether a PDF carries JavaScript: in its raw bytes, or in any object once parsed
    (object streams hide names from a byte search)."""
    if _PDF_SCRIPT.search(data):
        return True
    with apply_configuration(**services.PDF_LIMITS):
        reader = PdfReader(io.BytesIO(data))
        numbers = {n for table in reader.xref.values() for n in table} | set(reader.xref_objStm)
        for number in sorted(numbers)[:20_000]:
            obj = reader.get_object(number)
            if isinstance(obj, DictionaryObject) and (
                "/JS" in obj or obj.get("/S") == "/JavaScript"
            ):
                return True
        names = reader.trailer["/Root"].get("/Names")
        return bool(names) and "/JavaScript" in names.get_object()


def evidence_type(data: bytes) -> str:
    """The file's real type, from its content: a readable PDF without scripts, a PNG or
    a JPEG that parses as an image. Raises RecognitionRefused otherwise."""
    if len(data) > MAX_EVIDENCE:
        raise RecognitionRefused("too_large")
    if data.startswith(b"%PDF-"):
        if not services.is_readable_pdf(data):
            raise RecognitionRefused("not_evidence")
        try:
            scripted = _pdf_has_script(data)
        except services._PDF_ERRORS:
            raise RecognitionRefused("not_evidence") from None
        if scripted:
            raise RecognitionRefused("script")
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff"):
        from PIL import Image  # WeasyPrint's own dependency

        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                kind = image.format
        except Exception:  # any decoder error means: not the image it claims to be
            raise RecognitionRefused("not_evidence") from None
        if kind in ("PNG", "JPEG"):
            return PNG if kind == "PNG" else JPEG
    raise RecognitionRefused("not_evidence")


def _claimed_type(filename: str) -> str | None:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return {"pdf": PDF, "png": PNG, "jpg": JPEG, "jpeg": JPEG}.get(extension)


def check_evidence(uploads: list[Upload]) -> list[tuple[Upload, str]]:
    """Each file with its real type; the first bad one refuses them all (nothing is saved)."""
    if len(uploads) > MAX_EVIDENCE_FILES:
        raise RecognitionRefused("too_many")
    checked = []
    for upload in uploads:
        try:
            real = evidence_type(upload.data)
        except RecognitionRefused as refused:
            raise RecognitionRefused(refused.reason, upload.filename) from None
        if _claimed_type(upload.filename) != real:  # a PNG named .pdf is not what it says
            raise RecognitionRefused("not_evidence", upload.filename)
        checked.append((upload, real))
    return checked


def _safe_name(filename: str) -> str:
    # Path separators, controls and characters files may not hold; Thai (vowel marks are
    # not \w) stays as typed.
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]', "_", filename.rsplit("/", 1)[-1]
                  .rsplit("\\", 1)[-1]).strip()  # fmt: skip
    return (name or "evidence")[:200]


# ---------------------------------------------------------------- nominate and decide


def nominate(
    actor: User,
    person: User,
    kind: RecognitionKind,
    *,
    title: str,
    citation: str,
    awarded_on: dt.date,
    awarding_body: str,
    legal_basis: str | None = None,
    evidence: list[Upload] = (),
) -> Recognition:
    """A coordinator (or admin) nominates a member; the evidence is checked before anything
    is stored, and a second recognition of the same kind and date is refused."""
    if not actor.has_role(Role.ADMIN, Role.COORDINATOR):
        raise RecognitionRefused("forbidden")
    if actor.id == person.id:
        raise RecognitionRefused("self")
    if not services.coordinator_serves(actor, person.id):
        raise RecognitionRefused("outside_scope")
    if not (title or "").strip() or not (citation or "").strip():
        raise RecognitionRefused("incomplete")
    if awarded_on > to_bangkok(utcnow()).date() + dt.timedelta(days=366):
        raise RecognitionRefused("date")
    checked = check_evidence(list(evidence))
    if _duplicate(person, kind, awarded_on):
        raise RecognitionRefused("duplicate")
    recognition = Recognition(
        user_id=person.id, kind_id=kind.id, holder_name=person.name, title=title.strip(),
        citation=citation.strip(), awarded_on=awarded_on, awarding_body=awarding_body.strip(),
        legal_basis=(legal_basis or "").strip() or kind.legal_basis, status=NOMINATED,
        nominated_by_id=actor.id,
    )  # fmt: skip
    db.session.add(recognition)
    try:
        db.session.flush()
    except IntegrityError:  # a concurrent identical nomination won the unique constraint
        db.session.rollback()
        raise RecognitionRefused("duplicate") from None
    store, saved = storage(), []
    try:
        for number, (upload, content_type) in enumerate(checked, 1):
            extension = _EXTENSIONS[content_type]
            key = f"evidence/{recognition.id}/{number}-{services.new_code()}.{extension}"
            store.save(key, upload.data)
            saved.append(key)
            db.session.add(RecognitionEvidence(
                recognition_id=recognition.id, filename=_safe_name(upload.filename),
                content_type=content_type, size=len(upload.data),
                sha256=hashlib.sha256(upload.data).hexdigest(), storage_key=key,
            ))  # fmt: skip
        db.session.commit()
    except Exception:
        db.session.rollback()
        for key in saved:
            store.delete(key)
        raise
    return recognition


def _duplicate(person: User, kind: RecognitionKind, awarded_on: dt.date) -> bool:
    """A live recognition (awaiting a decision, or approved) of this kind and date exists.

    A declined nomination or a revoked recognition does not count: the member may be
    nominated again, with better evidence or a corrected citation."""
    return (
        db.session.scalar(
            select(Recognition.id).where(
                Recognition.user_id == person.id,
                Recognition.kind_id == kind.id,
                Recognition.awarded_on == awarded_on,
                Recognition.status.in_((NOMINATED, APPROVED)),
            )
        )
        is not None
    )


def _decidable(recognition: Recognition, actor: User) -> None:
    if not actor.is_admin:
        raise RecognitionRefused("forbidden")
    if recognition.nominated_by_id == actor.id:
        raise RecognitionRefused("own_nomination")  # four eyes: never one's own nomination
    if recognition.user_id == actor.id:
        raise RecognitionRefused("self")
    if recognition.status != NOMINATED:
        raise RecognitionRefused("decided")


def approve(recognition: Recognition, actor: User, reason: str) -> Recognition:
    """Approve with a reason; a kind that carries a เกียรติบัตร gets its PDF now, rendered once.

    The issue asks for a decision "with a reason" either way: the record then says why the
    evidence was judged enough, as a decline says why it was not (for staff only)."""
    if not (reason or "").strip():
        raise RecognitionRefused("reason")
    _decidable(recognition, actor)
    recognition.status = APPROVED
    recognition.decided_by_id = actor.id
    recognition.decided_at = utcnow()
    recognition.decision_reason = reason.strip()
    key = None
    if recognition.kind.carries_certificate:
        name, position, signature_url = services.current_signatory()
        recognition.code = services.new_code()
        recognition.signatory_name, recognition.signatory_position = name, position
        pdf = render_recognition(certificate_data(recognition, signature_url))
        year = buddhist_year(recognition.awarded_on)
        key = f"recognitions/{year}/{recognition.id}-{recognition.code}.pdf"
        storage().save(key, pdf)
        recognition.pdf_key, recognition.pdf_size = key, len(pdf)
        recognition.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    _audit(actor, "recognition.approved", recognition)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        if key:
            storage().delete(key)
        raise
    return recognition


def decline(recognition: Recognition, actor: User, reason: str) -> Recognition:
    if not (reason or "").strip():
        raise RecognitionRefused("reason")
    _decidable(recognition, actor)
    recognition.status = DECLINED
    recognition.decided_by_id = actor.id
    recognition.decided_at = utcnow()
    recognition.decision_reason = reason.strip()
    _audit(actor, "recognition.declined", recognition)
    db.session.commit()
    return recognition


def revoke(
    recognition: Recognition, actor: User, reason: str, category: str = OTHER
) -> Recognition:
    """Revoke an approved recognition with a reason and a date; the record stays.

    As for certificates, the public sees the category only; the reason is for staff.
    """
    if not actor.is_admin:
        raise RecognitionRefused("forbidden")
    if not (reason or "").strip():
        raise RecognitionRefused("reason")
    if category not in REVOCATION_CATEGORIES:
        raise RecognitionRefused("category")
    if recognition.status != APPROVED:
        raise RecognitionRefused("not_approved")
    recognition.status = REVOKED
    recognition.revoked_by_id = actor.id
    recognition.revoked_at = utcnow()
    recognition.revocation_reason = reason.strip()
    recognition.revocation_category = category
    _audit(actor, "recognition.revoked", recognition, category)
    db.session.commit()
    return recognition


def _audit(actor: User, action: str, recognition: Recognition, extra: str = "") -> None:
    """A decision on a recognition, in the audit log with the member it is about."""
    detail = f"{recognition.id} {extra}".strip()
    record_audit(actor, action, recognition.user, detail, commit=False)


# ---------------------------------------------------------------- the เกียรติบัตร


def certificate_data(recognition: Recognition, signature_url: str) -> dict:
    """The plain data the เกียรติบัตร template renders: no database object reaches it."""
    url = services.verify_url(recognition.code)
    return {
        "title": "เกียรติบัตร",
        "issuer": current_app.config["ISSUER_NAME"],
        "holder_name": recognition.holder_name,
        "honour": recognition.title,
        "kind": recognition.kind.name_th,
        "citation": recognition.citation,
        "awarding_body": recognition.awarding_body,
        "legal_basis": recognition.legal_basis,
        "awarded_on": recognition.awarded_on,
        "signatory_name": recognition.signatory_name,
        "signatory_position": recognition.signatory_position,
        "signature_url": signature_url,
        "serial": f"R-{buddhist_year(recognition.awarded_on)}-{recognition.id:06d}",
        "code": recognition.code,
        "verify_url": url,
        "qr_svg": qr_svg(url),
    }


def render_recognition(data: dict) -> bytes:
    return html_to_pdf(render_html("recognition.html", data))


def pdf_bytes(recognition: Recognition) -> bytes:
    return storage().load(recognition.pdf_key)


def can_download(user: User, recognition: Recognition) -> bool:
    return bool(
        recognition.pdf_key
        and user.is_authenticated
        and (user.is_admin or (user.id == recognition.user_id and recognition.status != NOMINATED
                               and recognition.status != DECLINED))
    )  # fmt: skip


# ---------------------------------------------------------------- finding and showing


def find_by_code(text: str) -> Recognition | None:
    code = services.normalize_code(text)
    if code is None:
        return None
    return db.session.scalar(select(Recognition).where(Recognition.code == code))


def find_by_pdf(data: bytes) -> Recognition | None:
    digest = hashlib.sha256(data).hexdigest()
    return db.session.scalar(select(Recognition).where(Recognition.pdf_sha256 == digest))


def of_member(user: User, *, include_revoked: bool = False) -> list[Recognition]:
    """A member's approved recognitions (what the member and their record show)."""
    statuses = (APPROVED, REVOKED) if include_revoked else (APPROVED,)
    return list(
        db.session.scalars(
            select(Recognition)
            .where(Recognition.user_id == user.id, Recognition.status.in_(statuses))
            .order_by(Recognition.awarded_on.desc(), Recognition.id.desc())
        )
    )


def all_of(user: User) -> list[Recognition]:
    return list(db.session.scalars(select(Recognition).where(Recognition.user_id == user.id)))


def awaiting_decision() -> list[Recognition]:
    return list(
        db.session.scalars(
            select(Recognition)
            .where(Recognition.status == NOMINATED)
            .order_by(Recognition.nominated_at)
        )
    )


def recent_decided(limit: int = 100) -> list[Recognition]:
    return list(
        db.session.scalars(
            select(Recognition)
            .where(Recognition.status != NOMINATED)
            .order_by(Recognition.decided_at.desc())
            .limit(limit)
        )
    )


def nominated_by(actor: User) -> list[Recognition]:
    return list(
        db.session.scalars(
            select(Recognition)
            .where(Recognition.nominated_by_id == actor.id)
            .order_by(Recognition.nominated_at.desc())
        )
    )


def public_record(recognition: Recognition) -> dict:
    """What anyone may know about a recognition with a เกียรติบัตร; never the internal notes.

    After the holder's erasure the honour's words and awarding body are gone too (see
    credentials.pdpa.erase_recognitions): null, like the name."""
    erased = recognition.user.erased_at is not None
    return {
        "type": "recognition",
        "status": "valid" if recognition.status == APPROVED else recognition.status,
        "holder_name": None if erased else recognition.holder_name,
        "holder_erased": erased,
        "title": None if erased else recognition.title,
        "kind": recognition.kind.name_th,
        "kind_key": recognition.kind.key,
        "legal_basis": recognition.legal_basis,
        "awarded_on": recognition.awarded_on.isoformat(),
        "awarding_body": None if erased else recognition.awarding_body,
        "issued_on": to_bangkok(recognition.decided_at).date().isoformat(),
        "revoked_on": to_bangkok(recognition.revoked_at).date().isoformat()
        if recognition.revoked_at
        else None,
        "revocation_category": recognition.revocation_category,
        "sha256": recognition.pdf_sha256,
    }


def transcript_rows(user: User) -> list[dict]:
    """Approved recognitions as a transcript prints them (plain data, JSON-ready)."""
    return [
        {
            "title": r.title,
            "kind": r.kind.name_th,
            "awarded_on": r.awarded_on.isoformat(),
            "awarding_body": r.awarding_body,
        }
        for r in of_member(user)
    ]
