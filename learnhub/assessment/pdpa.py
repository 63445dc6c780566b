"""The assessment's share of a member's data for the PDPA export: attempts and answers.

The export is one more way to read a result, so it obeys the quiz's review policy
exactly as the result page does (review.py): a pre-test's key, which the post-test
shares, never travels in it before the learner may see it.
"""

from __future__ import annotations

from sqlalchemy import select

from learnhub.accounts.models import User
from learnhub.accounts.pdpa import ExportPart, iso, register_export
from learnhub.assessment import review, services
from learnhub.assessment.grading import verdict
from learnhub.assessment.models import SUBMITTED, Attempt
from learnhub.assessment.questions import MATCHING, MULTIPLE, SINGLE, Question
from learnhub.assessment.views import describe_response, right_answers
from learnhub.extensions import db


def shown_options(question: Question, entry: dict) -> dict:
    """The choices as the attempt showed them, in its order, without their credit."""
    if question.qtype in (SINGLE, MULTIPLE):
        return {"choices": [question.choices[i].text for i in entry["order"]]}
    if question.qtype == MATCHING:
        return {
            "items": [question.pairs[i].left for i in entry["left_order"]],
            "options": [question.pairs[i].right for i in entry["right_order"]],
        }
    return {}


def attempt_record(attempt: Attempt, rules: dict[int, tuple[review.ReviewPolicy, bool]]) -> dict:
    """One attempt: the questions shown, the learner's answers, and what review allows.

    ``rules`` holds each quiz's policy and whether its key may show, worked out once per
    quiz (they do not change from one attempt to the next).
    """
    submitted = attempt.state == SUBMITTED
    if attempt.quiz_id not in rules:
        rules[attempt.quiz_id] = (
            services.review_policy(attempt.quiz),
            services.correct_answers_visible(attempt),
        )
    policy, key_visible = rules[attempt.quiz_id]
    show_key = submitted and key_visible
    marks = submitted and (policy.correctness or show_key)
    saved = services.saved_responses(attempt)
    fractions = {}
    if marks:
        slots = services.slot_results(attempt, services.lessons_by_key(attempt.quiz.version))
        fractions = {
            entry["slot"]: s.fraction for entry, s in zip(attempt.snapshot, slots, strict=True)
        }
    questions = []
    for entry in attempt.snapshot:
        question = Question.from_data(entry["question"])
        item = {
            "slot": entry["slot"],
            "type": question.qtype,
            "text": question.text,
            **shown_options(question, entry),
            "your_answer": describe_response(question, saved.get(entry["slot"])),
        }
        if question.text_after:
            item["text_after"] = question.text_after
        if marks:
            item["result"] = verdict(fractions.get(entry["slot"]))
        if show_key:
            item["correct_answers"] = right_answers(question)
        questions.append(item)
    quiz = attempt.quiz
    return {
        "course": quiz.version.course.slug,
        "quiz": quiz.kind,
        "module": quiz.module.key if quiz.module else None,
        "number": attempt.number,
        "state": attempt.state,
        "started_at": iso(attempt.started_at),
        "submitted_at": iso(attempt.submitted_at),
        "score": attempt.score if submitted and policy.score else None,
        "correct_answers_shown": show_key,
        "questions": questions,
    }


def export_attempts(user: User) -> ExportPart:
    attempts = db.session.scalars(
        select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.started_at, Attempt.id)
    )
    rules: dict[int, tuple[review.ReviewPolicy, bool]] = {}
    return ExportPart([attempt_record(attempt, rules) for attempt in attempts])


def connect() -> None:
    register_export("attempts", export_attempts)
