"""Networks and their members' applications, cohorts (รุ่น) with sessions and attendance,
the roster details a coordinator imported, and the import batches awaiting commit.

Nothing in accounts, catalog, assessment or credentials imports this module: the
coordination domain reads them, never the other way round (DESIGN.md).
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.accounts.models import User, utcnow
from learnhub.catalog.models import Course, CourseVersion, Enrolment
from learnhub.extensions import db

PENDING, APPROVED, DECLINED = "pending", "approved", "declined"
APPLICATION_STATUSES = (PENDING, APPROVED, DECLINED)
STATUS_LABELS = {
    PENDING: _l("Awaiting a decision"),
    APPROVED: _l("Approved"),
    DECLINED: _l("Declined"),
}

ONLINE, ON_SITE, BLENDED = "online", "on_site", "blended"
MODES = (ONLINE, ON_SITE, BLENDED)
MODE_LABELS = {ONLINE: _l("Online"), ON_SITE: _l("On site"), BLENDED: _l("Blended")}


class Network(db.Model):
    """A network of members (เครือข่าย), for example a province's anti-corruption network."""

    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True, nullable=False)
    province_code: Mapped[str | None] = mapped_column(String(2), nullable=True, index=True)
    description: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)

    coordinators: Mapped[list[User]] = relationship(
        secondary="network_coordinators",
        primaryjoin="Network.id == NetworkCoordinator.network_id",
        secondaryjoin="User.id == NetworkCoordinator.user_id",
        order_by="User.display_name",
        viewonly=True,
    )
    memberships: Mapped[list[NetworkMembership]] = relationship(
        back_populates="network", cascade="all, delete-orphan"
    )
    cohorts: Mapped[list[Cohort]] = relationship(
        back_populates="network", order_by="Cohort.starts_on.desc()"
    )

    def __repr__(self) -> str:
        return f"<Network {self.id} {self.name}>"


class NetworkCoordinator(db.Model):
    """A coordinator appointed to a network by an admin."""

    __tablename__ = "network_coordinators"

    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    appointed_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    appointed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    def __repr__(self) -> str:
        return f"<NetworkCoordinator network={self.network_id} user={self.user_id}>"


class NetworkMembership(db.Model):
    """A person's application to a network (the seed 000 form) and its decision.

    An approved application is the membership; a bulk import creates one approved
    at once (``source='import'``).
    """

    __tablename__ = "network_memberships"
    __table_args__ = (
        UniqueConstraint("network_id", "user_id", name="uq_network_memberships_network_user"),
        CheckConstraint("status IN ('pending', 'approved', 'declined')", name="status_known"),
        CheckConstraint(
            "member_type IN ('civil_servant', 'community_leader', 'citizen')",
            name="member_type_known",
        ),
        Index("ix_network_memberships_network_status", "network_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    status: Mapped[str] = mapped_column(String(10), nullable=False, default=PENDING)
    member_type: Mapped[str] = mapped_column(String(30), nullable=False)
    agency: Mapped[str] = mapped_column(String(300), nullable=False)  # agency or community
    other_networks: Mapped[str | None] = mapped_column(Text, nullable=True)
    consent_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    source: Mapped[str] = mapped_column(String(20), nullable=False, default="application")
    applied_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    decided_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    decision_reason: Mapped[str | None] = mapped_column(Text, nullable=True)

    network: Mapped[Network] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<NetworkMembership network={self.network_id} user={self.user_id} {self.status}>"


class RosterRecord(db.Model):
    """What a coordinator's imported list said about a person, kept beside the account.

    An imported person has no full member profile (birth date, education... are
    not on a roster), so their name, ID and contact details live here until they
    fill in their profile. ``no_email`` marks an account whose e-mail is the
    placeholder ``no-email+<token>@learnhub.invalid`` (users.email is required and unique).
    """

    __tablename__ = "roster_records"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    title: Mapped[str | None] = mapped_column(String(60), nullable=True)
    first_name_th: Mapped[str] = mapped_column(String(100), nullable=False)
    last_name_th: Mapped[str] = mapped_column(String(100), nullable=False)
    # Encrypted with Fernet and looked up by the same keyed hash as member profiles.
    national_id_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    national_id_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    mobile: Mapped[str | None] = mapped_column(String(30), nullable=True, index=True)
    position: Mapped[str | None] = mapped_column(String(200), nullable=True)
    agency: Mapped[str | None] = mapped_column(String(300), nullable=True)
    province_code: Mapped[str | None] = mapped_column(String(2), nullable=True)
    member_type: Mapped[str | None] = mapped_column(String(30), nullable=True)
    no_email: Mapped[bool] = mapped_column(nullable=False, default=False, server_default=false())
    imported_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    imported_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<RosterRecord user={self.user_id} {self.first_name_th} {self.last_name_th}>"


class Cohort(db.Model):
    """One run (รุ่น) of one course for a network, with the rule for its certificate."""

    __tablename__ = "cohorts"
    __table_args__ = (
        UniqueConstraint("network_id", "name", name="uq_cohorts_network_name"),
        CheckConstraint("mode IN ('online', 'on_site', 'blended')", name="mode_known"),
        CheckConstraint(
            "attendance_share IS NULL OR (attendance_share BETWEEN 0 AND 100)",
            name="attendance_share_percent",
        ),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("networks.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    # The version members are enrolled in; None means the course's current version.
    version_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_versions.id", ondelete="RESTRICT"), nullable=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    starts_on: Mapped[dt.date] = mapped_column(nullable=False)
    ends_on: Mapped[dt.date | None] = mapped_column(nullable=True)
    mode: Mapped[str] = mapped_column(String(10), nullable=False, default=ONLINE)
    place: Mapped[str | None] = mapped_column(String(300), nullable=True)
    # Certificate rule. Online: the course's own rule. On site / blended: present at
    # ``attendance_share`` percent of sessions, plus the post-test when required.
    attendance_share: Mapped[int | None] = mapped_column(nullable=True)
    posttest_required: Mapped[bool] = mapped_column(nullable=False, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    network: Mapped[Network] = relationship(back_populates="cohorts")
    course: Mapped[Course] = relationship()
    version: Mapped[CourseVersion | None] = relationship()
    coordinators: Mapped[list[User]] = relationship(
        secondary="cohort_coordinators", order_by="User.display_name", viewonly=True
    )
    members: Mapped[list[CohortMember]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )
    sessions: Mapped[list[CohortSession]] = relationship(
        back_populates="cohort", order_by="CohortSession.held_on", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Cohort {self.id} {self.name} network={self.network_id}>"

    @property
    def course_version(self) -> CourseVersion | None:
        return self.version or self.course.current_version

    @property
    def uses_attendance(self) -> bool:
        return self.mode in (ON_SITE, BLENDED)


class CohortCoordinator(db.Model):
    """A coordinator of one cohort (besides the coordinators of its network)."""

    __tablename__ = "cohort_coordinators"

    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    def __repr__(self) -> str:
        return f"<CohortCoordinator cohort={self.cohort_id} user={self.user_id}>"


class CohortMember(db.Model):
    __tablename__ = "cohort_members"
    __table_args__ = (
        UniqueConstraint("cohort_id", "user_id", name="uq_cohort_members_cohort_user"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    enrolment_id: Mapped[int | None] = mapped_column(
        ForeignKey("enrolments.id", ondelete="SET NULL"), nullable=True, index=True
    )
    added_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    cohort: Mapped[Cohort] = relationship(back_populates="members")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    enrolment: Mapped[Enrolment | None] = relationship()

    def __repr__(self) -> str:
        return f"<CohortMember cohort={self.cohort_id} user={self.user_id}>"


class CohortSession(db.Model):
    """A day of on-site training of a cohort."""

    __tablename__ = "cohort_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    held_on: Mapped[dt.date] = mapped_column(nullable=False)
    place: Mapped[str | None] = mapped_column(String(300), nullable=True)
    topic: Mapped[str | None] = mapped_column(String(300), nullable=True)

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")

    def __repr__(self) -> str:
        return f"<CohortSession {self.id} cohort={self.cohort_id} {self.held_on}>"


class Attendance(db.Model):
    __tablename__ = "attendance"
    __table_args__ = (
        UniqueConstraint("session_id", "member_id", name="uq_attendance_session_member"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("cohort_sessions.id", ondelete="CASCADE"), nullable=False
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("cohort_members.id", ondelete="CASCADE"), nullable=False, index=True
    )
    present: Mapped[bool] = mapped_column(nullable=False)
    recorded_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )

    def __repr__(self) -> str:
        return f"<Attendance session={self.session_id} member={self.member_id} {self.present}>"


class ImportBatch(db.Model):
    """An uploaded member list between its preview and its commit.

    The file is kept encrypted (it holds national IDs) and dropped once committed.
    """

    __tablename__ = "import_batches"
    __table_args__ = (CheckConstraint("status IN ('previewed', 'committed')", name="status_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(
        ForeignKey("cohorts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    data_encrypted: Mapped[str | None] = mapped_column(Text, nullable=True)
    status: Mapped[str] = mapped_column(String(10), nullable=False, default="previewed")
    summary: Mapped[dict] = mapped_column(db.JSON, nullable=False, default=dict)
    committed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    cohort: Mapped[Cohort] = relationship()

    def __repr__(self) -> str:
        return f"<ImportBatch {self.id} cohort={self.cohort_id} {self.status}>"
