"""GIFT import and export, compatible with Moodle's format."""

from pathlib import Path

import pytest

from learnhub.assessment import gift
from learnhub.assessment.questions import (
    DESCRIPTION,
    ESSAY,
    MATCHING,
    MULTIPLE,
    NUMERICAL,
    SHORTANSWER,
    SINGLE,
    TRUEFALSE,
)  # fmt: skip

FIXTURE = Path(__file__).parent / "fixtures" / "every-construct.gift"


@pytest.fixture(scope="module")
def questions():
    return gift.parse(FIXTURE.read_text(encoding="utf-8"))


def by_title(questions, title):
    return next(q for q in questions if q.title == title)


def test_every_construct_is_read(questions):
    assert [q.qtype for q in questions] == [
        SINGLE, MULTIPLE, TRUEFALSE, TRUEFALSE, TRUEFALSE, MATCHING, SHORTANSWER, NUMERICAL,
        NUMERICAL, NUMERICAL, ESSAY, DESCRIPTION, SINGLE, SINGLE, MULTIPLE,
    ]  # fmt: skip
    assert questions[0].category == "ความหมายของการทุจริต"
    assert questions[-1].category == "English"


def test_choices_weights_and_feedback(questions):
    question = by_title(questions, "ความหมาย")
    assert [c.fraction for c in question.choices] == [1.0, 0.0, -0.5]
    assert question.choices[1].feedback == "ไม่ใช่ ความล่าช้าไม่ใช่การทุจริตโดยตัวเอง"
    assert question.general_feedback == "ทุจริตต่อหน้าที่คือการใช้อำนาจเพื่อประโยชน์โดยมิชอบ"
    multiple = by_title(questions, "หลายคำตอบ")
    assert multiple.text_format == "markdown"
    assert [c.fraction for c in multiple.choices] == [0.5, 0.5, -1.0]


def test_true_false_feedback_follows_moodle(questions):
    # {T#shown when wrong#shown when right}
    question = by_title(questions, "ถูกผิด")
    assert question.correct is True
    assert question.feedback_true == "ถูกต้อง"
    assert question.feedback_false == "ผิด ละเว้นก็เป็นการทุจริตได้"
    assert by_title(questions, "ผิดถูก").correct is False
    assert by_title(questions, "สั้น").correct is False


def test_matching_short_answer_and_numbers(questions):
    assert [(p.left, p.right) for p in by_title(questions, "จับคู่").pairs] == [
        ("สำนักงาน ป.ป.ช.", "1205"), ("สำนักงาน ป.ป.ท.", "1206"), ("ศูนย์ดำรงธรรม", "1567"),
    ]  # fmt: skip
    short = by_title(questions, "ตอบสั้น")
    assert [(c.text, c.fraction) for c in short.choices] == [("1205", 1.0), ("๑๒๐๕", 0.5)]
    year = by_title(questions, "ตัวเลข").numbers[0]
    assert (year.value, year.tolerance) == (2551, 0)
    span = by_title(questions, "ช่วง").numbers[0]
    assert (span.minimum, span.maximum) == (18, 120)
    several = by_title(questions, "ตัวเลขหลายคำตอบ").numbers
    assert [(n.value, n.tolerance, n.fraction) for n in several] == [(35, 0, 1.0), (35, 2, 0.5)]


def test_missing_word_keeps_the_text_after_the_blank(questions):
    question = questions[12]
    assert question.text == "หน่วยงานที่ดูแลสายด่วน 1206 คือ"
    assert question.text_after == "สังกัดกระทรวงยุติธรรม"


def test_escapes_become_plain_characters(questions):
    question = by_title(questions, "อักขระพิเศษ:ทดสอบ")
    assert question.text == "ใช้ {วงเล็บ}, = เท่ากับ, ~ ตัวหนอน, # ชาร์ป และ \\ ทับ\nขึ้นบรรทัดใหม่"
    assert [c.text for c in question.choices] == ["a=b", "c~d"]
    assert question.choices[0].feedback == "ใช่ # ครับ"


def test_export_then_import_gives_identical_questions(questions):
    again = gift.parse(gift.export(questions))
    assert [q.to_data() for q in again] == [q.to_data() for q in questions]


@pytest.mark.parametrize(
    ("source", "line", "message"),
    [
        ("// c\n\nคำถาม {=ก ~ข", 3, "not closed"),
        ("::t:: ok {=a ~b}\n\n::t2:: bad }", 3, "without a matching"),
        ("ข้อ {~ก ~ข}", 1, "add up to 0%"),
        ("ข้อ {~%50%ก ~%40%ข}", 1, "add up to 90%"),
        ("ข้อ {=ก ~}", 1, "at least two answers"),
        ("ข้อ {#abc}", 1, "not a number"),
        ("ข้อ {=ก -> 1 =ข}", 1, "matching pair"),
        ("\n\n::t:: ข้อ {~%150%ก}", 3, "outside -100% to 100%"),
        ("ข้อ {=%50%ก}", 1, "worth 100%"),
        ("ข้อ {=%50%ก ~ข}", 1, "always 100%"),
        ("ข้อ {#=%50%5}", 1, "worth 100%"),
        ("ข้อ\n{=ก ~ข} {=ค ~ง}", 2, "only one answer block"),
    ],
)
def test_syntax_errors_name_their_line(source, line, message):
    with pytest.raises(gift.GiftError) as caught:
        gift.parse(source)
    assert caught.value.line == line
    assert message in caught.value.message
