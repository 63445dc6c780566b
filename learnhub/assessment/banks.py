"""Question banks: import and export GIFT, and the banks and quizzes of a course version."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select

from learnhub.assessment import gift
from learnhub.assessment.grading import is_full_credit
from learnhub.assessment.models import (
    MODULE_QUIZ,
    POSTTEST,
    PRETEST,
    BankQuestion,
    QuestionBank,
    Quiz,
)
from learnhub.assessment.questions import Question
from learnhub.catalog.loader import BankReport, CourseSpec, QuestionText
from learnhub.catalog.models import CourseVersion
from learnhub.extensions import db


@dataclass(frozen=True)
class BankImport:
    bank: QuestionBank | None  # None for a preview (dry run)
    imported: int
    ungraded: list[Question]  # kept, but never drawn into a quiz (essays, descriptions)
    unchanged: bool = False
    refused: list[gift.GiftError] = field(default_factory=list)  # partial import only


def preview_gift(source: str) -> BankImport:
    """What a partial import would keep and refuse, touching nothing."""
    result = gift.parse_partial(source)
    ungraded = [q for q in result.questions if not q.graded]
    return BankImport(None, len(result.questions), ungraded, refused=result.refused)


def import_gift(slug: str, source: str, partial: bool = False) -> BankImport:
    """Replace a bank's questions with a GIFT file's; a refused question changes nothing.

    With ``partial`` the valid questions are imported and the refused ones
    reported instead (a file of none valid still changes nothing). Attempts hold
    their own snapshot, so replacing questions never changes a past score. The
    caller commits.
    """
    result = gift.parse_partial(source)
    if result.refused and (not partial or not result.questions):
        raise result.refused[0]  # before anything is touched
    questions = result.questions
    digest = hashlib.sha256(source.encode()).hexdigest()
    bank = db.session.scalar(select(QuestionBank).where(QuestionBank.slug == slug))
    ungraded = [q for q in questions if not q.graded]
    if bank is not None and bank.source_hash == digest:
        return BankImport(bank, len(questions), ungraded, unchanged=True, refused=result.refused)
    if bank is None:
        bank = QuestionBank(slug=slug)
        db.session.add(bank)
    bank.questions.clear()
    bank.source_hash = digest
    for position, question in enumerate(questions, start=1):
        bank.questions.append(
            BankQuestion(
                position=position,
                category=question.category,
                qtype=question.qtype,
                title=question.title[:300],
                graded=question.graded,
                data=question.to_data(),
            )
        )
    db.session.flush()
    return BankImport(bank, len(questions), ungraded, refused=result.refused)


def export_gift(bank: QuestionBank) -> str:
    return gift.export([Question.from_data(q.data) for q in bank.questions])


@lru_cache(maxsize=64)
def _inspect_cached(path: str, mtime: float, size: int) -> BankReport:
    try:
        result = gift.parse_partial(read_gift(Path(path)))
    except gift.GiftEncodingError as error:
        return BankReport([(1, error.reason)], {})
    if result.refused:  # a course's bank is all or nothing: every refusal is a problem
        return BankReport([(error.line, error.message) for error in result.refused], {})
    questions = result.questions
    graded = [q for q in questions if q.graded]
    counts = Counter(q.category for q in graded)
    counts[""] = len(graded)
    return BankReport(
        [], dict(counts), [(q.line, q.tags) for q in graded], [_text_of(q) for q in graded]
    )


def _text_of(question: Question) -> QuestionText:
    """What a learner reads of a question, and its right answers, for `courses check`."""
    stem = " ".join(filter(None, [question.text, question.text_after]))
    keys = [c.text for c in question.choices if is_full_credit(c.fraction)]
    visible = [question.title, stem, question.general_feedback, question.feedback_true,
               question.feedback_false]  # fmt: skip
    visible += [part for c in question.choices for part in (c.text, c.feedback)]
    visible += [part for p in question.pairs for part in (p.left, p.right)]
    visible += [n.feedback for n in question.numbers]
    return QuestionText(question.line, stem, keys, " ".join(filter(None, visible)))


def read_gift(path: Path) -> str:
    """A GIFT file's text in whichever encoding gift.decode reads; GiftEncodingError otherwise."""
    return gift.decode(path.read_bytes(), str(path))


def inspect_bank(path: Path) -> BankReport:
    """For `courses check`: GIFT problems, graded questions per category, each one's tags."""
    stat = path.stat()
    return _inspect_cached(str(path), stat.st_mtime_ns, stat.st_size)


def bank_slug(course_slug: str, version_number: int, path: str) -> str:
    return f"{course_slug}/v{version_number}/{path}"


def create_quizzes(spec: CourseSpec, version: CourseVersion) -> None:
    """Import a new course version's banks and create its quizzes (an importer listener)."""
    banks: dict[str, QuestionBank] = {}

    def bank_for(path: str) -> QuestionBank:
        if path not in banks:
            source = read_gift(spec.folder / path)
            banks[path] = import_gift(bank_slug(spec.slug, version.number, path), source).bank
        return banks[path]

    for kind, settings in ((PRETEST, spec.pretest), (POSTTEST, spec.posttest)):
        if settings:
            db.session.add(
                Quiz(version=version, kind=kind, bank=bank_for(settings["bank"]), settings=settings)
            )
    for module in version.modules:
        if module.quiz:
            db.session.add(
                Quiz(
                    version=version,
                    kind=MODULE_QUIZ,
                    module=module,
                    bank=bank_for(module.quiz["bank"]),
                    settings=module.quiz,
                )
            )
    db.session.flush()
