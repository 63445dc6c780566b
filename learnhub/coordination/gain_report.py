"""The learning-gain report of a cohort or of a course version, loaded from the database.

Scores: each member's FIRST submitted pre-test and FIRST submitted post-test
attempt. A later post-test attempt comes after the learner has seen their
results and retaken the test, so it measures the retake as much as the
training; the first attempt is also what the assessment engine's item
statistics use, so the two agree. The figures themselves are the plain
functions of gain.py; the post-test's item statistics are the engine's
(assessment.services.quiz_report), over the same first attempts.

Everyone counted comes from the coordination scoping functions: a cohort's
members, or for a course version the people the viewer may see.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from itertools import chain

import numpy as np
from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import Select, Text, and_, cast, func, select

from learnhub.assessment import services as assessment
from learnhub.assessment.models import POSTTEST, PRETEST, SUBMITTED, Attempt, AttemptAnswer, Quiz
from learnhub.assessment.statistics import ItemStatistics, QuizStatistics
from learnhub.catalog.models import CourseVersion
from learnhub.coordination import gain, scoping
from learnhub.coordination.models import Cohort, CohortMember
from learnhub.coordination.spreadsheets import escape_cell
from learnhub.extensions import db

BAND_WIDTH = 10


@dataclass(frozen=True)
class QuestionRow:
    number: int  # the question's position in its bank
    label: str
    facility: gain.QuestionFacility


@dataclass(frozen=True)
class ModuleRow:
    title: str
    facility: gain.ModuleFacility
    questions: list[QuestionRow]


@dataclass
class GainReport:
    title: str
    version: CourseVersion
    cohort: Cohort | None
    people: int  # members (cohort) or people in scope with an attempt (version)
    summary: gain.GainSummary
    sentences: list[str]
    bands: list[str]
    pre_bins: list[int]
    post_bins: list[int]
    modules: list[ModuleRow] = field(default_factory=list)
    pretest: Quiz | None = None
    posttest: Quiz | None = None
    item_quiz: QuizStatistics | None = None
    items: list[tuple[QuestionRow, ItemStatistics]] = field(default_factory=list)


def _first_attempts(quiz_ids: list[int], people: Select):
    """Each person's first submitted attempt at each quiz, with the credit of every slot.

    One row per attempt: id, user, quiz, score, the question ids as JSON text and
    the slots that earned credit as "slot:fraction,..." (every other slot scores 0,
    as in grading: credit is clamped to 0..1, so the zeros carry nothing). Gathering
    the answers in the database sends thousands of rows, not hundreds of thousands.
    """
    first = (
        select(Attempt.user_id, Attempt.quiz_id, func.min(Attempt.number).label("number"))
        .where(
            Attempt.quiz_id.in_(quiz_ids),
            Attempt.state == SUBMITTED,
            Attempt.user_id.in_(people),
        )
        .group_by(Attempt.user_id, Attempt.quiz_id)
        .subquery()
    )
    chosen = (
        select(
            Attempt.id,
            Attempt.user_id,
            Attempt.quiz_id,
            Attempt.score,
            cast(Attempt.question_ids, Text).label("question_ids"),
        ).join(
            first,
            and_(
                Attempt.user_id == first.c.user_id,
                Attempt.quiz_id == first.c.quiz_id,
                Attempt.number == first.c.number,
            ),
        )
    ).subquery()
    answers = AttemptAnswer.__table__.c
    pair = cast(answers.slot, Text) + ":" + cast(answers.fraction, Text)
    if db.session.get_bind().dialect.name == "postgresql":
        joined = func.string_agg(pair, ",")
    else:
        joined = func.group_concat(pair, ",")
    # A correlated subquery per attempt walks the (attempt, slot) index: no sort, no big group.
    credit = (
        select(joined)
        .where(answers.attempt_id == chosen.c.id, answers.fraction > 0)
        .scalar_subquery()
    )
    return select(*chosen.c, credit.label("credit"))


def _load_first_attempts(quiz_ids: list[int], people: Select) -> dict:
    """(user, quiz) -> (score, question ids, credit per slot) of each first attempt."""
    first: dict[tuple[int, int], tuple[float, tuple[int, ...], list[float]]] = {}
    parsed: dict[str, tuple[int, ...]] = {}  # thousands of attempts share a few draws
    rows = db.session.connection().execute(_first_attempts(quiz_ids, people)).all()
    for _id, user_id, quiz_id, score, question_ids, credit in rows:
        if not isinstance(question_ids, str):  # a driver that parsed the JSON already
            question_ids = json.dumps(question_ids)
        if question_ids not in parsed:
            parsed[question_ids] = tuple(json.loads(question_ids or "[]"))
        ids = parsed[question_ids]
        row = [0.0] * len(ids)
        for entry in credit.split(",") if credit else ():
            slot, _, fraction = entry.partition(":")
            if 0 < int(slot) <= len(row):
                row[int(slot) - 1] = float(fraction)
        first[(user_id, quiz_id)] = (score or 0.0, ids, row)
    return first


def _question_labels(quizzes: list[Quiz]) -> tuple[dict[int, tuple[int, str, bool]], dict]:
    """Bank questions of the quizzes: id -> (position, label, graded), and id -> module key."""
    labels: dict[int, tuple[int, str, bool]] = {}
    module_of: dict[int, str | None] = {}
    if not quizzes:
        return labels, module_of
    lessons = assessment.lessons_by_key(quizzes[0].version)
    for quiz in quizzes:
        for question in quiz.bank.questions:
            text = question.title or str(question.data.get("text", ""))[:80]
            labels[question.id] = (question.position, text, question.graded)
            taught_by = [tag for tag in question.data.get("tags", []) if tag in lessons]
            module_of[question.id] = lessons[taught_by[0]].module.key if taught_by else None
    return labels, module_of


def build_report(
    title: str, version: CourseVersion, people: Select, cohort: Cohort | None, locale: str
) -> GainReport:
    """The whole report for the people selected by ``people`` (a select of user ids)."""
    quizzes = {
        quiz.kind: quiz
        for quiz in db.session.scalars(
            select(Quiz).where(Quiz.version_id == version.id, Quiz.kind.in_((PRETEST, POSTTEST)))
        )
    }
    pretest, posttest = quizzes.get(PRETEST), quizzes.get(POSTTEST)
    quiz_ids = [quiz.id for quiz in (pretest, posttest) if quiz]
    first = _load_first_attempts(quiz_ids, people) if quiz_ids else {}
    pre = {u: v for (u, q), v in first.items() if pretest and q == pretest.id}
    post = {u: v for (u, q), v in first.items() if posttest and q == posttest.id}
    paired = sorted(set(pre) & set(post))
    summary = gain.summarise(
        [(pre[u][0], post[u][0]) for u in paired],
        pre_only=len(set(pre) - set(post)),
        post_only=len(set(post) - set(pre)),
    )
    bands = [
        f"{low}–{low + BAND_WIDTH - 1 if low + BAND_WIDTH < 100 else 100}"
        for low in range(0, 100, BAND_WIDTH)
    ]
    report = GainReport(
        title=title,
        version=version,
        cohort=cohort,
        people=db.session.scalar(select(func.count()).select_from(people.subquery())) or 0,
        summary=summary,
        sentences=gain.in_words(summary, _),
        bands=bands,
        pre_bins=gain.score_bins((pre[u][0] for u in paired), BAND_WIDTH),
        post_bins=gain.score_bins((post[u][0] for u in paired), BAND_WIDTH),
        pretest=pretest,
        posttest=posttest,
    )
    if not first:
        return report

    labels, module_of = _question_labels([q for q in (pretest, posttest) if q])
    graded = {qid for qid, (_n, _t, is_graded) in labels.items() if is_graded}

    graded_ids = np.array(sorted(graded), dtype=np.int64)

    def answers(attempts) -> tuple[np.ndarray, np.ndarray]:
        """Question ids and credits of every graded answer, as two parallel arrays."""
        attempts = list(attempts)
        ids = np.fromiter(chain.from_iterable(a[1] for a in attempts), dtype=np.int64)
        credit = np.fromiter(chain.from_iterable(a[2] for a in attempts), dtype=float)
        keep = np.isin(ids, graded_ids)
        return ids[keep], credit[keep]

    facilities = gain.facilities_of_arrays(
        *answers(pre[u] for u in paired), *answers(post[u] for u in paired)
    )

    def row(question_id: int, facility=None) -> QuestionRow:
        number, text, _graded = labels.get(question_id, (0, "", False))
        return QuestionRow(number, text, facility)

    titles = {module.key: module.title(locale) for module in version.modules}
    for module in gain.by_module(facilities, module_of, [m.key for m in version.modules]):
        questions = sorted(
            (row(f.question_id, f) for f in module.questions), key=lambda r: r.number
        )
        title = titles.get(module.module_key) or _("Questions tagged with no lesson")
        report.modules.append(ModuleRow(title, module, questions))

    if posttest and post:
        matrix = [credit for _score, _ids, credit in post.values()]
        question_ids = [ids for _score, ids, _credit in post.values()]
        report.item_quiz, items = assessment.quiz_report(matrix, question_ids)
        report.items = sorted(
            ((row(qid), stats) for qid, stats in items.items() if qid in labels),
            key=lambda pair: pair[0].number,
        )
    return report


def cohort_report(user, cohort: Cohort, locale: str) -> GainReport:
    """A cohort's report over its members (the viewer's scope decides who they are)."""
    people = scoping.members_for(user, cohort.id).with_only_columns(CohortMember.user_id)
    return build_report(cohort.name, cohort.course_version, people, cohort, locale)


def version_report(user, version: CourseVersion, locale: str) -> GainReport:
    """A course version's report over everyone the viewer may see who took its tests."""
    quiz_ids = select(Quiz.id).where(Quiz.version_id == version.id)
    took_a_test = (
        select(Attempt.user_id)
        .where(Attempt.quiz_id.in_(quiz_ids), Attempt.user_id.in_(scoping.people_for(user)))
        .distinct()
    )
    title = f"{version.title(locale)} ({version.version_label})"
    return build_report(title, version, took_a_test, None, locale)


def _percent(value):
    return None if value is None else round(value, 1)


def workbook(report: GainReport, locale: str) -> bytes:
    """The report's figures in three sheets: summary, per question, post-test item statistics."""
    summary = report.summary
    test = summary.test
    workbook = Workbook(write_only=True)

    def sheet(title: str, rows):
        worksheet = workbook.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", title)[:31])
        for row in rows:
            worksheet.append([escape_cell(value) for value in row])

    sheet(
        _("Summary"),
        [
            [_("Learning-gain report"), report.title],
            [_("Course"), f"{report.version.title(locale)} ({report.version.version_label})"],
            [_("Members with both scores"), summary.pairs],
            [_("Pre-test only"), summary.pre_only],
            [_("Post-test only"), summary.post_only],
            [_("Mean pre-test score (%)"), _percent(summary.pre_mean)],
            [_("Median pre-test score (%)"), _percent(summary.pre_median)],
            [_("Mean post-test score (%)"), _percent(summary.post_mean)],
            [_("Median post-test score (%)"), _percent(summary.post_median)],
            [_("Mean gain (points)"), _percent(summary.mean_gain)],
            [_("Normalised gain on class averages ⟨g⟩"), summary.class_gain],
            [_("Mean of individual normalised gains"), summary.individual_gain_mean],
            [
                _("Left out of the individual gain (pre-test 100%)"),
                summary.individual_gain_left_out,
            ],
            [_("Members who improved"), summary.improved],
            [_("Share who improved (%)"), _percent(100 * (summary.improved_share or 0))],
            [_("Paired t"), test.t if test else None],
            [_("Degrees of freedom"), test.degrees_of_freedom if test else None],
            [_("p-value (two-sided)"), test.p_value if test else None],
            [_("Cohen's d (paired)"), test.cohens_d if test else None],
            [],
            *[[sentence] for sentence in report.sentences],
        ],
    )
    sheet(
        _("Per question"),
        [
            [
                _("Module"),
                _("Question"),
                _("Text"),
                _("Pre-test answers"),
                _("Pre-test facility (%)"),
                _("Post-test answers"),
                _("Post-test facility (%)"),
                _("Change (points)"),
            ],
            *[
                [
                    module.title,
                    q.number,
                    q.label,
                    q.facility.pre_answers,
                    _percent(q.facility.pre_facility),
                    q.facility.post_answers,
                    _percent(q.facility.post_facility),
                    _percent(q.facility.change),
                ]
                for module in report.modules
                for q in module.questions
            ],
        ],
    )
    sheet(
        _("Post-test items"),
        [
            [
                _("Question"),
                _("Text"),
                _("Facility"),
                _("Standard deviation"),
                _("Discrimination index"),
                _("Discriminative efficiency"),
            ],
            *[
                [
                    q.number,
                    q.label,
                    _percent(item.facility),
                    _percent(item.standard_deviation),
                    _percent(item.discrimination_index),
                    _percent(item.discriminative_efficiency),
                ]
                for q, item in report.items
            ],
        ],
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
