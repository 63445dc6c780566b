"""Quiz pages, the attempt page with autosave, submission, results and item statistics."""

from __future__ import annotations

import datetime as dt

import nh3
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from learnhub.accounts.access import no_store, role_required
from learnhub.accounts.models import Role
from learnhub.assessment import review, services
from learnhub.assessment.grading import feedback_parts, right_answer_summary, verdict
from learnhub.assessment.models import MODULE_QUIZ, POSTTEST, PRETEST, SUBMITTED, Attempt, Quiz
from learnhub.assessment.questions import Question
from learnhub.catalog import services as catalog
from learnhub.catalog.markdown import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, render_lesson
from learnhub.extensions import db

bp = Blueprint("assessment", __name__)


def _quiz_or_404(slug: str, kind: str, module_key: str | None = None):
    course = catalog.course_by_slug(slug)
    if course is None or course.current_version is None:
        abort(404)
    enrolment = catalog.enrolment_for(current_user, course)
    version = enrolment.version if enrolment else course.current_version
    quiz = services.find_quiz(version, kind, module_key)
    if quiz is None:
        abort(404)
    return course, enrolment, quiz


def _own_attempt(attempt_id: int) -> Attempt:
    """The attempt, if it is the current user's; anyone else's is 'not found'."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.user_id != current_user.id:
        abort(404)
    return attempt


@bp.route("/courses/<slug>/quiz/<any(pretest, posttest):kind>", methods=["GET"])
@bp.route(
    "/courses/<slug>/modules/<module_key>/quiz", methods=["GET"], defaults={"kind": MODULE_QUIZ}
)
@login_required
def quiz(slug: str, kind: str, module_key: str | None = None):
    """A quiz's rules, the learner's attempts and scores, and the button to start or continue."""
    course, enrolment, quiz = _quiz_or_404(slug, kind, module_key)
    attempts = services.attempts_of(current_user, quiz)
    overall, passed = services.quiz_result(quiz, attempts)
    return render_template(
        "assessment/quiz.html",
        course=course,
        quiz=quiz,
        attempts=attempts,
        overall=overall,
        passed=passed,
        available=services.availability(current_user, quiz, enrolment),
    )


@bp.route("/courses/<slug>/quiz/<any(pretest, posttest):kind>/start", methods=["POST"])
@bp.route(
    "/courses/<slug>/modules/<module_key>/quiz/start",
    methods=["POST"],
    defaults={"kind": MODULE_QUIZ},
)
@login_required
def start(slug: str, kind: str, module_key: str | None = None):
    """Start a new attempt, or resume the one in progress (a double click starts one)."""
    _course, enrolment, quiz = _quiz_or_404(slug, kind, module_key)
    try:
        attempt = services.start_attempt(current_user, quiz, enrolment)
    except services.QuizClosed:
        flash(_("This quiz cannot be started now."), "error")
        return redirect(request.referrer or url_for("catalog.course", slug=slug), 303)
    return redirect(url_for("assessment.attempt", attempt_id=attempt.id), 303)


# Moodle's editors write bold, italics and underline as <b>, <i> and <u>.
GIFT_HTML_TAGS = ALLOWED_TAGS | {"b", "i", "u"}


def question_html(text: str, text_format: str, question_format: str = "moodle") -> Markup:
    """A part of a question (text, answer, feedback, left of a pair) in its GIFT format.

    A part written without a format of its own is in the question's, as Moodle reads it.
    HTML is sanitised by nh3, Markdown rendered as lessons are; plain and Moodle text is
    escaped with its line breaks kept.
    """
    text_format = text_format or question_format
    if text_format == "markdown":
        cleaned = render_lesson(text)  # which ends in nh3.clean
    elif text_format == "html":
        cleaned = nh3.clean(text, tags=GIFT_HTML_TAGS, attributes=ALLOWED_ATTRIBUTES)
    else:
        return Markup("<br>").join(escape(line) for line in text.split("\n"))
    return Markup(cleaned)  # noqa: S704 - sanitised by nh3 just above  # nosec B704


def _view_slots(attempt: Attempt) -> list[dict]:
    """What the attempt page shows: texts and choices by position, never which is right."""
    saved = services.saved_responses(attempt)
    slots = []
    for entry in attempt.snapshot:
        question = Question.from_data(entry["question"])
        response = saved.get(entry["slot"])
        view = {
            "slot": entry["slot"],
            "marker": services.answer_marker(response),
            "qtype": question.qtype,
            "text": question_html(question.text, question.text_format),
            "text_after": question.text_after,
            "answered": response not in (None, [], {}),
        }
        if "order" in entry:
            chosen = response if isinstance(response, list) else [response]
            view["choices"] = [
                {
                    "position": position,
                    "html": question_html(choice.text, choice.text_format, question.text_format),
                    "checked": index in chosen,
                }
                for position, index in enumerate(entry["order"])
                for choice in [question.choices[index]]
            ]
        if "right_order" in entry:
            response = response or {}
            right_order = entry["right_order"]
            view["lefts"] = [
                {
                    "position": position,
                    "html": question_html(
                        question.pairs[index].left,
                        question.pairs[index].left_format,
                        question.text_format,
                    ),
                    "selected": right_order.index(response[str(index)])
                    if str(index) in response
                    else None,
                }
                for position, index in enumerate(entry["left_order"])
            ]
            view["rights"] = [question.pairs[i].right for i in entry["right_order"]]
        if question.qtype == "truefalse":
            view["value"] = response
        if question.qtype in ("shortanswer", "numerical"):
            view["value"] = response or ""
        slots.append(view)
    return slots


@bp.route("/attempts/<int:attempt_id>")
@login_required
@no_store
def attempt(attempt_id: int):
    """The attempt page: every saved answer is back after a reload or a dropped connection."""
    attempt = _own_attempt(attempt_id)
    services.submit_if_overdue(attempt)
    if attempt.state == SUBMITTED:
        return redirect(url_for("assessment.result", attempt_id=attempt.id))
    now = services.utcnow()
    return render_template(
        "assessment/attempt.html",
        attempt=attempt,
        quiz=attempt.quiz,
        course=attempt.enrolment.course,
        slots=_view_slots(attempt),
        deadline=attempt.deadline,
        now=now,
    )


def _responses_from_form(attempt: Attempt) -> tuple[dict[int, object], frozenset[int]]:
    """Parse the posted answers of the questions named in 'slots'; refuse anything forged.

    Also returns the slots whose answer the form carries unchanged since its page was
    loaded or last saved (its ``was-<slot>`` fingerprint still matches).
    """
    values = request.form.to_dict(flat=False)
    responses, unchanged = {}, set()
    for raw_slot in request.form.getlist("slots"):
        try:
            slot = int(raw_slot)
        except ValueError:
            raise services.InvalidAnswer("unknown question") from None
        responses[slot] = services.parse_response(services.slot_of(attempt, slot), values)
        if request.form.get(f"was-{slot}") == services.answer_marker(responses[slot]):
            unchanged.add(slot)
    return responses, frozenset(unchanged)


def _loaded_at() -> dt.datetime | None:
    """When the page of a whole posted form was rendered; None for a single autosave."""
    raw = request.form.get("loaded_at")
    if raw is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise services.InvalidAnswer("unknown page") from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _save_posted_answers(attempt: Attempt):
    """Save the posted answers; None when saved, else the refusal to answer with."""
    try:
        responses, unchanged = _responses_from_form(attempt)
        services.save_answers(attempt, responses, loaded_at=_loaded_at(), unchanged=unchanged)
    except services.InvalidAnswer:
        if _wants_json():
            return jsonify(error=_("This answer does not belong to the question.")), 400
        abort(400)
    except services.AttemptClosed:
        if _wants_json():
            return jsonify(error=_("This attempt has already been submitted."), submitted=True), 409
        flash(_("This attempt has already been submitted."), "info")
        return redirect(url_for("assessment.result", attempt_id=attempt.id), 303)
    return None


@bp.route("/attempts/<int:attempt_id>/save", methods=["POST"])
@login_required
def save(attempt_id: int):
    """Save answers as they are given (JavaScript), or all at once (the plain form)."""
    attempt = _own_attempt(attempt_id)
    refusal = _save_posted_answers(attempt)
    if refusal is not None:
        return refusal
    if _wants_json():
        saved = services.saved_responses(attempt)
        slots = sorted(int(slot) for slot in request.form.getlist("slots"))
        return jsonify(
            saved=slots,
            markers={str(slot): services.answer_marker(saved.get(slot)) for slot in slots},
        )
    flash(_("Your answers have been saved."), "success")
    return redirect(url_for("assessment.attempt", attempt_id=attempt.id), 303)


@bp.route("/attempts/<int:attempt_id>/summary", methods=["POST"])
@login_required
def review_before_submit(attempt_id: int):
    """Save what the form carries, then show the summary page before the final submit."""
    attempt = _own_attempt(attempt_id)
    refusal = _save_posted_answers(attempt)
    if refusal is not None:
        return refusal
    return redirect(url_for("assessment.summary", attempt_id=attempt.id), 303)


@bp.route("/attempts/<int:attempt_id>/summary")
@login_required
def summary(attempt_id: int):
    """Which questions are answered and which are not, before the learner submits (Moodle's
    summary page); nothing here reveals whether an answer is right."""
    attempt = _own_attempt(attempt_id)
    services.submit_if_overdue(attempt)
    if attempt.state == SUBMITTED:
        return redirect(url_for("assessment.result", attempt_id=attempt.id))
    saved = services.saved_responses(attempt)
    slots = [
        {"slot": entry["slot"], "answered": saved.get(entry["slot"]) not in (None, [], {})}
        for entry in attempt.snapshot
    ]
    return render_template(
        "assessment/summary.html",
        attempt=attempt,
        quiz=attempt.quiz,
        course=attempt.enrolment.course,
        slots=slots,
        unanswered=sum(1 for s in slots if not s["answered"]),
        deadline=attempt.deadline,
        now=services.utcnow(),
    )


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
@login_required
def submit(attempt_id: int):
    """Save what the form carries, then grade; submitting twice shows the same result."""
    attempt = _own_attempt(attempt_id)
    refusal = _save_posted_answers(attempt)
    if refusal is not None:
        return refusal
    if not services.submit(attempt):
        flash(_("This attempt had already been submitted, from another tab or window. "
                "Every answer saved before then was scored."), "info")  # fmt: skip
    return redirect(url_for("assessment.result", attempt_id=attempt.id), 303)


def describe_response(question: Question, response) -> str:
    """A learner's response in words, for the result page."""
    if response is None or response in ([], {}):
        return _("(no answer)")
    if question.qtype == "single":
        return question.choices[response].text
    if question.qtype == "multiple":
        return ", ".join(question.choices[i].text for i in response)
    if question.qtype == "truefalse":
        return _("True") if response else _("False")
    if question.qtype == "matching":
        return "; ".join(
            f"{question.pairs[int(left)].left} → {question.pairs[right].right}"
            for left, right in sorted(response.items(), key=lambda item: int(item[0]))
        )
    return str(response)


def right_answers(question: Question) -> list[str]:
    if question.qtype == "truefalse":
        return [_("True") if question.correct else _("False")]
    return right_answer_summary(question)


@bp.route("/attempts/<int:attempt_id>/result")
@login_required
@no_store
def result(attempt_id: int):
    """The result of a submitted attempt, showing only what the quiz's review policy allows."""
    attempt = _own_attempt(attempt_id)
    services.submit_if_overdue(attempt)
    if attempt.state != SUBMITTED:
        return redirect(url_for("assessment.attempt", attempt_id=attempt.id))
    quiz = attempt.quiz
    policy = services.review_policy(quiz)
    show_answers = services.correct_answers_visible(attempt)
    with_feedback = show_answers and policy.feedback
    lessons = services.lessons_by_key(quiz.version)
    slots = services.slot_results(attempt, lessons)
    saved = services.saved_responses(attempt)
    items = []
    if policy.correctness or show_answers:  # else not even which questions were wrong
        for entry, slot in zip(attempt.snapshot, slots, strict=True):
            question = Question.from_data(entry["question"])
            response = saved.get(entry["slot"])
            wrong = verdict(slot.fraction) in ("wrong", "partial")
            items.append({
                "slot": entry["slot"],
                "text": question_html(question.text, question.text_format),
                "text_after": question.text_after,
                "response": describe_response(question, response),
                "verdict": verdict(slot.fraction),
                "lessons": [lessons[key] for key in slot.lessons] if wrong else [],
                "feedback": [
                    question_html(text, text_format, question.text_format)
                    for text, text_format in feedback_parts(question, response)
                ] if with_feedback else [],
                "general_feedback": question_html(
                    question.general_feedback, question.general_feedback_format,
                    question.text_format,
                ) if with_feedback and question.general_feedback else "",
                "right_answers": right_answers(question) if show_answers else [],
            })  # fmt: skip
    modules = {module.key: module for module in quiz.version.modules}
    by_module = [
        (modules.get(r.module), r, [lessons[key] for key in r.lessons_to_study])
        for r in review.module_results(slots, list(modules))
    ]
    attempts = services.attempts_of(current_user, quiz)
    allowed = quiz.attempts_allowed
    submitted = sum(1 for a in attempts if a.state == SUBMITTED)
    return render_template(
        "assessment/result.html",
        attempt=attempt,
        quiz=quiz,
        course=attempt.enrolment.course,
        enrolment=attempt.enrolment,
        items=items,
        by_module=by_module if quiz.kind != MODULE_QUIZ else [],
        policy=policy,
        show_answers=show_answers,
        passed=services.meets_pass_mark(quiz, attempt.score),
        quiz_passed=services.quiz_result(quiz, attempts)[1],
        attempts_left=None if allowed is None else max(0, allowed - submitted),
        available=services.availability(current_user, quiz, attempt.enrolment),
    )


@bp.route("/quizzes/<int:quiz_id>/statistics")
@role_required(Role.ADMIN, Role.COORDINATOR)
def statistics(quiz_id: int):
    """Item statistics over learners' first attempts, as Moodle's quiz statistics report."""
    quiz = db.session.get(Quiz, quiz_id) or abort(404)
    matrix, question_ids = services.first_attempts_scores(quiz)
    stats, items = services.quiz_report(matrix, question_ids)
    questions = {q.id: q for q in quiz.bank.questions}
    rows = [(questions[qid], item) for qid, item in items.items() if qid in questions]
    rows.sort(key=lambda row: row[0].position)
    return render_template("assessment/statistics.html", quiz=quiz, stats=stats, rows=rows)


@bp.app_template_global()
def quiz_title(quiz: Quiz) -> str:
    if quiz.kind == PRETEST:
        return _("Pre-test")
    if quiz.kind == POSTTEST:
        return _("Post-test")
    return _("Module quiz: %(module)s", module=quiz.module.title_th if quiz.module else "")
