"""Certificates (immutable once issued; revoked, never deleted), serial counters,
recognitions (เชิดชูเกียรติ) with their evidence,
signatories and background jobs."""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.accounts.models import User, utcnow
from learnhub.catalog.models import Course, CourseVersion
from learnhub.extensions import db

VALID, REVOKED = "valid", "revoked"
# How a certificate was earned: through the course online, or at training staff ran on site.
COMPLETED_ONLINE, ON_SITE_TRAINING = "completed_online", "on_site_training"
BASES = (COMPLETED_ONLINE, ON_SITE_TRAINING)
# Why a certificate was revoked, as the public sees it: a category from this list only.
# The staff's own words stay in revocation_reason, which is never published (they may
# name people or damage the holder).
REPLACED, OTHER = "replaced", "other"
REVOCATION_CATEGORIES = {
    "issued_in_error": _l("Issued in error"),
    REPLACED: _l("Replaced by a corrected certificate"),
    "obtained_dishonestly": _l("Obtained dishonestly"),
    "holder_request": _l("At the holder's request"),
    OTHER: _l("Other reason"),
}


def _revocation_category_known() -> CheckConstraint:
    """A revoked credential's public category is one of REVOCATION_CATEGORIES (certificates
    and recognitions alike)."""
    return CheckConstraint(
        "revocation_category IS NULL OR revocation_category IN ("
        + ", ".join(f"'{key}'" for key in REVOCATION_CATEGORIES)
        + ")",
        name="revocation_category_known",
    )


class Signatory(db.Model):
    """The person whose name, position and signature a certificate carries."""

    __tablename__ = "signatories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    position: Mapped[str] = mapped_column(String(300), nullable=False)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    signature_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)

    def __repr__(self) -> str:
        return f"<Signatory {self.name}>"


class SerialCounter(db.Model):
    """The last serial number used in a Buddhist year (LH-2569-000123)."""

    __tablename__ = "serial_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_number: Mapped[int] = mapped_column(nullable=False, default=0)

    def __repr__(self) -> str:
        return f"<SerialCounter {self.year}: {self.last_number}>"


class Certificate(db.Model):
    """What was certified, as it stood at issue; the PDF's SHA-256 proves the file."""

    __tablename__ = "certificates"
    __table_args__ = (
        # One valid certificate per learner and course version, even under concurrency.
        Index(
            "uq_certificates_one_valid",
            "user_id",
            "version_id",
            unique=True,
            sqlite_where=text("status = 'valid'"),
            postgresql_where=text("status = 'valid'"),
        ),
        Index("ix_certificates_user", "user_id"),
        CheckConstraint("basis IN ('completed_online', 'on_site_training')", name="basis_known"),
        # Issued by hand means on-site training with its date: never a certificate without
        # a record of how it was earned.
        CheckConstraint(
            "basis = 'completed_online' OR training_date IS NOT NULL", name="on_site_dated"
        ),
        _revocation_category_known(),
        CheckConstraint(
            "status = 'valid' OR revocation_category IS NOT NULL", name="revoked_categorised"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(String(30), unique=True, nullable=False)
    code: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=False
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="RESTRICT"), nullable=False
    )
    enrolment_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrolments.id", ondelete="SET NULL"), nullable=True
    )
    holder_name: Mapped[str] = mapped_column(String(300), nullable=False)
    course_title: Mapped[str] = mapped_column(String(300), nullable=False)
    version_label: Mapped[str] = mapped_column(String(40), nullable=False)
    study_hours: Mapped[float] = mapped_column(nullable=False)
    score: Mapped[float | None] = mapped_column(nullable=True)
    completed_on: Mapped[dt.date] = mapped_column(nullable=False)
    issued_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    issue_reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # a manual issue's reason
    basis: Mapped[str] = mapped_column(
        String(20), nullable=False, default=COMPLETED_ONLINE, server_default=COMPLETED_ONLINE
    )
    training_date: Mapped[dt.date | None] = mapped_column(nullable=True)
    training_place: Mapped[str | None] = mapped_column(String(300), nullable=True)
    issuer: Mapped[str] = mapped_column(String(300), nullable=False)
    signatory_name: Mapped[str] = mapped_column(String(200), nullable=False)
    signatory_position: Mapped[str] = mapped_column(String(300), nullable=False)
    template: Mapped[str] = mapped_column(String(80), nullable=False)
    pdf_key: Mapped[str] = mapped_column(String(200), nullable=False)
    pdf_sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    pdf_size: Mapped[int] = mapped_column(nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=VALID)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    revocation_reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # internal
    revocation_category: Mapped[str | None] = mapped_column(String(30), nullable=True)
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("certificates.id", ondelete="RESTRICT"), nullable=True
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    course: Mapped[Course] = relationship()
    version: Mapped[CourseVersion] = relationship()
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    replaces: Mapped[Certificate | None] = relationship(remote_side=[id])

    def __repr__(self) -> str:
        return f"<Certificate {self.serial} {self.status}>"


class BulkJob(db.Model):
    """A background job over many learners, with the progress its starter sees."""

    __tablename__ = "bulk_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), nullable=False)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    params: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="queued")
    total: Mapped[int] = mapped_column(nullable=False, default=0)
    done: Mapped[int] = mapped_column(nullable=False, default=0)
    failures: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    finished_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    def __repr__(self) -> str:
        return f"<BulkJob {self.id} {self.kind} {self.status} {self.done}/{self.total}>"


class Transcript(db.Model):
    """A transcript PDF as issued: rendered once, hashed, verifiable by its own code.

    A transcript changes whenever its holder completes another course, so each issue is
    its own record; downloading again while nothing changed gives back the same file.
    """

    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    issued_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    holder_name: Mapped[str] = mapped_column(String(300), nullable=False)
    position: Mapped[str | None] = mapped_column(String(300), nullable=True)
    agency: Mapped[str | None] = mapped_column(String(500), nullable=True)
    total_hours: Mapped[float] = mapped_column(nullable=False)
    # The rows as printed (course, hours, dates, best score, certificate serials).
    rows: Mapped[list] = mapped_column(JSON, nullable=False)
    content_sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    pdf_key: Mapped[str] = mapped_column(String(200), nullable=False)
    pdf_sha256: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    pdf_size: Mapped[int] = mapped_column(nullable=False)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Transcript {self.code} of user {self.user_id}>"


# A recognition (เชิดชูเกียรติ) is nominated by a coordinator and decided by an admin;
# an approved one can later be revoked, and the record always stays.
NOMINATED, APPROVED, DECLINED = "nominated", "approved", "declined"
RECOGNITION_STATUSES = (NOMINATED, APPROVED, DECLINED, REVOKED)


class RecognitionKind(db.Model):
    """A kind of honour, with the legal basis it rests on; admins may add more."""

    __tablename__ = "recognition_kinds"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40), unique=True, nullable=False)
    name_th: Mapped[str] = mapped_column(String(300), nullable=False)
    name_en: Mapped[str] = mapped_column(String(300), nullable=False)
    legal_basis: Mapped[str] = mapped_column(Text, nullable=False, default="")
    carries_certificate: Mapped[bool] = mapped_column(nullable=False, default=True)
    position: Mapped[int] = mapped_column(nullable=False, default=0)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)

    def __repr__(self) -> str:
        return f"<RecognitionKind {self.key}>"


class Recognition(db.Model):
    """An honour for a member: nominated, then approved or declined; revocable, never deleted.

    The nominee and the public see what an approved recognition says (title, citation,
    date, awarding body, legal basis); the decision and revocation notes stay internal.
    """

    __tablename__ = "recognitions"
    __table_args__ = (
        # One live recognition per member, kind and date, even under concurrency: a declined
        # nomination or a revoked recognition does not stop a new nomination.
        Index(
            "uq_recognitions_live_member_kind_date",
            "user_id",
            "kind_id",
            "awarded_on",
            unique=True,
            sqlite_where=text("status IN ('nominated', 'approved')"),
            postgresql_where=text("status IN ('nominated', 'approved')"),
        ),
        CheckConstraint(
            "status IN ('nominated', 'approved', 'declined', 'revoked')", name="status_known"
        ),
        CheckConstraint("status = 'nominated' OR decided_at IS NOT NULL", name="decided_dated"),
        CheckConstraint("status <> 'revoked' OR revoked_at IS NOT NULL", name="revoked_dated"),
        _revocation_category_known(),
        CheckConstraint(
            "status <> 'revoked' OR revocation_category IS NOT NULL", name="revoked_categorised"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    kind_id: Mapped[int] = mapped_column(
        ForeignKey("recognition_kinds.id", ondelete="RESTRICT"), nullable=False
    )
    holder_name: Mapped[str] = mapped_column(String(300), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    citation: Mapped[str] = mapped_column(Text, nullable=False)
    awarded_on: Mapped[dt.date] = mapped_column(nullable=False)
    awarding_body: Mapped[str] = mapped_column(String(300), nullable=False)
    legal_basis: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=NOMINATED)
    nominated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    nominated_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    decided_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    decision_reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # internal
    revoked_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    revoked_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    revocation_reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # internal
    # What the public is told, as for certificates: a category, never the staff's words.
    revocation_category: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # The เกียรติบัตร, for a kind that carries one: rendered once at approval.
    code: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)
    signatory_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    signatory_position: Mapped[str | None] = mapped_column(String(300), nullable=True)
    pdf_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    pdf_size: Mapped[int | None] = mapped_column(nullable=True)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    kind: Mapped[RecognitionKind] = relationship()
    nominated_by: Mapped[User | None] = relationship(foreign_keys=[nominated_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    evidence: Mapped[list[RecognitionEvidence]] = relationship(
        back_populates="recognition", order_by="RecognitionEvidence.id"
    )

    @property
    def heading(self) -> str:
        """The honour's words, or its kind once they were erased with the holder's data."""
        return self.title or self.kind.name_th

    def __repr__(self) -> str:
        return f"<Recognition {self.id} {self.kind_id} of user {self.user_id} {self.status}>"


class RecognitionEvidence(db.Model):
    """A file supporting a nomination (an order, a letter, a photo), kept in the storage."""

    __tablename__ = "recognition_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    recognition_id: Mapped[int] = mapped_column(
        ForeignKey("recognitions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    content_type: Mapped[str] = mapped_column(String(40), nullable=False)
    size: Mapped[int] = mapped_column(nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    storage_key: Mapped[str] = mapped_column(String(200), nullable=False)
    uploaded_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)

    recognition: Mapped[Recognition] = relationship(back_populates="evidence")

    def __repr__(self) -> str:
        return f"<RecognitionEvidence {self.filename} of recognition {self.recognition_id}>"


# What a public profile may show; the member picks, and the consent records the pick.
PUBLIC_PARTS = ("recognitions", "courses", "certificates")


class PublicProfile(db.Model):
    """A member's consent to a public profile page: who, when, what it shows, its link.

    One row per period of consent. Withdrawing dates the row and the link stops working;
    consenting again makes a new row with a new token, so a link once shared stays dead.
    The rows are the record of consent, like accounts' ``consents``.
    """

    __tablename__ = "public_profiles"
    __table_args__ = (
        # At most one live public profile per member, even under concurrency.
        Index(
            "uq_public_profiles_one_live",
            "user_id",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    # secrets.token_urlsafe(24): 192 random bits, never derived from the member.
    token: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    shows: Mapped[list] = mapped_column(JSON, nullable=False)  # a subset of PUBLIC_PARTS
    consented_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        state = "live" if self.withdrawn_at is None else "withdrawn"
        return f"<PublicProfile user={self.user_id} {state} {self.shows}>"


class StoredFile(db.Model):
    """A file of the database storage (LEARNHUB_STORAGE=database): every host reads the same.

    Written once, like a file of the local storage; its SHA-256 and size are kept beside
    the bytes so that a move between storages can check each file without trusting it.
    """

    __tablename__ = "stored_files"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    size: Mapped[int] = mapped_column(nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)

    def __repr__(self) -> str:
        return f"<StoredFile {self.key} {self.size} bytes>"
