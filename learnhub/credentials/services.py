"""Issue, render, store, verify, revoke and re-issue certificates; transcripts.

A certificate copies what it certifies at the moment of issue (the holder's
name with title, the course title and version, hours, score, date, issuer and
signatory), is rendered to PDF once, stored, and identified forever by the
PDF's SHA-256. It is never edited or deleted: revocation is a status with a
reason and a date, and a correction is a new certificate that replaces it.

Every certificate says how it was earned (its basis): through the course online,
or at on-site training that staff record with its date and place when they
issue it by hand. The PDF, the verify page and the API all say which.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from flask import current_app
from pypdf import PdfReader, apply_configuration
from pypdf.errors import PyPdfError
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from learnhub.accounts.models import Role, User, utcnow
from learnhub.accounts.services import record_audit
from learnhub.assessment import services as assessment
from learnhub.assessment.models import POSTTEST
from learnhub.catalog.models import Course, CourseVersion, Enrolment
from learnhub.credentials.models import (
    COMPLETED_ONLINE,
    ON_SITE_TRAINING,
    OTHER,
    REPLACED,
    REVOCATION_CATEGORIES,
    REVOKED,
    VALID,
    Certificate,
    SerialCounter,
    Signatory,
)
from learnhub.credentials.render import qr_svg, render_certificate
from learnhub.credentials.storage import storage
from learnhub.extensions import db
from learnhub.thai import buddhist_year, to_bangkok

# Crockford's base32: no I, L, O or U, so a code read aloud or typed is unambiguous.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 × 5 = 80 bits of randomness
MAX_UPLOAD = 5 * 1024 * 1024
# An uploaded PDF is untrusted. pypdf never fetches anything (it has no network or file
# access of its own), and these limits keep a crafted file (a "zip bomb" stream, a page
# tree of millions of entries) from taking the server's memory: a LearnHub certificate
# is under 200 KB and decompresses to a few MB. No external JBIG2 decoder is ever run.
_PDF_OUTPUT = 20_000_000
PDF_LIMITS = {
    "maximum_declared_stream_length": _PDF_OUTPUT,
    "array_based_stream_maximum_output_length": _PDF_OUTPUT,
    "lzw_maximum_output_length": _PDF_OUTPUT,
    "run_length_maximum_output_length": _PDF_OUTPUT,
    "zlib_maximum_output_length": _PDF_OUTPUT,
    "brotli_maximum_output_length": _PDF_OUTPUT,
    "jbig2_maximum_output_length": _PDF_OUTPUT,
    "image_maximum_buffer_size": _PDF_OUTPUT,
    "stream_decoding_work_maximum_length": 4 * _PDF_OUTPUT,
    "page_tree_maximum_entries": 1_000,
    "page_tree_maximum_page_entries": 10_000,
    "xform_maximum_invocations_per_extraction": 500,
    "jbig2dec_binary": None,
}
_PDF_ERRORS = (
    PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError,
    MemoryError, IndexError, ZeroDivisionError, AssertionError,
)  # fmt: skip


def is_readable_pdf(data: bytes) -> bool:
    """Whether an upload is a PDF by its content: the magic bytes, then a parse within limits."""
    if not data.startswith(b"%PDF-"):
        return False
    try:
        with apply_configuration(**PDF_LIMITS):
            return len(PdfReader(io.BytesIO(data)).pages) > 0
    except _PDF_ERRORS:
        return False


# A code as printed on a certificate, found in the text or metadata of an uploaded file.
_PRINTED_CODE = re.compile(r"\b([0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3})\b")
# A serial number (LH-2569-000123), which people type where the code belongs.
_SERIAL = re.compile(r"^\s*LH\s*-?\s*\d{4}\s*-?\s*\d{1,6}\s*$", re.IGNORECASE)


class CertificateRefused(Exception):
    """The action is not possible; ``reason`` is a short key the view explains."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def new_code() -> str:
    number = secrets.randbits(5 * CODE_LENGTH)
    chars = [CODE_ALPHABET[(number >> (5 * i)) & 31] for i in range(CODE_LENGTH)]
    return "-".join("".join(chars[i : i + 4]) for i in range(0, CODE_LENGTH, 4))


def looks_like_serial(text: str) -> bool:
    """A serial number typed where the verification code belongs (never looked up)."""
    return bool(_SERIAL.match(text or ""))


def normalize_code(text: str) -> str | None:
    """A code as printed (XXXX-XXXX-XXXX-XXXX), forgiving case, spaces and look-alikes."""
    cleaned = (text or "").upper().replace("-", "").replace(" ", "")
    cleaned = cleaned.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))
    if len(cleaned) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in cleaned):
        return None
    return "-".join(cleaned[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def _next_serial(year: int) -> str:
    """The next serial of a Buddhist year; the row lock makes concurrent issues wait in turn."""
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    db.session.execute(
        insert(SerialCounter).values(year=year, last_number=0).on_conflict_do_nothing()
    )
    number = db.session.execute(
        update(SerialCounter)
        .where(SerialCounter.year == year)
        .values(last_number=SerialCounter.last_number + 1)
        .returning(SerialCounter.last_number)
    ).scalar_one()
    return f"LH-{year}-{number:06d}"


def current_signatory() -> tuple[str, str, str]:
    """(name, position, signature URL for the renderer) of the active signatory."""
    signatory = db.session.scalar(
        select(Signatory).where(Signatory.active.is_(True)).order_by(Signatory.id.desc()).limit(1)
    )
    if signatory is None:
        return "ผู้อำนวยการโครงการ LearnHub", "ผู้อำนวยการ", "static:img/signature-demo.svg"
    url = "static:img/signature-demo.svg"
    if signatory.signature and signatory.signature_type:
        encoded = base64.b64encode(signatory.signature).decode()
        url = f"data:{signatory.signature_type};base64,{encoded}"
    return signatory.name, signatory.position, url


def verify_url(code: str) -> str:
    return f"{current_app.config['PUBLIC_URL']}/verify/{code}"


def certificate_data(certificate: Certificate, signature_url: str) -> dict:
    """The plain data a certificate template renders: no database object reaches it."""
    url = verify_url(certificate.code)
    hours = certificate.study_hours
    return {
        "title": "วุฒิบัตร",
        "basis": certificate.basis,
        "training_date": certificate.training_date,
        "training_place": certificate.training_place,
        "issuer": certificate.issuer,
        "holder_name": certificate.holder_name,
        "course_title": certificate.course_title,
        "version": certificate.version_label,
        "hours": int(hours) if float(hours).is_integer() else hours,
        "score": None if certificate.score is None else round(certificate.score),
        "completed_on": certificate.completed_on,
        "signatory_name": certificate.signatory_name,
        "signatory_position": certificate.signatory_position,
        "signature_url": signature_url,
        "serial": certificate.serial,
        "code": certificate.code,
        "verify_url": url,
        "qr_svg": qr_svg(url),
    }


def valid_certificate(user: User, version: CourseVersion) -> Certificate | None:
    return db.session.scalar(
        select(Certificate).where(
            Certificate.user_id == user.id,
            Certificate.version_id == version.id,
            Certificate.status == VALID,
        )
    )


def posttest_score(enrolment: Enrolment | None) -> float | None:
    if enrolment is None:
        return None
    quiz = assessment.find_quiz(enrolment.version, POSTTEST)
    if quiz is None:
        return None
    overall, _ = assessment.quiz_result(quiz, assessment.attempts_of(enrolment.user, quiz))
    return overall


def issue(
    user: User,
    version: CourseVersion,
    *,
    enrolment: Enrolment | None = None,
    issued_by: User | None = None,
    reason: str | None = None,
    replaces: Certificate | None = None,
    score: float | None = None,
    completed_on: dt.date | None = None,
    basis: str = COMPLETED_ONLINE,
    training_date: dt.date | None = None,
    training_place: str | None = None,
) -> Certificate:
    """Issue (render, store, record) a certificate, or return the valid one that exists.

    Exactly one valid certificate per learner and course version: a concurrent
    second request loses on the partial unique index and gets the first one.
    """
    if basis == ON_SITE_TRAINING and training_date is None:
        raise CertificateRefused("training_date")
    if score is None and basis == COMPLETED_ONLINE:
        score = posttest_score(enrolment)
    existing = valid_certificate(user, version)
    if existing is not None:
        return existing
    if completed_on is None:
        moment = enrolment.completed_at if enrolment and enrolment.completed_at else utcnow()
        completed_on = to_bangkok(moment).date()
    name, position, signature_url = current_signatory()
    serial = _next_serial(buddhist_year(to_bangkok(utcnow()).date()))
    certificate = Certificate(
        serial=serial,
        code=new_code(),
        user_id=user.id,
        course_id=version.course_id,
        version_id=version.id,
        enrolment_id=enrolment.id if enrolment else None,
        holder_name=user.name,
        course_title=version.title_th,
        version_label=version.version_label,
        study_hours=version.study_hours,
        score=score,
        completed_on=completed_on,
        issued_by_id=issued_by.id if issued_by else None,
        issue_reason=reason,
        basis=basis,
        training_date=training_date,
        training_place=training_place,
        issuer=current_app.config["ISSUER_NAME"],
        signatory_name=name,
        signatory_position=position,
        template=version.certificate_template,
        replaces_id=replaces.id if replaces else None,
        status=VALID,
    )
    try:
        pdf = render_certificate(certificate.template, certificate_data(certificate, signature_url))
    except Exception:
        db.session.rollback()
        raise
    # The random code in the name keeps a file left by a crashed attempt from blocking a serial.
    key = f"{serial.split('-')[1]}/{serial}-{certificate.code}.pdf"
    store = storage()
    store.save(key, pdf)
    certificate.pdf_key = key
    certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.pdf_size = len(pdf)
    db.session.add(certificate)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        store.delete(key)
        existing = valid_certificate(user, version)
        if existing is None:
            raise
        return existing
    return certificate


def issue_on_completion(enrolment: Enrolment) -> None:
    """The catalog's completion listener: a certificate at once, without failing the learner."""
    try:
        issue(enrolment.user, enrolment.version, enrolment=enrolment)
    except Exception:  # a broken template must not turn a passed post-test into a 500
        db.session.rollback()
        current_app.logger.exception(
            "certificate for enrolment %s could not be issued; an admin can issue it later",
            enrolment.id,
        )


def issuable_courses() -> list[Course]:
    """Courses staff may issue by hand: listed ones (never a test or showcase course)."""
    courses = db.session.scalars(
        select(Course)
        .join(CourseVersion, Course.current_version_id == CourseVersion.id)
        .where(CourseVersion.listed.is_(True))
        .order_by(Course.slug)
    )
    return list(courses)


# Who a coordinator may serve: the coordination domain registers its checks, since
# credentials never imports it. ``coordinator_scope``: the person is in one of the
# coordinator's cohorts or networks (revoking, recognitions); ``cohort_scope``: in one of
# their cohorts (issuing a certificate by hand, which records training they ran).
coordinator_scope: list[Callable[[User, int], bool]] = []
cohort_scope: list[Callable[[User, int], bool]] = []


def coordinator_serves(actor: User, person_id: int, *, cohorts_only: bool = False) -> bool:
    """Whether a coordinator may act for this person (anyone else: always; with no check
    registered: always)."""
    checks = cohort_scope if cohorts_only else coordinator_scope
    if actor.role != Role.COORDINATOR or not checks:
        return True
    return any(check(actor, person_id) for check in checks)


def hand_issue_refusal(actor: User | None, person_id: int, *, scoped: bool = False) -> str | None:
    """Why ``actor`` may not issue a certificate by hand to this person, or None.

    Staff only, never to themselves, and a coordinator only to members of their own
    cohorts (an approved network member outside them is not theirs to certify).
    The one rule for every hand issue: one at a time, or a cohort's (``scoped``: the
    caller has already limited the people to the coordinator's own). ``actor`` None is
    the command line.
    """
    if actor is None:
        return None
    if not actor.has_role(Role.ADMIN, Role.COORDINATOR):
        return "forbidden"
    if actor.id == person_id:
        return "self"
    if not scoped and not coordinator_serves(actor, person_id, cohorts_only=True):
        return "outside_scope"
    return None


def issue_manually(
    actor: User | None,
    user: User,
    course: Course,
    reason: str,
    training_date: dt.date | None,
    training_place: str,
) -> Certificate:
    """On-site training: staff issue a certificate by hand, recording the training.

    The person's enrolment records the date and place of the training (an on-site
    enrolment is created when they never enrolled online), so no certificate stands
    without a record of how it was earned. ``actor`` None is the command line.
    """
    refusal = hand_issue_refusal(actor, user.id)
    if refusal is not None:
        raise CertificateRefused(refusal)
    version = course.current_version
    if version is None or not version.listed:
        raise CertificateRefused("unlisted")
    if not (reason or "").strip():
        raise CertificateRefused("reason")
    if training_date is None or training_date > to_bangkok(utcnow()).date():
        raise CertificateRefused("training_date")
    if not (training_place or "").strip():
        raise CertificateRefused("training_place")
    enrolment = db.session.scalar(
        select(Enrolment)
        .where(Enrolment.user_id == user.id, Enrolment.course_id == course.id)
        .order_by(Enrolment.enrolled_at.desc(), Enrolment.id.desc())
        .limit(1)
    )
    if enrolment is None:
        enrolment = Enrolment(user=user, course=course, version=version, source="on_site")
        db.session.add(enrolment)
    if valid_certificate(user, enrolment.version) is not None:
        db.session.rollback()
        raise CertificateRefused("exists")
    enrolment.training_date = training_date
    enrolment.training_place = training_place.strip()
    db.session.flush()
    return issue(
        user, enrolment.version, enrolment=enrolment, issued_by=actor, reason=reason.strip(),
        completed_on=training_date, basis=ON_SITE_TRAINING, training_date=training_date,
        training_place=training_place.strip(),
    )  # fmt: skip


def can_revoke(actor: User, certificate: Certificate) -> bool:
    if actor.is_admin:
        return True
    if actor.role != Role.COORDINATOR:
        return False
    return certificate.issued_by_id == actor.id or (
        bool(coordinator_scope) and coordinator_serves(actor, certificate.user_id)
    )


def revoke(
    certificate: Certificate,
    actor: User | None,
    reason: str,
    category: str = OTHER,
    *,
    audit_scope: dict | None = None,
) -> Certificate:
    """Revoke with a category, a reason and a date; the record stays, and verification says so.

    The public sees the category only; the reason is for staff. ``audit_scope`` names the
    network and cohort the audit entry is about (``coordination.audit.scope_of``).
    """
    if not (reason or "").strip():
        raise CertificateRefused("reason")
    if category not in REVOCATION_CATEGORIES:
        raise CertificateRefused("category")
    if certificate.status == REVOKED:
        raise CertificateRefused("revoked")
    certificate.status = REVOKED
    certificate.revoked_at = utcnow()
    certificate.revocation_reason = reason.strip()
    certificate.revocation_category = category
    certificate.revoked_by_id = actor.id if actor else None
    # The audit log shows the category; the staff's own words stay on the certificate.
    detail = f"{certificate.serial} {category}"
    record_audit(actor, "certificate.revoked", certificate.user, detail, commit=False,
                 **(audit_scope or {}))  # fmt: skip
    db.session.commit()
    return certificate


def reissue(certificate: Certificate, actor: User, reason: str) -> Certificate:
    """Revoke (if still valid) and issue a new certificate that points to the old one."""
    if certificate.user.erased_at is not None:
        raise CertificateRefused("erased")
    if certificate.status == VALID:
        revoke(certificate, actor, reason, REPLACED)
    return issue(
        certificate.user,
        certificate.version,
        enrolment=db.session.get(Enrolment, certificate.enrolment_id)
        if certificate.enrolment_id
        else None,
        issued_by=actor,
        reason=reason,
        replaces=certificate,
        score=certificate.score,
        completed_on=certificate.completed_on,
        basis=certificate.basis,
        training_date=certificate.training_date,
        training_place=certificate.training_place,
    )


def find_by_code(text: str) -> Certificate | None:
    code = normalize_code(text)
    if code is None:
        return None
    # The public record names the holder (erased or not) and the course: one query for all.
    return db.session.scalar(
        select(Certificate)
        .where(Certificate.code == code)
        .options(joinedload(Certificate.user), joinedload(Certificate.course))
    )


def find_by_pdf(data: bytes) -> Certificate | None:
    """The certificate whose stored PDF is byte for byte this file, if any."""
    digest = hashlib.sha256(data).hexdigest()
    return db.session.scalar(select(Certificate).where(Certificate.pdf_sha256 == digest))


def claimed_code(data: bytes) -> str | None:
    """The verification code a PDF file carries in its metadata or its text, if any.

    An altered certificate still names the certificate it pretends to be; saying
    which lets a verifier compare it with the genuine record. The file is untrusted:
    any parsing error just means no code was found.
    """
    try:
        with apply_configuration(**PDF_LIMITS):
            reader = PdfReader(io.BytesIO(data))
            texts = [str(value) for value in (reader.metadata or {}).values()]
            texts += [page.extract_text() or "" for page in reader.pages[:2]]
    except _PDF_ERRORS:
        return None
    for text in texts:
        found = _PRINTED_CODE.search(text.upper())
        if found and normalize_code(found.group(1)):
            return found.group(1)
    return None


def pdf_bytes(certificate: Certificate) -> bytes:
    return storage().load(certificate.pdf_key)


def can_download(user: User, certificate: Certificate) -> bool:
    return user.is_authenticated and (user.id == certificate.user_id or user.is_admin)


def public_record(certificate: Certificate) -> dict:
    """What anyone may know about a certificate: never the national ID or e-mail."""
    return {
        "status": certificate.status,
        "serial": certificate.serial,
        # Erased on the holder's request: the record stays verifiable without a name.
        "holder_name": None if certificate.user.erased_at else certificate.holder_name,
        "holder_erased": certificate.user.erased_at is not None,
        "course_title": certificate.course_title,
        "course_slug": certificate.course.slug,
        "issued_on": to_bangkok(certificate.issued_at).date().isoformat(),
        "completed_on": certificate.completed_on.isoformat(),
        "issuer": certificate.issuer,
        "revoked_on": to_bangkok(certificate.revoked_at).date().isoformat()
        if certificate.revoked_at
        else None,
        "revocation_category": certificate.revocation_category,
        "sha256": certificate.pdf_sha256,
        "basis": certificate.basis,
        "training_date": certificate.training_date.isoformat()
        if certificate.training_date
        else None,
    }


def certificates_of(user: User) -> list[Certificate]:
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.user_id == user.id)
            .order_by(Certificate.issued_at.desc(), Certificate.id.desc())
        )
    )


@dataclass(frozen=True)
class TranscriptRow:
    course_title: str
    version: str
    hours: float
    enrolled_at: dt.datetime
    completed_at: dt.datetime | None
    best_score: float | None
    certificates: list[Certificate]


def transcript(user: User) -> list[TranscriptRow]:
    """Every course the learner enrolled in, with best post-test score and certificates."""
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.user_id == user.id).order_by(Enrolment.enrolled_at)
    )
    certificates = certificates_of(user)
    rows = []
    for enrolment in enrolments:
        quiz = assessment.find_quiz(enrolment.version, POSTTEST)
        best = None
        if quiz is not None:
            scores = [
                a.score
                for a in assessment.attempts_of(user, quiz)
                if a.score is not None and a.enrolment_id == enrolment.id
            ]
            best = max(scores) if scores else None
        rows.append(
            TranscriptRow(
                course_title=enrolment.version.title_th,
                version=enrolment.version.version_label,
                hours=enrolment.version.study_hours,
                enrolled_at=enrolment.enrolled_at,
                completed_at=enrolment.completed_at,
                best_score=best,
                certificates=[c for c in certificates if c.version_id == enrolment.version_id],
            )
        )
    return rows
