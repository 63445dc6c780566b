"""Users and roles, the member profile of the network application form, consents, audit log."""

from __future__ import annotations

import datetime as dt
import secrets
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.extensions import db
from learnhub.thai import full_name


def utcnow() -> dt.datetime:
    """Naive UTC now: every stored time is UTC, shown in Asia/Bangkok."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Role(StrEnum):
    LEARNER = "learner"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.LEARNER: _l("Learner"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}

# The choices of the membership application form (seed 000), keyed in English.
EDUCATION_LABELS = {
    "below_bachelor": _l("Below bachelor's degree"),
    "bachelor": _l("Bachelor's degree"),
    "master": _l("Master's degree"),
    "doctorate": _l("Doctoral degree"),
}
SECTOR_LABELS = {
    "central": _l("Central administration"),
    "regional": _l("Provincial administration"),
    "local": _l("Local government"),
}
LOCAL_BODY_LABELS = {
    "pao": _l("Provincial Administrative Organisation (PAO)"),
    "municipality": _l("Municipality"),
    "sao": _l("Subdistrict Administrative Organisation (SAO)"),
    "bma": _l("Bangkok Metropolitan Administration"),
    "pattaya": _l("Pattaya City"),
}
MEMBER_TYPE_LABELS = {
    "civil_servant": _l("Civil servant or state official"),
    "community_leader": _l("Community leader or volunteer"),
    "citizen": _l("Citizen"),
}


# A member without e-mail (a volunteer, a community leader) gets a placeholder address on
# this domain: ``.invalid`` can never be delivered (RFC 2606), users.email stays unique and
# required, and ``User.has_email`` tells the two apart. Such members log in with their
# mobile number or national ID.
NO_EMAIL_DOMAIN = "learnhub.invalid"


def placeholder_email() -> str:
    return f"no-email+{secrets.token_hex(8)}@{NO_EMAIL_DOMAIN}"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('learner', 'coordinator', 'admin')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(20), nullable=False, default=Role.LEARNER)
    locale: Mapped[str | None] = mapped_column(String(5), nullable=True)
    active: Mapped[bool] = mapped_column(nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    # Part of the id kept in the session cookie: raising it ends every session of the
    # account at once (log-out, new password, role change, deactivation, "log out everywhere").
    session_version: Mapped[int] = mapped_column(nullable=False, default=0, server_default="0")
    # Set when the member's personal data was erased on their request (PDPA section 33).
    erased_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    profile: Mapped[MemberProfile | None] = relationship(
        back_populates="user", uselist=False, cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the id and the session version."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    @property
    def has_email(self) -> bool:
        """False for a member who has no e-mail and holds a placeholder address."""
        return not self.email.endswith("@" + NO_EMAIL_DOMAIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def name(self) -> str:
        """The name with title as the profile gives it, or the display name."""
        if self.erased_at is not None:
            return str(_l("Member #%(id)d (data erased on request)", id=self.id))
        return self.profile.full_name_th if self.profile else self.display_name


class MemberProfile(db.Model):
    """The member profile, field for field the network's membership application form."""

    __tablename__ = "member_profiles"
    __table_args__ = (
        CheckConstraint(
            "education IN ('below_bachelor', 'bachelor', 'master', 'doctorate')",
            name="education_known",
        ),
        CheckConstraint(
            "member_type IN ('civil_servant', 'community_leader', 'citizen')",
            name="member_type_known",
        ),
        CheckConstraint(
            "sector IS NULL OR sector IN ('central', 'regional', 'local')", name="sector_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    title: Mapped[str] = mapped_column(String(20), nullable=False)
    title_other: Mapped[str | None] = mapped_column(String(60), nullable=True)
    first_name_th: Mapped[str] = mapped_column(String(100), nullable=False)
    last_name_th: Mapped[str] = mapped_column(String(100), nullable=False)
    first_name_en: Mapped[str | None] = mapped_column(String(100), nullable=True)
    last_name_en: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # Encrypted with Fernet; looked up and de-duplicated by a keyed hash only.
    national_id_encrypted: Mapped[str] = mapped_column(Text, nullable=False)
    national_id_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    birth_date: Mapped[dt.date] = mapped_column(nullable=False)
    education: Mapped[str] = mapped_column(String(20), nullable=False)
    position: Mapped[str | None] = mapped_column(String(200), nullable=True)
    position_level: Mapped[str | None] = mapped_column(String(100), nullable=True)
    sector: Mapped[str | None] = mapped_column(String(20), nullable=True)
    ministry: Mapped[str | None] = mapped_column(String(200), nullable=True)
    department: Mapped[str | None] = mapped_column(String(200), nullable=True)
    local_body_type: Mapped[str | None] = mapped_column(String(20), nullable=True)
    local_area: Mapped[str | None] = mapped_column(String(200), nullable=True)
    # Only civil servants give the province of their office.
    province_code: Mapped[str | None] = mapped_column(String(2), nullable=True, index=True)
    office_address: Mapped[str | None] = mapped_column(Text, nullable=True)
    contact_address: Mapped[str | None] = mapped_column(Text, nullable=True)
    phone_office: Mapped[str | None] = mapped_column(String(30), nullable=True)
    phone_home: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # A log-in name for members without e-mail: looked up at every such log-in.
    phone_mobile: Mapped[str | None] = mapped_column(String(30), nullable=True, index=True)
    other_networks: Mapped[str | None] = mapped_column(Text, nullable=True)
    member_type: Mapped[str] = mapped_column(String(30), nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship(back_populates="profile")

    def __repr__(self) -> str:
        return f"<MemberProfile user={self.user_id} {self.first_name_th} {self.last_name_th}>"

    @property
    def full_name_th(self) -> str:
        return full_name(self.title, self.first_name_th, self.last_name_th, self.title_other)


# What a consent row records. Accepting the notice is an acknowledgement: the training
# itself rests on contract and legitimate interest, not on consent. Keeping the optional
# contact details does rest on consent, and that consent can be withdrawn.
NOTICE, OPTIONAL_CONTACT = "privacy_notice", "optional_contact"
CONSENT_PURPOSES = (NOTICE, OPTIONAL_CONTACT)


class Consent(db.Model):
    """A person's acceptance of a version of the privacy notice, or consent to a purpose (PDPA)."""

    __tablename__ = "consents"
    __table_args__ = (
        CheckConstraint(
            "purpose IN ('privacy_notice', 'optional_contact')", name="consent_purpose_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    notice_version: Mapped[str] = mapped_column(String(20), nullable=False)
    purpose: Mapped[str] = mapped_column(
        String(30), nullable=False, default=NOTICE, server_default=NOTICE
    )
    accepted_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Consent user={self.user_id} {self.purpose} v{self.notice_version}>"


PENDING, CONFIRMED, DECLINED, DONE = "pending", "confirmed", "declined", "done"
WITHDRAWN = "withdrawn"  # a name change the member took back by going back to their name


class NameChange(db.Model):
    """A change of name or title that staff must confirm before certificates print it.

    Once a person holds a certificate, a new name could make a certificate verify
    under someone else's name (or a title not earned), so the profile keeps the
    confirmed name and the change waits here. A title typed as "other" waits too.
    """

    __tablename__ = "name_changes"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending', 'confirmed', 'declined', 'withdrawn')",
            name="name_change_status_known",
        ),
        Index("ix_name_changes_status", "status", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    old_title: Mapped[str | None] = mapped_column(String(20), nullable=True)
    old_title_other: Mapped[str | None] = mapped_column(String(60), nullable=True)
    old_first_name_th: Mapped[str] = mapped_column(String(100), nullable=False)
    old_last_name_th: Mapped[str] = mapped_column(String(100), nullable=False)
    new_title: Mapped[str] = mapped_column(String(20), nullable=False)
    new_title_other: Mapped[str | None] = mapped_column(String(60), nullable=True)
    new_first_name_th: Mapped[str] = mapped_column(String(100), nullable=False)
    new_last_name_th: Mapped[str] = mapped_column(String(100), nullable=False)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=PENDING)
    requested_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    def __repr__(self) -> str:
        return f"<NameChange {self.id} user={self.user_id} {self.status}>"

    @property
    def old_name(self) -> str:
        return full_name(
            self.old_title, self.old_first_name_th, self.old_last_name_th, self.old_title_other
        )

    @property
    def new_name(self) -> str:
        return full_name(
            self.new_title, self.new_first_name_th, self.new_last_name_th, self.new_title_other
        )


class ErasureRequest(db.Model):
    """A member's request to erase their personal data, carried out by an admin."""

    __tablename__ = "erasure_requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'done')", name="erasure_status_known"),
        Index("ix_erasure_requests_status", "status", "requested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=PENDING)
    requested_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    done_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    done_by: Mapped[User | None] = relationship(foreign_keys=[done_by_id])

    def __repr__(self) -> str:
        return f"<ErasureRequest {self.id} user={self.user_id} {self.status}>"


class AuditEvent(db.Model):
    """Who looked at or exported whose personal data, and who changed what."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_subject_time", "subject_user_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    action: Mapped[str] = mapped_column(String(60), nullable=False)
    subject_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    detail: Mapped[str | None] = mapped_column(String(500), nullable=True)
    ip_address: Mapped[str | None] = mapped_column(String(45), nullable=True)
    # The network and cohort an entry is about, so that their coordinators see it (the
    # coordination domain's audit viewer). Plain ids, no foreign keys: an entry outlives
    # what it was about, and accounts sits below coordination (DESIGN.md).
    network_id: Mapped[int | None] = mapped_column(nullable=True, index=True)
    cohort_id: Mapped[int | None] = mapped_column(nullable=True, index=True)

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} actor={self.actor_id} subject={self.subject_user_id}>"


CHOICE_LABELS = {
    "role": ROLE_LABELS,
    "education": EDUCATION_LABELS,
    "sector": SECTOR_LABELS,
    "local_body_type": LOCAL_BODY_LABELS,
    "member_type": MEMBER_TYPE_LABELS,
}


def choice_label(kind: str, key: str | None) -> str:
    """The label, in the user's language, of a stored choice key."""
    if not key:
        return ""
    return str(CHOICE_LABELS[kind].get(key, key))
