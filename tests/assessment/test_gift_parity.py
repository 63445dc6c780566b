"""GIFT parity with Moodle: every construct, what Moodle's importer makes of it, what LearnHub does.

Each case is written from Moodle's documented GIFT behaviour (docs.moodle.org/en/GIFT_format
and how qformat_gift reads a file), in our own words. ``moodle`` says what a bank author gets
in Moodle; LearnHub must get the same, except where ``learnhub`` differs, and then only for a
reason README.md gives under "GIFT: where LearnHub differs from Moodle" (``why`` quotes it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from learnhub.assessment import gift
from learnhub.assessment.grading import feedback_for, grade, right_answer_summary
from learnhub.assessment.questions import Question

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
REFUSED = "refused"


def summary(question: Question) -> dict:
    """What an author sees of an imported question, in a form the cases can spell out."""
    found: dict = {"type": question.qtype, "text": question.text}
    if question.title:
        found["title"] = question.title
    if question.text_format != gift.DEFAULT_FORMAT:
        found["format"] = question.text_format
    if question.text_after is not None:
        found["after"] = question.text_after
    if question.choices:
        found["answers"] = [
            (c.text, round(c.fraction, 5), c.feedback)
            + ((c.text_format, c.feedback_format) if c.text_format or c.feedback_format else ())
            for c in question.choices
        ]
    if question.pairs:
        found["pairs"] = [(p.left, p.right) + ((p.left_format,) if p.left_format else ())
                          for p in question.pairs]  # fmt: skip
    if question.numbers:
        found["numbers"] = [
            ("*" if n.catch_all else (n.minimum, n.maximum) if n.minimum is not None
             else (n.value, n.tolerance), n.fraction, n.feedback)
            for n in question.numbers
        ]  # fmt: skip
    if question.correct is not None:
        found["correct"] = question.correct
        found["if true"] = (question.feedback_true, question.feedback_true_format)
        found["if false"] = (question.feedback_false, question.feedback_false_format)
    if question.general_feedback or question.general_feedback_format:
        found["general"] = (question.general_feedback, question.general_feedback_format)
    if question.category:
        found["category"] = question.category
    if question.idnumber:
        found["id"] = question.idnumber
    if question.tags:
        found["tags"] = question.tags
    return found


@dataclass
class Case:
    name: str
    source: str
    moodle: dict | str  # what Moodle makes of it, or REFUSED
    learnhub: dict | str | None = None  # only where LearnHub differs
    why: str = ""  # the README's words for the difference

    @property
    def expected(self):
        return self.moodle if self.learnhub is None else self.learnhub


CASES = [
    Case(
        "one right answer",
        "Who signs? {=the chief ~a clerk ~nobody}",
        {
            "type": "single",
            "text": "Who signs?",
            "answers": [("the chief", 1, ""), ("a clerk", 0, ""), ("nobody", 0, "")],
        },
    ),
    Case(
        "a right answer written after a tilde",
        "Who signs? {~=the chief ~a clerk}",
        {
            "type": "single",
            "text": "Who signs?",
            "answers": [("the chief", 1, ""), ("a clerk", 0, "")],
        },
    ),
    Case(
        "two full-credit answers",
        "Which is a hotline? {=1205 =1206 ~191}",
        {
            "type": "single",
            "text": "Which is a hotline?",
            "answers": [("1205", 1, ""), ("1206", 1, ""), ("191", 0, "")],
        },
    ),
    Case(
        "partial credit beside a right answer",
        "Q {=a ~%50%b ~%-25%c}",
        {
            "type": "single",
            "text": "Q",
            "answers": [("a", 1, ""), ("b", 0.5, ""), ("c", -0.25, "")],
        },
    ),
    Case(
        "several right answers by weight",
        "Q {~%50%a ~%50%b ~%-100%c}",
        {
            "type": "multiple",
            "text": "Q",
            "answers": [("a", 0.5, ""), ("b", 0.5, ""), ("c", -1, "")],
        },
    ),
    Case(
        "weights that never reach 100%",
        "Q {~%50%a ~%40%b ~c}",
        {
            "type": "multiple",
            "text": "Q",
            "answers": [("a", 0.5, ""), ("b", 0.4, ""), ("c", 0, "")],
        },
        REFUSED,
        "a question whose answers cannot score 100 %",
    ),
    Case(
        "an arrow inside a choice",
        "Which reads left to right? {=a -> b ~b <- a}",
        {
            "type": "single",
            "text": "Which reads left to right?",
            "answers": [("a -> b", 1, ""), ("b <- a", 0, "")],
        },
    ),
    Case(
        "feedback on each answer",
        "Q {=yes#Right, well done ~no#See lesson 2}",
        {
            "type": "single",
            "text": "Q",
            "answers": [("yes", 1, "Right, well done"), ("no", 0, "See lesson 2")],
        },
    ),
    Case(
        "a blank answer is ignored",
        "Q {=a ~ ~b}",
        {"type": "single", "text": "Q", "answers": [("a", 1, ""), ("b", 0, "")]},
    ),
    Case(
        "text before the first marker is a wrong answer",
        "Q {a ~b =c}",
        {"type": "single", "text": "Q", "answers": [("a", 0, ""), ("b", 0, ""), ("c", 1, "")]},
    ),
    Case(
        "matching",
        "Match {=ป.ป.ช. -> 1205 =ป.ป.ท. -> 1206}",
        {"type": "matching", "text": "Match", "pairs": [("ป.ป.ช.", "1205"), ("ป.ป.ท.", "1206")]},
    ),
    Case("a matching pair without an arrow", "Match {=a -> 1 =b}", REFUSED),
    Case(
        "true",
        "The sky is blue {T}",
        {
            "type": "truefalse",
            "text": "The sky is blue",
            "correct": True,
            "if true": ("", ""),
            "if false": ("", ""),
        },
    ),
    Case(
        "false in full",
        "The sea is dry {FALSE}",
        {
            "type": "truefalse",
            "text": "The sea is dry",
            "correct": False,
            "if true": ("", ""),
            "if false": ("", ""),
        },
    ),
    Case(
        "true/false feedback: first for a wrong response, then for a right one",
        "Q {TRUE#You missed it#Well done}",
        {
            "type": "truefalse",
            "text": "Q",
            "correct": True,
            "if true": ("Well done", ""),
            "if false": ("You missed it", ""),
        },
    ),
    Case(
        "true in lower case is a short answer",
        "Q {true}",
        {"type": "shortanswer", "text": "Q", "answers": [("true", 1, "")]},
    ),
    Case(
        "t in lower case is a short answer too",
        "Q {t}",
        {"type": "shortanswer", "text": "Q", "answers": [("t", 1, "")]},
    ),
    Case(
        "short answer",
        "Hotline? {=1205 =%50%๑๒๐๕#use Arabic digits}",
        {
            "type": "shortanswer",
            "text": "Hotline?",
            "answers": [("1205", 1, ""), ("๑๒๐๕", 0.5, "use Arabic digits")],
        },
    ),
    Case(
        "short answer without '='",
        "Capital? {Bangkok}",
        {"type": "shortanswer", "text": "Capital?", "answers": [("Bangkok", 1, "")]},
    ),
    Case(
        "short answer with a wildcard",
        "Capital? {=Bangkok =%0%*#Think again}",
        {
            "type": "shortanswer",
            "text": "Capital?",
            "answers": [("Bangkok", 1, ""), ("*", 0, "Think again")],
        },
    ),
    Case(
        "short answer that cannot score 100%",
        "Q {=%50%a}",
        {"type": "shortanswer", "text": "Q", "answers": [("a", 0.5, "")]},
        REFUSED,
        "a question whose answers cannot score 100 %",
    ),
    Case(
        "a number",
        "Year? {#2551}",
        {"type": "numerical", "text": "Year?", "numbers": [((2551, 0), 1, "")]},
    ),
    Case(
        "a number with tolerance",
        "Q {#3:2}",
        {"type": "numerical", "text": "Q", "numbers": [((3, 2), 1, "")]},
    ),
    Case("a range", "Q {#1..5}", {"type": "numerical", "text": "Q", "numbers": [((1, 5), 1, "")]}),
    Case(
        "numbers written .5 and +5",
        "Q {#=.5 =%50%+5}",
        {"type": "numerical", "text": "Q", "numbers": [((0.5, 0), 1, ""), ((5, 0), 0.5, "")]},
    ),
    Case(
        "a catch-all for any other number",
        "Q {#3:2~#Completely wrong}",
        {
            "type": "numerical",
            "text": "Q",
            "numbers": [((3, 2), 1, ""), ("*", 0, "Completely wrong")],
        },
    ),
    Case(
        "numerical as Moodle's exporter writes it",
        "Q {#\n\t=%100%3:2#\n\t~#Completely wrong\n}",
        {
            "type": "numerical",
            "text": "Q",
            "numbers": [((3, 2), 1, ""), ("*", 0, "Completely wrong")],
        },
    ),
    Case(
        "numerical with text after the answers",
        "A baht has {#100} satang.",
        {
            "type": "numerical",
            "text": "A baht has",
            "after": "satang.",
            "numbers": [((100, 0), 1, "")],
        },
    ),
    Case(
        "a value that is not a number",
        "Q {#abc}",
        {"type": "numerical", "text": "Q", "numbers": [("*", 1, "")]},
        REFUSED,
        'Moodle turns a value that is not a number into "any answer"',
    ),
    Case(
        "numerical that cannot score 100%",
        "Q {#=%50%5}",
        {"type": "numerical", "text": "Q", "numbers": [((5, 0), 0.5, "")]},
        REFUSED,
        "a question whose answers cannot score 100 %",
    ),
    Case(
        "a weight after '=' in multiple choice",
        "Q {=%50%a ~b}",
        {"type": "single", "text": "Q", "answers": [("%50%a", 1, ""), ("b", 0, "")]},
        REFUSED,
        "an `=` answer is always 100 %",
    ),
    Case(
        "a short answer holding an arrow",
        "Q {a -> b}",
        {"type": "shortanswer", "text": "Q", "answers": [("a -> b", 1, "")]},
    ),
    Case(
        "a format written twice: the second is text",
        "[moodle][html]x {T}",
        {
            "type": "truefalse",
            "text": "[html]x",
            "correct": True,
            "if true": ("", ""),
            "if false": ("", ""),
        },
    ),  # fmt: skip
    Case(
        "a format before a number",
        "Q {#[plain]5}",
        {"type": "numerical", "text": "Q", "numbers": [((5, 0), 1, "")]},
    ),
    Case("essay", "Describe your network {}", {"type": "essay", "text": "Describe your network"}),
    Case(
        "essay with text after",
        "Explain {} in your own words",
        {"type": "essay", "text": "Explain", "after": "in your own words"},
    ),
    Case(
        "description",
        "::Part 2:: The next questions are on the law",
        {"type": "description", "title": "Part 2", "text": "The next questions are on the law"},
    ),
    Case(
        "missing word",
        "The {=network ~market} meets monthly.",
        {
            "type": "single",
            "text": "The",
            "after": "meets monthly.",
            "answers": [("network", 1, ""), ("market", 0, "")],
        },
    ),
    Case(
        "general feedback after the last ####",
        "Q {=a ~b ####one ####two}",
        {
            "type": "single",
            "text": "Q",
            "answers": [("a", 1, ""), ("b", 0, "###one")],
            "general": ("two", ""),
        },
    ),
    Case(
        "formats on every part",
        "[html]<b>Q</b> {=[plain]a#[html]<i>yes</i> ~b#[markdown]*no* ####[html]<p>read</p>}",
        {
            "type": "single",
            "text": "<b>Q</b>",
            "format": "html",
            "answers": [("a", 1, "<i>yes</i>", "plain", "html"), ("b", 0, "*no*", "", "markdown")],
            "general": ("<p>read</p>", "html"),
        },
    ),
    Case(
        "formats on true/false feedback",
        "Q {T#[html]<i>no</i>#[markdown]**yes**}",
        {
            "type": "truefalse",
            "text": "Q",
            "correct": True,
            "if true": ("**yes**", "markdown"),
            "if false": ("<i>no</i>", "html"),
        },
    ),
    Case(
        "format on the left of a matching pair",
        "M {=[html]<b>a</b> -> 1 =b -> 2}",
        {"type": "matching", "text": "M", "pairs": [("<b>a</b>", "1", "html"), ("b", "2")]},
    ),
    Case(
        "id and tags in a comment",
        "// [id:LAW-55] [tag:rights] [tag:a\\]b]\nQ {T}",
        {
            "type": "truefalse",
            "text": "Q",
            "correct": True,
            "if true": ("", ""),
            "if false": ("", ""),
            "id": "LAW-55",
            "tags": ["rights", "a]b"],
        },
    ),
    Case(
        "an unclosed title is question text",
        "::Who signs {=the chief ~a clerk}",
        {
            "type": "single",
            "text": "Who signs",
            "answers": [("the chief", 1, ""), ("a clerk", 0, "")],
        },
    ),
    Case(
        "a category with a colon",
        "$CATEGORY: $course$/top/Law: section 55\n\nQ {T}",
        {
            "type": "truefalse",
            "text": "Q",
            "correct": True,
            "if true": ("", ""),
            "if false": ("", ""),
            "category": "$course$/top/Law: section 55",
        },
    ),
    Case(
        "escaped characters",
        "::a\\:b:: 1 \\= 1 \\{ \\} \\~ \\# \\\\ {=x\\=y#is \\# ~z}",
        {
            "type": "single",
            "title": "a:b",
            "text": "1 = 1 { } ~ # \\",
            "answers": [("x=y", 1, "is #"), ("z", 0, "")],
        },
    ),
    Case(
        "lines are trimmed as Moodle trims them",
        "   Q\n      goes on {\n   =a\n   ~b\n }",
        {"type": "single", "text": "Q\ngoes on", "answers": [("a", 1, ""), ("b", 0, "")]},
    ),
    Case(
        "two answer blocks",
        "Q {=a ~b} and {=c ~d}",
        {
            "type": "single",
            "text": "Q",
            "after": "and {=c ~d}",
            "answers": [("a", 1, ""), ("b", 0, "")],
        },
        REFUSED,
        "a second answer block",
    ),
    Case(
        "an extra matching answer with nothing on the left",
        "M {=a -> 1 =b -> 2 = -> 3}",
        {"type": "matching", "text": "M", "pairs": [("a", "1"), ("b", "2"), ("", "3")]},
    ),
    Case(
        "matching with one pair",
        "M {=a -> 1 = -> 2}",
        {"type": "matching", "text": "M", "pairs": [("a", "1"), ("", "2")]},
        REFUSED,
        "a matching question with a single pair to match",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_bank_author_gets_what_moodle_gives_or_a_documented_refusal(case):
    if case.learnhub is not None:
        assert case.why and case.why in README, f"README must say why: {case.why}"
    result = gift.parse_partial(case.source)
    if case.expected == REFUSED:
        assert not result.questions and len(result.refused) == 1
        assert result.refused[0].line >= 1 and result.refused[0].message
        return
    assert not result.refused, result.refused
    [question] = result.questions
    assert summary(question) == case.expected


ACCEPTED = [case for case in CASES if case.expected != REFUSED]


@pytest.mark.parametrize("case", ACCEPTED, ids=[case.name for case in ACCEPTED])
def test_import_export_import_is_stable(case):
    first = gift.parse(case.source)
    written = gift.export(first)
    again = gift.parse(written)
    assert [q.to_data() for q in again] == [q.to_data() for q in first]
    assert gift.export(again) == written


def test_the_whole_suite_as_one_bank_round_trips():
    source = "\n\n".join(case.source for case in ACCEPTED if "$CATEGORY" not in case.source)
    questions = gift.parse(source)
    assert len(questions) == len(ACCEPTED) - 1
    assert [q.to_data() for q in gift.parse(gift.export(questions))] == [
        q.to_data() for q in questions
    ]


def test_export_writes_what_moodle_reads_back_as_it_was():
    [numerical] = gift.parse("Q {#3:2~#Completely wrong}")
    [tagged] = gift.parse("// [id:A\\]1] [tag:x\\]y]\nQ {T}")
    assert (tagged.idnumber, tagged.tags) == ("A]1", ["x]y"])
    tagged.category = "$course$/top/Law: section 55"
    written = gift.export([numerical, tagged])
    # the catch-all as Moodle's own exporter writes it, after the numbers
    assert "{#=3:2 ~#Completely wrong}" in written
    # Moodle reads a category line as it stands: no escapes
    assert "$CATEGORY: $course$/top/Law: section 55\n" in written
    assert "// [id:A\\]1] [tag:x\\]y]\n" in written


def test_a_learner_answering_the_exported_numerical_layout_right_gets_no_wrong_feedback():
    [question] = gift.parse("Q {#\n=%100%3:2#\n~#Completely wrong\n}")
    assert grade(question, "4") == 1.0
    assert feedback_for(question, "4") == []
    assert grade(question, "9") == 0.0
    assert feedback_for(question, "9") == ["Completely wrong"]


def test_a_wildcard_short_answer_still_compares_thai_fairly():
    [question] = gift.parse("เมืองหลวง {=กรุงเทพ* =%0%*#ลองอีกครั้ง}")
    assert grade(question, "กรุงเทพมหานคร") == 1.0
    assert grade(question, "  กรุงเทพฯ ") == 1.0
    assert grade(question, "เชียงใหม่") == 0.0
    assert feedback_for(question, "เชียงใหม่") == ["ลองอีกครั้ง"]
    [water] = gift.parse("ข้อ {=*น้ำ*}")
    assert grade(water, "แม่น\u0e49\u0e4d\u0e32") == 1.0  # "น้ำ" typed with nikhahit + sara aa
    assert grade(water, "แม่น้ำ\u200b") == 1.0
    assert grade(water, "แม่นม") == 0.0
    [star] = gift.parse("ข้อ {=5\\*}")
    assert grade(star, "5*") == 1.0 and grade(star, "55") == 0.0


def test_an_extra_matching_answer_is_offered_but_not_asked():
    [question] = gift.parse("M {=a -> 1 =b -> 2 = -> 3}")
    assert grade(question, {"0": 0, "1": 1}) == 1.0
    assert grade(question, {"0": 2, "1": 1}) == 0.5


def test_moodle_takes_the_first_matching_answer():
    [question] = gift.parse("Q {=%50%bang* =bangkok}")
    assert grade(question, "Bangkok") == 0.5


def test_the_review_shows_a_wildcard_answer_as_moodle_does_never_the_pattern():
    [city] = gift.parse("เมืองหลวง {=กรุงเทพ* =%50%*เชียง*ใหม่ =%0%*#ลองอีกครั้ง}")
    [star] = gift.parse("ข้อ {=5\\* =%100%*}")
    assert right_answer_summary(city) == ["กรุงเทพ", "เชียง ใหม่"]
    assert right_answer_summary(star) == ["5*"]  # the catch-all is no one's right answer


def test_thirds_that_add_up_to_100_percent_give_full_marks_and_are_accepted_once():
    [thirds] = gift.parse("Q {~%33.33333%a ~%33.33333%b ~%33.33334%c ~%-100%d}")
    assert grade(thirds, [0, 1, 2]) == 1.0
    # weights a learner could never reach full marks with are refused, by the same rule
    assert gift.parse_partial("Q {~%33.3%a ~%33.3%b ~%33.3%c ~d}").refused
