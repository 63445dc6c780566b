"""Store validated course specs in the database, in one transaction.

Importing the same files again changes nothing; changed files become a new
version of the course and the old version stays exactly as it was, with the
enrolments made on it. Any problem rolls the whole import back.
"""

from __future__ import annotations

import mimetypes
import posixpath
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from learnhub.catalog.loader import (
    COURSE_FILE,
    CourseFilesInvalid,
    CourseSpec,
    Problem,
    load_courses,
)
from learnhub.catalog.markdown import render_lesson
from learnhub.catalog.models import Course, CourseAsset, CourseVersion, Lesson, Module
from learnhub.extensions import db

# Called with (spec, version) for every new version, inside the import's transaction:
# the assessment engine creates the version's question banks and quizzes here.
version_listeners: list = []


@dataclass(frozen=True)
class ImportResult:
    slug: str
    status: str  # "new course", "new version" or "unchanged"
    version_number: int
    version_label: str

    def __str__(self) -> str:
        return f"{self.slug}: {self.status} (version {self.version_label}, #{self.version_number})"


def asset_url(slug: str, number: int, path: str) -> str:
    """Where the catalog serves a course image (see views.course_asset)."""
    return f"/courses/{slug}/v{number}/assets/{path}"


def import_path(path: Path) -> list[ImportResult]:
    """Validate and import every course under path; all or nothing."""
    specs = load_courses(path)
    try:
        results = [_import_one(spec) for spec in specs]
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return results


def _import_one(spec: CourseSpec) -> ImportResult:
    course = db.session.scalar(select(Course).where(Course.slug == spec.slug))
    if course is None:
        course = Course(slug=spec.slug)
        db.session.add(course)
        db.session.flush()
        status = "new course"
    else:
        status = "new version"
        same = db.session.scalar(
            select(CourseVersion).where(
                CourseVersion.course_id == course.id,
                CourseVersion.content_hash == spec.content_hash,
            )
        )
        if same is not None:
            return ImportResult(spec.slug, "unchanged", same.number, same.version_label)
        clash = db.session.scalar(
            select(CourseVersion).where(
                CourseVersion.course_id == course.id,
                CourseVersion.version_label == spec.version,
            )
        )
        if clash is not None:
            raise CourseFilesInvalid([Problem(
                str(Path(spec.folder.name) / COURSE_FILE), spec.version_line,
                f"version '{spec.version}' was already imported with different content; "
                "give the changed course a new version",
            )])  # fmt: skip
    number = (
        db.session.scalar(
            select(func.max(CourseVersion.number)).where(CourseVersion.course_id == course.id)
        )
        or 0
    ) + 1
    version = _build_version(spec, course, number)
    db.session.add(version)
    db.session.flush()
    for listener in version_listeners:
        listener(spec, version)
    course.current_version = version
    return ImportResult(spec.slug, status, number, spec.version)


def _build_version(spec: CourseSpec, course: Course, number: int) -> CourseVersion:
    version = CourseVersion(
        course=course,
        number=number,
        version_label=spec.version,
        content_hash=spec.content_hash,
        title_th=spec.title_th,
        title_en=spec.title_en,
        summary_th=spec.summary_th,
        summary_en=spec.summary_en,
        audience=spec.audience,
        study_hours=spec.study_hours,
        listed=spec.listed,
        open_enrolment=spec.open_enrolment,
        require_pretest=spec.require_pretest,
        sequential=spec.sequential,
        last_checked=spec.last_checked,
        pass_mark=spec.pass_mark,
        certificate_template=spec.certificate_template,
        assessments={"pretest": spec.pretest, "posttest": spec.posttest},
    )
    for position, module_spec in enumerate(spec.modules, start=1):
        module = Module(
            position=position,
            key=module_spec.key,
            title_th=module_spec.title_th,
            title_en=module_spec.title_en,
            quiz=module_spec.quiz,
        )
        for lesson_position, lesson_spec in enumerate(module_spec.lessons, start=1):
            lesson_dir = posixpath.dirname(lesson_spec.path)

            def url_for_image(src: str, lesson_dir=lesson_dir) -> str:
                return asset_url(
                    spec.slug, number, posixpath.normpath(posixpath.join(lesson_dir, src))
                )

            module.lessons.append(
                Lesson(
                    position=lesson_position,
                    key=lesson_spec.key,
                    title=lesson_spec.title,
                    minutes=lesson_spec.minutes,
                    objectives=lesson_spec.objectives,
                    sources=lesson_spec.sources,
                    body_markdown=lesson_spec.body,
                    body_html=render_lesson(lesson_spec.body, url_for_image),
                    min_reading_seconds=spec.min_reading_seconds(lesson_spec),
                )
            )
        version.modules.append(module)
    for path, data in spec.assets.items():
        content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
        db.session.add(
            CourseAsset(version=version, path=path, content_type=content_type, data=data)
        )
    return version
