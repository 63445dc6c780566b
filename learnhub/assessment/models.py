"""Question banks, quizzes of a course version, attempts with their snapshot and saved answers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from learnhub.accounts.models import User, utcnow
from learnhub.catalog.models import CourseVersion, Enrolment, Module
from learnhub.extensions import db

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
PRETEST, POSTTEST, MODULE_QUIZ = "pretest", "posttest", "module"


class QuestionBank(db.Model):
    __tablename__ = "question_banks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    source_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)

    questions: Mapped[list[BankQuestion]] = relationship(
        back_populates="bank", order_by="BankQuestion.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<QuestionBank {self.slug}>"


class BankQuestion(db.Model):
    """A question as imported; attempts copy it, so replacing it never changes a past score."""

    __tablename__ = "bank_questions"
    __table_args__ = (Index("ix_bank_questions_bank_category", "bank_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_id: Mapped[int] = mapped_column(
        ForeignKey("question_banks.id", ondelete="CASCADE"), nullable=False
    )
    position: Mapped[int] = mapped_column(nullable=False)
    category: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    qtype: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    graded: Mapped[bool] = mapped_column(nullable=False)
    data: Mapped[dict] = mapped_column(JSON, nullable=False)

    bank: Mapped[QuestionBank] = relationship(back_populates="questions")

    def __repr__(self) -> str:
        return f"<BankQuestion {self.id} {self.qtype} of bank {self.bank_id}>"


class Quiz(db.Model):
    """A pre-test, post-test or module quiz of one course version, with its settings."""

    __tablename__ = "quizzes"
    __table_args__ = (
        UniqueConstraint("version_id", "kind", "module_id", name="uq_quizzes_version_kind_module"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    module_id: Mapped[int | None] = mapped_column(
        ForeignKey("modules.id", ondelete="CASCADE"), nullable=True
    )
    bank_id: Mapped[int] = mapped_column(
        ForeignKey("question_banks.id", ondelete="RESTRICT"), nullable=False
    )
    settings: Mapped[dict] = mapped_column(JSON, nullable=False)

    version: Mapped[CourseVersion] = relationship()
    module: Mapped[Module | None] = relationship()
    bank: Mapped[QuestionBank] = relationship()

    def __repr__(self) -> str:
        return f"<Quiz {self.kind} of version {self.version_id} module={self.module_id}>"

    @property
    def pass_mark(self) -> int | None:
        return self.settings.get("pass_mark")

    @property
    def time_limit(self) -> dt.timedelta | None:
        minutes = self.settings.get("time_limit_minutes")
        return dt.timedelta(minutes=minutes) if minutes else None

    @property
    def attempts_allowed(self) -> int | None:
        """None means unlimited; a pre-test is taken once unless the course says otherwise."""
        allowed = self.settings.get("attempts")
        if allowed is None and self.kind == PRETEST:
            return 1
        return allowed


class Attempt(db.Model):
    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("quiz_id", "user_id", "number", name="uq_attempts_quiz_user_number"),
        Index("ix_attempts_user_quiz", "user_id", "quiz_id"),
        # At most one attempt in progress per learner and quiz, even with two tabs.
        Index(
            "uq_attempts_one_open",
            "quiz_id",
            "user_id",
            unique=True,
            sqlite_where=text("state = 'in_progress'"),
            postgresql_where=text("state = 'in_progress'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(
        ForeignKey("quizzes.id", ondelete="CASCADE"), nullable=False
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("enrolments.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number: Mapped[int] = mapped_column(nullable=False)
    state: Mapped[str] = mapped_column(String(20), nullable=False, default=IN_PROGRESS)
    started_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)
    deadline: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    auto_submitted: Mapped[bool] = mapped_column(nullable=False, default=False)
    # The questions and choices exactly as shown, in order: grading reads only this.
    snapshot: Mapped[list] = mapped_column(JSON, nullable=False)
    # The bank question of each slot, in slot order: statistics read this, not the snapshot.
    question_ids: Mapped[list] = mapped_column(JSON, nullable=False)
    score: Mapped[float | None] = mapped_column(nullable=True)  # percent, once submitted

    quiz: Mapped[Quiz] = relationship()
    user: Mapped[User] = relationship()
    enrolment: Mapped[Enrolment] = relationship()
    answers: Mapped[list[AttemptAnswer]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="AttemptAnswer.slot"
    )

    def __repr__(self) -> str:
        return f"<Attempt {self.id} quiz={self.quiz_id} user={self.user_id} {self.state}>"


class AttemptAnswer(db.Model):
    """The latest saved response to one question of an attempt."""

    __tablename__ = "attempt_answers"
    __table_args__ = (
        UniqueConstraint("attempt_id", "slot", name="uq_attempt_answers_attempt_slot"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("attempts.id", ondelete="CASCADE"), nullable=False
    )
    slot: Mapped[int] = mapped_column(nullable=False)
    response: Mapped[object] = mapped_column(JSON, nullable=True)
    fraction: Mapped[float | None] = mapped_column(nullable=True)  # set at submission
    saved_at: Mapped[dt.datetime] = mapped_column(nullable=False, default=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")

    def __repr__(self) -> str:
        return f"<AttemptAnswer attempt={self.attempt_id} slot={self.slot}>"
