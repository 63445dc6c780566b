"""Catalogue, course page, enrolment and lessons."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from learnhub.accounts.models import MEMBER_TYPE_LABELS
from learnhub.catalog import services
from learnhub.catalog.models import CourseAsset, CourseVersion, Lesson
from learnhub.catalog.progress import Step, module_complete, percent_complete
from learnhub.extensions import db
from learnhub.site.security import cacheable

bp = Blueprint("catalog", __name__, url_prefix="/courses")


def _course_or_404(slug: str):
    course = services.course_by_slug(slug)
    if course is None or course.current_version is None:
        abort(404)
    return course


@bp.route("/")
def index():
    """The catalogue: every listed course, searchable by title and filtered by audience."""
    query = request.args.get("q", "").strip()[:100]
    audience = request.args.get("audience", "")
    if audience not in MEMBER_TYPE_LABELS:
        audience = ""
    versions = services.catalog(query, audience)
    return render_template(
        "catalog/index.html", versions=versions, q=query, audience=audience,
        audiences=MEMBER_TYPE_LABELS,
    )  # fmt: skip


@bp.route("/<slug>")
def course(slug: str):
    """A course: what it teaches, how long it takes, what the certificate needs, your progress."""
    course = _course_or_404(slug)
    enrolment = services.enrolment_for(current_user, course)
    version = enrolment.version if enrolment else course.current_version
    state = services.course_state(enrolment) if enrolment else None
    return render_template(
        "catalog/course.html",
        course=course,
        version=version,
        enrolment=enrolment,
        state=state,
        percent=percent_complete(state) if state else 0,
        module_complete=module_complete,
        lessons_open=services.lessons_open(state) if state else False,
        lesson_open=services.lesson_open,
        module_quiz_open=services.module_quiz_open,
        step=services.continue_step(enrolment, state) if enrolment else None,
        newer_version=enrolment is not None and enrolment.version_id != course.current_version_id,
    )


@bp.route("/<slug>/enrol", methods=["POST"])
@login_required
def enrol(slug: str):
    """Enrol in a course that is open for self-enrolment; a double click enrols once."""
    course = _course_or_404(slug)
    try:
        services.enrol(current_user, course)
    except services.EnrolmentClosed:
        flash(_("This course takes learners through a coordinator's cohort only."), "error")
        return redirect(url_for("catalog.course", slug=slug)), 303
    flash(_("You are enrolled. Welcome to the course!"), "success")
    return redirect(url_for("catalog.course", slug=slug), 303)


@bp.route("/<slug>/continue")
@login_required
def resume(slug: str):
    """Take the learner to the exact next step: a lesson, a module quiz or a test."""
    course = _course_or_404(slug)
    enrolment = services.enrolment_for(current_user, course)
    if enrolment is None:
        return redirect(url_for("catalog.course", slug=slug))
    step = services.continue_step(enrolment, services.course_state(enrolment))
    return redirect(step_url(slug, step))


@bp.app_template_global()
def step_url(slug: str, step: Step) -> str:
    """The page of a course's next step (the course page once it is complete)."""
    if step.kind == "lesson":
        lesson = db.session.get(Lesson, step.lesson_id)
        return url_for("catalog.lesson", slug=slug, key=lesson.key)
    if step.kind == "module_quiz":
        return url_for("assessment.quiz", slug=slug, module_key=step.module_key)
    if step.kind in ("pretest", "posttest"):
        return url_for("assessment.quiz", slug=slug, kind=step.kind)
    return url_for("catalog.course", slug=slug)


@bp.app_template_global()
def step_title(step: Step) -> str:
    """The title of the lesson a step leads to (empty for other steps)."""
    lesson = db.session.get(Lesson, step.lesson_id) if step.lesson_id else None
    return lesson.title if lesson else ""


def _lesson_access(slug: str, key: str):
    """The enrolment, lesson and state, or a page explaining why the lesson is closed."""
    course = _course_or_404(slug)
    enrolment = services.enrolment_for(current_user, course)
    if enrolment is None:
        page = render_template(
            "catalog/closed.html", course=course, version=course.current_version, reason="enrol"
        )
        return None, None, None, (page, 403)
    lesson = services.find_lesson(enrolment.version, key)
    if lesson is None:
        abort(404)
    state = services.course_state(enrolment)
    if not services.lessons_open(state):
        page = render_template(
            "catalog/closed.html", course=course, version=enrolment.version, reason="pretest"
        )
        return None, None, None, (page, 403)
    blocker = services.lesson_blocked_by(state, lesson)
    if blocker is not None:
        page = render_template(
            "catalog/closed.html", course=course, version=enrolment.version,
            reason="sequential", blocker=blocker,
        )  # fmt: skip
        return None, None, None, (page, 403)
    return enrolment, lesson, state, None


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


@bp.route("/<slug>/lessons/<key>")
@login_required
def lesson(slug: str, key: str):
    """A lesson of the version the learner enrolled in; the server starts timing the reading."""
    enrolment, lesson, state, refusal = _lesson_access(slug, key)
    if refusal:
        return refusal
    read = services.record_reading(enrolment, lesson)
    previous, _following = services.neighbours(enrolment.version, lesson)
    return render_template(
        "catalog/lesson.html",
        course=enrolment.course,
        version=enrolment.version,
        lesson=lesson,
        done=lesson.id in state.done_lesson_ids,
        seconds_left=max(0, lesson.min_reading_seconds - read),
        previous=previous,
        following=services.next_step(enrolment, lesson, state),
    )


@bp.route("/<slug>/lessons/<key>/done", methods=["POST"])
@login_required
def lesson_done(slug: str, key: str):
    """The learner reached the end of the lesson: record it (if read long enough) and go on."""
    enrolment, lesson, _state, refusal = _lesson_access(slug, key)
    if refusal:
        return refusal
    try:
        completed = services.mark_lesson_done(enrolment, lesson)
    except services.NotReadYet as early:
        if _wants_json():
            return {"done": False, "seconds_left": early.seconds_left}, 409
        flash(not_read_yet_message(early.seconds_left), "info")
        return redirect(url_for("catalog.lesson", slug=slug, key=key), 303)
    if _wants_json():
        return {"done": True, "course_complete": enrolment.completed_at is not None}
    if completed:
        flash(_("Congratulations! You have completed this course."), "success")
        return redirect(url_for("catalog.course", slug=slug), 303)
    step = services.next_step(enrolment, lesson, services.course_state(enrolment))
    if request.form.get("go") == "course":
        return redirect(url_for("catalog.course", slug=slug), 303)
    if step.quiz_module is not None:
        return redirect(url_for("assessment.quiz", slug=slug, module_key=step.quiz_module.key), 303)
    if step.lesson is not None:
        return redirect(url_for("catalog.lesson", slug=slug, key=step.lesson.key), 303)
    return redirect(url_for("catalog.course", slug=slug), 303)


def not_read_yet_message(seconds_left: int) -> str:
    minutes = max(1, -(-seconds_left // 60))  # rounded up: never promise too early
    return ngettext(
        "Take your time with this lesson: it counts as read after about %(num)d more minute.",
        "Take your time with this lesson: it counts as read after about %(num)d more minutes.",
        minutes,
    )


@bp.route("/<slug>/v<int:number>/assets/<path:path>")
@cacheable
def course_asset(slug: str, number: int, path: str):
    """An image of a course version, stored with it at import."""
    asset = db.session.scalar(
        select(CourseAsset)
        .join(CourseVersion, CourseAsset.version_id == CourseVersion.id)
        .join(CourseVersion.course)
        .where(CourseVersion.number == number, CourseAsset.path == path)
        .where(CourseVersion.course.has(slug=slug))
    )
    if asset is None:
        abort(404)
    response = Response(asset.data, mimetype=asset.content_type)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    # An SVG opened on its own must not run scripts on our origin.
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.app_template_global()
def localized(version_or_module, attribute: str = "title") -> str:
    """A bilingual title or summary in the user's language."""
    return getattr(version_or_module, attribute)(str(get_locale()))


@bp.app_template_filter("hours")
def format_hours(hours: float) -> str:
    """Study hours without a needless ".0": 1 -> "1", 1.5 -> "1.5"."""
    return f"{hours:g}"
