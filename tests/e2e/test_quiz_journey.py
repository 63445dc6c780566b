"""Taking a quiz in a real browser: answers save as they are given and survive a reload
and a dropped connection."""

import pytest
from playwright.sync_api import expect

from learnhub.catalog.importer import import_path
from tests.e2e.steps import enrol_in_example, log_in, submit_attempt

pytestmark = pytest.mark.e2e


@pytest.fixture
def enrolled(app, course_folder, make_member, page):
    folder = course_folder(quizzes=True)
    with app.app_context():
        import_path(folder.path)
    make_member(email="quiz@example.org")
    log_in(page, "quiz@example.org")
    enrol_in_example(page)
    return page


def test_pretest_answers_survive_reload_and_a_dropped_connection(enrolled):
    page = enrolled
    page.get_by_role("link", name="ทำแบบทดสอบก่อนเรียน").first.click()
    page.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
    expect(page.locator("#time-left")).not_to_have_text("—")  # the countdown runs

    first = page.locator("fieldset.question").first
    first.locator(
        "input[type=radio], input[type=checkbox], select, input[type=text]"
    ).first.wait_for()
    answer_first_control(first)
    page.get_by_text("บันทึกแล้ว").wait_for()
    page.reload()
    expect(page.locator("#nav-1.answered")).to_have_count(1)  # the saved answer is back

    page.context.set_offline(True)
    second = page.locator("fieldset.question").nth(1)
    answer_first_control(second)
    page.get_by_text("ยังบันทึกไม่ได้").wait_for()
    page.context.set_offline(False)
    page.get_by_text("บันทึกแล้ว").wait_for(timeout=15_000)  # retried when back online
    page.reload()
    expect(page.locator("#nav-2.answered")).to_have_count(1)

    submit_attempt(page)
    expect(page.get_by_role("heading", name="ผลการทำแบบทดสอบครั้งที่ 1")).to_be_visible()
    page.get_by_role("link", name="กลับไปหน้าหลักสูตร").click()
    expect(page.get_by_role("link", name="ทำต่อ: การทุจริตคืออะไร")).to_be_visible()


def answer_first_control(fieldset) -> None:
    control = fieldset.locator(
        "input[type=radio], input[type=checkbox], select, input[type=text]"
    ).first
    kind = control.evaluate("el => el.tagName === 'SELECT' ? 'select' : el.type")
    if kind == "select":
        control.select_option(index=1)
    elif kind == "text":
        control.fill("1206")
        control.blur()
    else:
        control.check()
