"""Grading a response to a question, as a pure function of the snapshot and the response.

Responses are plain JSON values that the attempt service has already checked
against the snapshot: a choice index, a list of them, True/False, a mapping of
left item to right item, or typed text. A question's score is a fraction from
0 to 1; negative weights lower a multiple-response score but never below 0.
"""

from __future__ import annotations

import re
import unicodedata

from learnhub.assessment.questions import (
    MATCHING,
    MULTIPLE,
    NUMERICAL,
    SHORTANSWER,
    SINGLE,
    TRUEFALSE,
    Choice,
    NumericAnswer,
    Question,
)

# Zero-width characters Thai text often carries from copy and paste or IMEs.
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
# Sara am (ำ) is often typed as nikhahit + sara aa (ํา), possibly with a tone mark
# between; Unicode NFC does not unify them, so this does.
_SARA_AM = re.compile("([\u0e48-\u0e4b]?)\u0e4d([\u0e48-\u0e4b]?)\u0e32")


def normalize_text(text: str, case_sensitive: bool = False) -> str:
    """Compare typed answers fairly: NFC, sara am unified, no zero-width characters, single spaces.

    Latin letters are case-folded unless the question is case sensitive; Thai
    has no case, so folding leaves it alone.
    """
    text = unicodedata.normalize("NFC", text or "").translate(_ZERO_WIDTH)
    text = _SARA_AM.sub(lambda m: m.group(1) + m.group(2) + "\u0e33", text)
    text = _SPACES.sub(" ", text).strip()
    return text if case_sensitive else text.casefold()


def _wildcard(pattern: str, case_sensitive: bool) -> re.Pattern:
    """Moodle's short-answer pattern: ``*`` is any text, ``\\*`` a real asterisk."""
    pieces = re.split(r"(?<!\\)\*+", normalize_text(pattern, case_sensitive))
    return re.compile(".*".join(re.escape(piece.replace("\\*", "*")) for piece in pieces), re.S)


def _pattern_as_text(pattern: str) -> str:
    """A short-answer pattern as Moodle shows it as the right answer: wildcards become
    spaces, ``\\*`` an asterisk; a pattern of wildcards alone shows nothing."""
    pieces = re.split(r"(?<!\\)\*", pattern)
    return _SPACES.sub(" ", " ".join(piece.replace("\\*", "*") for piece in pieces)).strip()


def matching_choice(question: Question, response) -> Choice | None:
    """The short answer a typed response matches: the first one, as Moodle takes it."""
    typed = normalize_text(response, question.case_sensitive)
    for choice in question.choices:
        if _wildcard(choice.text, question.case_sensitive).fullmatch(typed):
            return choice
    return None


def matching_number(question: Question, response) -> NumericAnswer | None:
    """The numeric answer a typed number falls within: the first one, as Moodle takes it."""
    number = parse_number(response)
    if number is None:
        return None
    return next((n for n in question.numbers if n.accepts(number)), None)


def parse_number(text: str) -> float | None:
    """A typed number, accepting Thai digits, thousands separators and a decimal point.

    Learners write numbers with their words ("พ.ศ. 2546", "7 ด้าน", "มาตรา ๕๕"): text that
    holds exactly one number counts as that number; two numbers are ambiguous and count as none.
    """
    cleaned = normalize_text(str(text)).translate(_THAI_DIGITS).replace(",", "")
    try:
        return float(cleaned.replace(" ", ""))
    except ValueError:
        found = _NUMBER.findall(cleaned)
        return float(found[0]) if len(found) == 1 else None


# GIFT weights are percentages with a few decimals (33.33333 + 33.33333 + 33.33334):
# their sum misses 1 by a rounding error, which must not cost a learner full marks.
# Every comparison of a fraction with full or no credit goes through here.
FRACTION_TOLERANCE = 1e-5


def _clamp(value: float) -> float:
    """A fraction within 0..1, snapped to 0 or 1 when it is that up to rounding."""
    if value >= 1.0 - FRACTION_TOLERANCE:
        return 1.0
    if value <= FRACTION_TOLERANCE:
        return 0.0
    return value


def is_full_credit(fraction: float) -> bool:
    return fraction >= 1.0 - FRACTION_TOLERANCE


def is_no_credit(fraction: float) -> bool:
    return fraction <= FRACTION_TOLERANCE


def verdict(fraction: float | None) -> str | None:
    """ "right", "partial" or "wrong" for a graded fraction; None when not graded."""
    if fraction is None:
        return None
    if is_full_credit(fraction):
        return "right"
    return "wrong" if is_no_credit(fraction) else "partial"


def grade(question: Question, response) -> float | None:
    """The fraction earned (0..1), or None for an ungraded question (description, essay)."""
    if not question.graded:
        return None
    if response is None:
        return 0.0
    qtype = question.qtype
    if qtype == SINGLE:
        return _clamp(question.choices[response].fraction)
    if qtype == MULTIPLE:
        return _clamp(sum(question.choices[index].fraction for index in set(response)))
    if qtype == TRUEFALSE:
        return 1.0 if response is question.correct else 0.0
    if qtype == MATCHING:
        right = sum(1 for left, chosen in response.items() if int(left) == chosen)
        return _clamp(right / sum(1 for pair in question.pairs if pair.left))
    if qtype in (SHORTANSWER, NUMERICAL):
        match = matching_choice if qtype == SHORTANSWER else matching_number
        found = match(question, response)
        return _clamp(found.fraction) if found is not None else 0.0
    raise ValueError(f"cannot grade question type {qtype!r}")


def right_answer_summary(question: Question) -> list[str]:
    """The right answers in words, for the review page (never sent before submission)."""
    if question.qtype in (SINGLE, MULTIPLE):
        return [c.text for c in question.choices if c.fraction > 0]
    if question.qtype == SHORTANSWER:  # a pattern as Moodle shows it: never a bare "*"
        shown = (_pattern_as_text(c.text) for c in question.choices if c.fraction > 0)
        return [text for text in shown if text]
    if question.qtype == TRUEFALSE:
        return ["TRUE" if question.correct else "FALSE"]  # the view says it in words
    if question.qtype == MATCHING:
        return [f"{p.left} → {p.right}" for p in question.pairs if p.left]
    if question.qtype == NUMERICAL:
        return [
            f"{n.minimum:g}–{n.maximum:g}" if n.minimum is not None
            else f"{n.value:g}" + (f" ± {n.tolerance:g}" if n.tolerance else "")
            for n in question.numbers if is_full_credit(n.fraction) and not n.catch_all
        ]  # fmt: skip
    return []


def feedback_parts(question: Question, response) -> list[tuple[str, str]]:
    """The per-answer feedback that belongs to this response, each with its GIFT format."""
    if response is None or not question.graded:
        return []
    if question.qtype == SINGLE:
        chosen = [question.choices[response]]
    elif question.qtype == MULTIPLE:
        chosen = [question.choices[i] for i in sorted(set(response))]
    elif question.qtype == TRUEFALSE:
        if response:
            return (
                [(question.feedback_true, question.feedback_true_format)]
                if question.feedback_true
                else []
            )
        return (
            [(question.feedback_false, question.feedback_false_format)]
            if question.feedback_false
            else []
        )
    elif question.qtype in (SHORTANSWER, NUMERICAL):
        match = matching_choice if question.qtype == SHORTANSWER else matching_number
        found = match(question, response)
        chosen = [found] if found is not None else []
    else:
        return []
    return [(c.feedback, c.feedback_format) for c in chosen if c.feedback]


def feedback_for(question: Question, response) -> list[str]:
    """The per-answer feedback that belongs to this response, as text."""
    return [text for text, _ in feedback_parts(question, response)]


def overall_grade(scores: list[float], method: str) -> float | None:
    """Combine the percentages of several attempts: highest, last, first or average."""
    if not scores:
        return None
    if method == "highest":
        return max(scores)
    if method == "last":
        return scores[-1]
    if method == "first":
        return scores[0]
    if method == "average":
        return sum(scores) / len(scores)
    raise ValueError(f"unknown grading method {method!r}")
