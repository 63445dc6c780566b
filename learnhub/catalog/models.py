"""Courses and their immutable versions, modules, lessons, enrolments and lesson progress.

A course file set imported twice is one version; a changed one is a new
version. Enrolments point at the version the learner started, so a later
import never changes what an earlier learner studied or was certified for.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.accounts.models import User, utcnow
from learnhub.extensions import db


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("course_versions.id", use_alter=True, ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)

    current_version: Mapped[CourseVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    versions: Mapped[list[CourseVersion]] = relationship(
        back_populates="course", foreign_keys="CourseVersion.course_id",
        order_by="CourseVersion.number",
    )  # fmt: skip

    def __repr__(self) -> str:
        return f"<Course {self.slug}>"


class CourseVersion(db.Model):
    """One imported state of a course's files; never changed after import."""

    __tablename__ = "course_versions"
    __table_args__ = (
        UniqueConstraint("course_id", "number", name="uq_course_versions_course_number"),
        UniqueConstraint("course_id", "content_hash", name="uq_course_versions_course_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[int] = mapped_column(nullable=False)
    version_label: Mapped[str] = mapped_column(String(40), nullable=False)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    title_th: Mapped[str] = mapped_column(String(300), nullable=False)
    title_en: Mapped[str] = mapped_column(String(300), nullable=False)
    summary_th: Mapped[str] = mapped_column(Text, nullable=False)
    summary_en: Mapped[str] = mapped_column(Text, nullable=False)
    audience: Mapped[list] = mapped_column(JSON, nullable=False)
    study_hours: Mapped[float] = mapped_column(nullable=False)
    listed: Mapped[bool] = mapped_column(nullable=False, default=True)
    open_enrolment: Mapped[bool] = mapped_column(nullable=False, default=True)
    require_pretest: Mapped[bool] = mapped_column(nullable=False, default=False)
    # Lessons (and each module's quiz) open one after another, in the course's order.
    sequential: Mapped[bool] = mapped_column(nullable=False, default=False, server_default=false())
    pass_mark: Mapped[int | None] = mapped_column(nullable=True)
    certificate_template: Mapped[str] = mapped_column(String(80), nullable=False)
    # Pre-test and post-test settings as written in course.yaml, for the assessment engine.
    assessments: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    # When the content was last checked against its laws and sources (course.yaml last_checked).
    last_checked: Mapped[dt.date | None] = mapped_column(nullable=True)
    imported_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)

    course: Mapped[Course] = relationship(back_populates="versions", foreign_keys=[course_id])
    modules: Mapped[list[Module]] = relationship(
        back_populates="version", order_by="Module.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<CourseVersion {self.course_id} #{self.number} ({self.version_label})>"

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_th

    def summary(self, locale: str) -> str:
        return self.summary_en if locale == "en" else self.summary_th

    @property
    def lessons(self) -> list[Lesson]:
        return [lesson for module in self.modules for lesson in module.lessons]


class Module(db.Model):
    __tablename__ = "modules"
    __table_args__ = (UniqueConstraint("version_id", "key", name="uq_modules_version_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(nullable=False)
    key: Mapped[str] = mapped_column(String(80), nullable=False)
    title_th: Mapped[str] = mapped_column(String(300), nullable=False)
    title_en: Mapped[str] = mapped_column(String(300), nullable=False)
    # The module quiz's settings from course.yaml, or None when the module has no quiz.
    quiz: Mapped[dict | None] = mapped_column(JSON, nullable=True)

    version: Mapped[CourseVersion] = relationship(back_populates="modules")
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module", order_by="Lesson.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Module {self.key} of version {self.version_id}>"

    def title(self, locale: str) -> str:
        return self.title_en if locale == "en" else self.title_th


class Lesson(db.Model):
    __tablename__ = "lessons"
    __table_args__ = (UniqueConstraint("module_id", "key", name="uq_lessons_module_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(
        ForeignKey("modules.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(nullable=False)
    key: Mapped[str] = mapped_column(String(120), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    minutes: Mapped[int | None] = mapped_column(nullable=True)
    # A lesson's content (some 8 KB a lesson) is read only by its own page, in one query
    # when first used: outlines (dashboard, course page, the lesson page's neighbours) load
    # every lesson of a version and need none of it.
    objectives: Mapped[list] = mapped_column(
        JSON, nullable=False, default=list, deferred=True, deferred_group="content"
    )
    sources: Mapped[list] = mapped_column(
        JSON, nullable=False, default=list, deferred=True, deferred_group="content"
    )
    body_markdown: Mapped[str] = mapped_column(
        Text, nullable=False, deferred=True, deferred_group="content"
    )
    # Rendered and sanitised once at import: the cache per lesson version.
    body_html: Mapped[str] = mapped_column(
        Text, nullable=False, deferred=True, deferred_group="content"
    )
    # Time the learner must spend on the lesson before it counts as done (the server's
    # clock decides): the course's reading share of the lesson's estimated minutes.
    min_reading_seconds: Mapped[int] = mapped_column(
        nullable=False, default=0, server_default=text("0")
    )

    module: Mapped[Module] = relationship(back_populates="lessons")

    def __repr__(self) -> str:
        return f"<Lesson {self.key} of module {self.module_id}>"


class CourseAsset(db.Model):
    """An image from a course folder, stored with the version that uses it."""

    __tablename__ = "course_assets"
    __table_args__ = (UniqueConstraint("version_id", "path", name="uq_course_assets_version_path"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="CASCADE"), nullable=False
    )
    path: Mapped[str] = mapped_column(String(300), nullable=False)
    content_type: Mapped[str] = mapped_column(String(80), nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)

    version: Mapped[CourseVersion] = relationship()

    def __repr__(self) -> str:
        return f"<CourseAsset {self.path} of version {self.version_id}>"


class Enrolment(db.Model):
    __tablename__ = "enrolments"
    __table_args__ = (
        UniqueConstraint("user_id", "version_id", name="uq_enrolments_user_version"),
        Index("ix_enrolments_user_course", "user_id", "course_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), nullable=False, index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    source: Mapped[str] = mapped_column(String(20), nullable=False, default="self")
    enrolled_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    last_lesson_id: Mapped[int | None] = mapped_column(
        ForeignKey("lessons.id", ondelete="SET NULL"), nullable=True
    )
    # When the learner last opened or finished a lesson: the time since then is
    # credited to the lesson they were reading (see catalog.services.record_reading).
    last_activity_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    # On-site training recorded by staff who issued a certificate by hand.
    training_date: Mapped[dt.date | None] = mapped_column(nullable=True)
    training_place: Mapped[str | None] = mapped_column(String(300), nullable=True)
    completed_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)

    user: Mapped[User] = relationship()
    course: Mapped[Course] = relationship()
    version: Mapped[CourseVersion] = relationship()
    done_lessons: Mapped[list[LessonProgress]] = relationship(
        back_populates="enrolment", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Enrolment user={self.user_id} version={self.version_id}>"


class LessonProgress(db.Model):
    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "lesson_id", name="uq_lesson_progress_enrolment_lesson"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), nullable=False, index=True
    )
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), nullable=False
    )
    completed_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)

    enrolment: Mapped[Enrolment] = relationship(back_populates="done_lessons")

    def __repr__(self) -> str:
        return f"<LessonProgress enrolment={self.enrolment_id} lesson={self.lesson_id}>"


class LessonReading(db.Model):
    """Seconds the server has seen a learner spend on a lesson, done or not."""

    __tablename__ = "lesson_reading"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "lesson_id", name="uq_lesson_reading_enrolment_lesson"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), nullable=False, index=True
    )
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("lessons.id", ondelete="CASCADE"), nullable=False
    )
    seconds: Mapped[int] = mapped_column(nullable=False, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)

    def __repr__(self) -> str:
        return (
            f"<LessonReading enrolment={self.enrolment_id} lesson={self.lesson_id} {self.seconds}s>"
        )
