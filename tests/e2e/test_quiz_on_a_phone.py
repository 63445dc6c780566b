"""A 20-question pre-test on a 360 × 740 phone: the question numbers take one line, a
jump to question 9 shows all of it below the sticky bar, and submitting shows a summary
of what is still unanswered first."""

import re

import pytest
from playwright.sync_api import expect

from learnhub.catalog.cli import DEFAULT_PATH
from learnhub.catalog.importer import import_path
from tests.e2e.steps import log_in, thai_page_checks

pytestmark = pytest.mark.e2e


def to_the_pretest(app, make_member, page) -> None:
    """A volunteer enrols in corruption-types and opens its pre-test's start page."""
    with app.app_context():
        import_path(DEFAULT_PATH / "corruption-types")
    make_member(email="volunteer@example.org")
    log_in(page, "volunteer@example.org")
    page.goto("/courses/corruption-types")
    page.get_by_role("button", name="ลงทะเบียนเรียนหลักสูตรนี้").click()
    page.get_by_role("link", name="ทำแบบทดสอบก่อนเรียน").first.click()


@pytest.fixture
def on_the_pretest(app, make_member, page):
    to_the_pretest(app, make_member, page)
    expect(page.get_by_text("เวลาเริ่มนับทันทีที่ท่านกดปุ่มด้านล่าง")).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
    expect(page.locator("fieldset.question")).to_have_count(20)
    return page


def answer_somehow(question) -> None:
    """Give the question an answer, whatever its kind (the pre-test's draw is random)."""
    ticks = question.locator("input[type=radio], input[type=checkbox]")
    if ticks.count():
        ticks.first.check()
    elif question.locator("select").count():
        question.locator("select").first.select_option(index=1)
    else:  # a short answer or a number
        question.locator("input[type=text], input:not([type])").first.fill("1")


def box(locator) -> dict:
    return locator.bounding_box()


def test_the_question_numbers_take_one_line_and_a_jump_shows_the_whole_question(on_the_pretest):
    page = on_the_pretest
    numbers = page.locator(".question-nav a")
    tops = {
        round(box(numbers.nth(i))["y"])
        for i in range(numbers.count())
        if numbers.nth(i).is_visible()
    }
    if page.width < 700:
        assert len(tops) == 1, f"the question numbers take {len(tops)} lines on a phone"
        toggle = page.get_by_role("button", name="แสดงทุกข้อ")
        toggle.click()
        expect(page.get_by_role("button", name="แสดงบรรทัดเดียว")).to_have_attribute(
            "aria-expanded", "true"
        )
        page.get_by_role("button", name="แสดงบรรทัดเดียว").click()
    thai_page_checks(page)

    page.locator("#nav-9").click()
    question = page.locator("#question-9")
    bar = box(page.locator("#attempt-bar"))
    where = box(question)
    below_bar = bar["y"] + bar["height"]
    assert where["y"] >= below_bar - 1, "question 9 starts under the sticky bar"
    room = page.viewport_size["height"] - below_bar
    margin = 8  # the question's scroll-margin below the bar (.5rem)
    if where["height"] + margin <= room:  # it fits below the bar: all of it is shown
        assert where["y"] + where["height"] <= page.viewport_size["height"] + 1
    else:  # a question taller than the room (the draw is random): it starts at the bar
        assert where["y"] <= below_bar + margin + 1, "a long question 9 starts off screen"
    expect(question.locator("legend")).to_be_in_viewport()


def test_submit_first_shows_how_many_questions_are_unanswered(on_the_pretest):
    page = on_the_pretest
    for slot in (1, 2):
        answer_somehow(page.locator(f"#question-{slot}"))
    page.get_by_text("บันทึกแล้ว").wait_for()
    page.get_by_role("button", name="ตรวจทานและส่งคำตอบ").click()

    expect(page.get_by_role("heading", name="สรุปคำตอบของท่าน")).to_be_visible()
    expect(page.get_by_text("ยังไม่ได้ตอบ 18 ข้อ")).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("link", name="ข้อที่ 5").click()  # back to a question left blank
    expect(page.locator("#question-5 legend")).to_be_in_viewport()
    page.get_by_role("button", name="ตรวจทานและส่งคำตอบ").click()
    page.get_by_role("button", name="ส่งคำตอบและจบการทดสอบ").click()
    expect(page.get_by_role("heading", name="ผลการทำแบบทดสอบครั้งที่ 1")).to_be_visible()
    thai_page_checks(page)


def test_screen_readers_hear_the_time_left_at_five_minutes_and_at_one(app, make_member, page):
    to_the_pretest(app, make_member, page)
    page.clock.install()  # the page's clock is the test's from here: half an hour in seconds
    page.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
    announcer = page.locator("#time-announce")
    expect(announcer).to_have_attribute("aria-live", "assertive")
    expect(page.locator("#time-left")).to_have_text(re.compile(r"^(30:00|29:5\d)$"))
    expect(announcer).to_have_text("")

    page.clock.fast_forward("25:05")
    expect(page.locator("#time-left")).to_have_text(re.compile(r"^4:5\d$"))
    expect(announcer).to_have_text("เหลือเวลา 5 นาที คำตอบของท่านถูกบันทึกไว้ทุกครั้งที่ตอบ")

    page.clock.fast_forward("02:00")  # nothing new to say at three minutes
    expect(page.locator("#time-left")).to_have_text(re.compile(r"^2:5\d$"))
    expect(announcer).to_have_text("เหลือเวลา 5 นาที คำตอบของท่านถูกบันทึกไว้ทุกครั้งที่ตอบ")

    page.clock.fast_forward("02:00")
    expect(page.locator("#time-left")).to_have_text(re.compile(r"^0:5\d$"))
    expect(announcer).to_have_text("เหลือเวลา 1 นาที เมื่อหมดเวลา ระบบจะส่งคำตอบที่บันทึกไว้ให้โดยอัตโนมัติ")
