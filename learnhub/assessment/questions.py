"""The question types LearnHub grades, as plain data shared by GIFT, storage and grading.

A question is stored as JSON (``Question.to_data``) and snapshotted into every
attempt, so grading a past attempt never depends on today's bank.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

SINGLE = "single"  # one answer right (multiple choice)
MULTIPLE = "multiple"  # several answers, weighted (multiple response)
TRUEFALSE = "truefalse"
MATCHING = "matching"
SHORTANSWER = "shortanswer"
NUMERICAL = "numerical"
DESCRIPTION = "description"  # text only, not graded
ESSAY = "essay"  # imported and kept, but not graded automatically

GRADED_TYPES = {SINGLE, MULTIPLE, TRUEFALSE, MATCHING, SHORTANSWER, NUMERICAL}
QUESTION_TYPES = GRADED_TYPES | {DESCRIPTION, ESSAY}


@dataclass
class Choice:
    """An answer of a choice or short-answer question; fraction is from -1 to 1."""

    text: str
    fraction: float
    feedback: str = ""
    # a format written before the text or the feedback ("[html]"); "" when none was
    text_format: str = ""
    feedback_format: str = ""


@dataclass
class NumericAnswer:
    """A numeric answer: value ± tolerance, a range min..max, or neither: any number.

    "Any number" is Moodle's ``*`` answer, which its exporter writes as the catch-all
    ``~#feedback`` for every answer that no other one accepts.
    """

    value: float | None = None
    tolerance: float = 0.0
    minimum: float | None = None
    maximum: float | None = None
    fraction: float = 1.0
    feedback: str = ""
    feedback_format: str = ""

    @property
    def catch_all(self) -> bool:
        return self.value is None and self.minimum is None

    def accepts(self, number: float) -> bool:
        if self.catch_all:
            return True
        if self.minimum is not None and self.maximum is not None:
            return self.minimum <= number <= self.maximum
        return abs(number - self.value) <= self.tolerance + 1e-9


@dataclass
class Pair:
    left: str
    right: str
    left_format: str = ""


@dataclass
class Question:
    qtype: str
    text: str
    title: str = ""
    text_format: str = "moodle"
    general_feedback: str = ""
    # formats written before the general or true/false feedback; "" means the question's
    general_feedback_format: str = ""
    category: str = ""
    choices: list[Choice] = field(default_factory=list)
    # true/false: the right answer and the feedback for each response
    correct: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""
    feedback_true_format: str = ""
    feedback_false_format: str = ""
    pairs: list[Pair] = field(default_factory=list)
    numbers: list[NumericAnswer] = field(default_factory=list)
    # missing-word questions put the answer blank inside the text
    text_after: str | None = None
    case_sensitive: bool = False
    # Moodle's "// [id:...]" and "// [tag:...]" comments; a tag naming a lesson of the
    # course says which lesson teaches the answer (results point learners to it).
    idnumber: str = ""
    tags: list[str] = field(default_factory=list)
    line: int = 0  # where the question starts in its GIFT file

    @property
    def graded(self) -> bool:
        return self.qtype in GRADED_TYPES

    def to_data(self) -> dict:
        data = asdict(self)
        data.pop("line")
        return data

    @classmethod
    def from_data(cls, data: dict) -> Question:
        data = dict(data)
        data["choices"] = [Choice(**c) for c in data.get("choices", [])]
        data["pairs"] = [Pair(**p) for p in data.get("pairs", [])]
        data["numbers"] = [NumericAnswer(**n) for n in data.get("numbers", [])]
        data["tags"] = list(data.get("tags", []))
        return cls(**data)
