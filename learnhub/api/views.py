"""API v1 endpoints: thin wrappers that turn catalog data into JSON."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify

from learnhub.api.openapi import document
from learnhub.catalog import services
from learnhub.catalog.models import CourseVersion
from learnhub.credentials import recognitions
from learnhub.credentials import services as credentials
from learnhub.extensions import csrf, limiter
from learnhub.site.security import cacheable

bp = Blueprint("api", __name__, url_prefix="/api/v1")
CERTIFICATE_FIELDS = (
    "status", "serial", "holder_name", "course_title", "course_slug", "issued_on",
    "revoked_on", "revocation_category", "sha256", "basis", "training_date",
)  # fmt: skip
RECOGNITION_FIELDS = (
    "type", "status", "holder_name", "title", "kind", "kind_key", "legal_basis", "awarded_on",
    "awarding_body", "issued_on", "revoked_on", "revocation_category", "sha256",
)  # fmt: skip
csrf.exempt(bp)  # read-only and cookie-less: nothing to forge


def _summary(version: CourseVersion) -> dict:
    return {
        "slug": version.course.slug,
        "version": version.version_label,
        "title": {"th": version.title_th, "en": version.title_en},
        "study_hours": version.study_hours,
        "module_count": len(version.modules),
        "lesson_count": len(version.lessons),
    }


@bp.route("/courses")
def courses():
    """Every listed course in its current version."""
    return jsonify(courses=[_summary(version) for version in services.catalog()])


@bp.route("/courses/<slug>")
def course(slug: str):
    """One course with its modules and lessons."""
    course = services.course_by_slug(slug)
    if course is None or course.current_version is None:
        abort(404)
    version = course.current_version
    return jsonify(
        _summary(version)
        | {
            "summary": {"th": version.summary_th, "en": version.summary_en},
            "modules": [
                {
                    "key": module.key,
                    "title": {"th": module.title_th, "en": module.title_en},
                    "lessons": [
                        {"key": lesson.key, "title": lesson.title} for lesson in module.lessons
                    ],
                }
                for module in version.modules
            ],
        }
    )


@bp.route("/certificates/<code>")
@cacheable
@limiter.limit("30 per minute")
def certificate(code: str):
    """A certificate's public record, as on its verification page."""
    found = credentials.find_by_code(code)
    if found is None:
        honour = recognitions.find_by_code(code)
        if honour is None:
            abort(404)
        record = recognitions.public_record(honour)
        return jsonify({key: record[key] for key in RECOGNITION_FIELDS})
    record = credentials.public_record(found)
    return jsonify({"type": "certificate"} | {key: record[key] for key in CERTIFICATE_FIELDS})


@bp.route("/openapi.json")
def openapi():
    """The OpenAPI description of this API."""
    return jsonify(document())
