"""Grading each question type, Thai-aware comparison, and combining attempts."""

from pathlib import Path

import pytest

from learnhub.assessment import gift
from learnhub.assessment.grading import (
    feedback_for,
    grade,
    normalize_text,
    overall_grade,
    parse_number,
    right_answer_summary,
    verdict,
)

COURSES = Path(__file__).resolve().parents[2] / "courses"


def one(source: str):
    [question] = gift.parse(source)
    return question


def test_single_choice_scores_the_chosen_answer_and_never_below_zero():
    question = one("ข้อ {=ก ~ข ~%-50%ค}")
    assert [grade(question, i) for i in range(3)] == [1.0, 0.0, 0.0]
    assert grade(question, None) == 0.0


def test_multiple_answers_add_weights_with_negative_ones_subtracting():
    question = one("ข้อ {~%50%ก ~%50%ข ~%-100%ค ~ง}")
    assert grade(question, [0, 1]) == 1.0
    assert grade(question, [0]) == 0.5
    assert grade(question, [0, 2]) == 0.0  # 50 − 100 is clamped to 0
    assert grade(question, [0, 1, 3]) == 1.0
    assert grade(question, [0, 0]) == 0.5  # a repeated choice counts once


def test_true_false():
    question = one("ข้อ {T}")
    assert (grade(question, True), grade(question, False)) == (1.0, 0.0)


def test_matching_gives_credit_per_right_pair():
    question = one("จับคู่ {=ก -> 1 =ข -> 2 =ค -> 3 =ง -> 4}")
    assert grade(question, {"0": 0, "1": 1, "2": 3, "3": 2}) == 0.5
    assert grade(question, {}) == 0.0


def test_short_answer_ignores_zero_width_characters_spaces_and_latin_case():
    question = one("ชื่อหน่วยงาน {=สำนักงาน ป.ป.ช. =%50%NACC}")
    assert grade(question, "สำนักงาน\u200b  ป.ป.ช. ") == 1.0
    assert grade(question, "nacc") == 0.5
    assert grade(question, "สำนักงาน ป.ป.ท.") == 0.0


def test_thai_text_is_compared_in_nfc():
    decomposed, composed = "\u0e01\u0e4d\u0e32", "\u0e01\u0e33"  # กํา vs กำ
    assert normalize_text(decomposed) == normalize_text(composed)


def test_numerical_accepts_tolerance_ranges_and_thai_digits():
    question = one("ปี {#2551:1}")
    assert grade(question, "2551") == 1.0
    assert grade(question, "๒๕๕๒") == 1.0
    assert grade(question, "2553") == 0.0
    assert grade(question, "สองพัน") == 0.0
    assert grade(one("ช่วง {#1..5}"), "3.5") == 1.0
    assert grade(one("ข้อ {#=10:0 =%50%10:2}"), "11") == 0.5
    assert parse_number("1,205") == 1205


def test_a_number_typed_with_its_words_counts_but_two_numbers_do_not():
    assert grade(one("ปี {#2546}"), "พ.ศ. 2546") == 1.0
    assert grade(one("มาตรา {#55}"), "มาตรา ๕๕") == 1.0
    assert grade(one("กี่ด้าน {#7}"), " 7 ด้าน ") == 1.0
    assert grade(one("คะแนน {#36}"), "36 จาก 100") == 0.0  # which number was meant?
    assert parse_number("ประมาณ -2.5 องศา") == -2.5
    assert parse_number("ไม่ทราบ") is None


def test_descriptions_and_essays_are_not_graded():
    assert grade(one("เรียงความ {}"), "ข้อความ") is None
    assert grade(one("คำอธิบายเท่านั้น"), None) is None


def test_feedback_and_right_answers_for_review():
    question = one("ข้อ {=ก#ถูก ~ข#ผิดเพราะ...}")
    assert feedback_for(question, 1) == ["ผิดเพราะ..."]
    assert right_answer_summary(question) == ["ก"]
    assert right_answer_summary(one("ข้อ {#2551:0}")) == ["2551"]


@pytest.mark.parametrize(
    ("method", "expected"), [("highest", 80), ("last", 60), ("first", 40), ("average", 60)]
)
def test_grading_methods_combine_attempts(method, expected):
    assert overall_grade([40, 80, 60], method) == expected
    assert overall_grade([], method) is None


def test_thirds_written_as_33_33333_percent_give_full_credit_and_read_as_right():
    question = one("ข้อ {~%33.33333%ก ~%33.33333%ข ~%33.33334%ค ~%-100%ง}")
    assert sum(c.fraction for c in question.choices[:3]) != 1.0  # a rounding error...
    assert grade(question, [0, 1, 2]) == 1.0  # ...that costs nobody a mark
    assert verdict(grade(question, [0, 1, 2])) == "right"
    assert verdict(grade(question, [0, 1])) == "partial" and verdict(0.0) == "wrong"
    two_thirds = one("ข้อ {~%33.33333%ก ~%33.33333%ข ~%33.33333%ค}")  # 99.99999 %
    assert grade(two_thirds, [0, 1, 2]) == 1.0


def test_every_multiple_answer_question_of_the_real_banks_answered_exactly_right_is_right():
    checked = 0
    for path in sorted(COURSES.glob("*/banks/*.gift")):
        for question in gift.parse(path.read_text(encoding="utf-8")):
            if question.qtype != "multiple":
                continue
            right = [i for i, choice in enumerate(question.choices) if choice.fraction > 0]
            assert grade(question, right) == 1.0, f"{path.name}:{question.line}"
            assert verdict(grade(question, right)) == "right"
            checked += 1
    assert checked >= 20  # every programme bank has several
