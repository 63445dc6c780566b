"""The catalog's share of a member's data for the PDPA export: enrolments and progress."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.accounts.models import User
from learnhub.accounts.pdpa import ExportPart, iso, register_export
from learnhub.catalog.models import Enrolment, Lesson, LessonProgress, LessonReading
from learnhub.extensions import db


def export_enrolments(user: User) -> ExportPart:
    """Every enrolment with the lessons done and the reading time the server counted."""
    enrolments = db.session.scalars(
        select(Enrolment).where(Enrolment.user_id == user.id).order_by(Enrolment.enrolled_at)
    )
    rows = []
    for enrolment in enrolments:
        done = db.session.execute(
            select(Lesson.key, Lesson.title, LessonProgress.completed_at)
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(LessonProgress.enrolment_id == enrolment.id)
            .order_by(LessonProgress.completed_at)
        ).all()
        reading = db.session.execute(
            select(Lesson.key, LessonReading.seconds)
            .join(Lesson, Lesson.id == LessonReading.lesson_id)
            .where(LessonReading.enrolment_id == enrolment.id)
        ).all()
        rows.append(
            {
                "course": enrolment.course.slug,
                "course_title": enrolment.version.title_th,
                "version": enrolment.version.version_label,
                "source": enrolment.source,
                "enrolled_at": iso(enrolment.enrolled_at),
                "last_activity_at": iso(enrolment.last_activity_at),
                "completed_at": iso(enrolment.completed_at),
                "training_date": iso(enrolment.training_date),
                "training_place": enrolment.training_place,
                "lessons_done": [
                    {"lesson": key, "title": title, "completed_at": iso(moment)}
                    for key, title, moment in done
                ],
                "reading_seconds": {key: seconds for key, seconds in reading},
            }
        )
    return ExportPart(rows)


def connect() -> None:
    register_export("enrolments", export_enrolments)
