"""A learner finds a course, enrols and reads to the end in a real browser."""

import pytest
from playwright.sync_api import expect

from learnhub.catalog.importer import import_path
from tests.e2e.steps import fits_the_screen, log_in, thai_page_checks
from tests.journeys import spend_reading_time

pytestmark = pytest.mark.e2e


@pytest.fixture
def listed_example(app, course_folder):
    folder = course_folder()
    with app.app_context():
        import_path(folder.path)


def test_learner_enrols_reads_and_sees_progress(app, page, listed_example, make_member):
    make_member(email="reader@example.org")
    page.clock.install()  # the lesson script's timers follow this clock
    log_in(page, "reader@example.org")

    page.goto("/courses/")
    page.get_by_label("ค้นหาหลักสูตรหรือบทเรียน").fill("ซื่อตรง")
    page.get_by_role("button", name="ค้นหา").click()
    page.get_by_role("link", name="ตัวอย่างหลักสูตร ความซื่อตรงในการทำงาน").click()
    page.get_by_role("button", name="ลงทะเบียนเรียนหลักสูตรนี้").click()
    expect(page.get_by_text("ลงทะเบียนเรียบร้อยแล้ว")).to_be_visible()

    page.get_by_role("link", name="ทำต่อ: การทุจริตคืออะไร").click()
    expect(page.get_by_role("heading", name="การทุจริตคืออะไร", level=1)).to_be_visible()
    expect(page.locator("blockquote.callout-summary")).to_be_visible()
    with app.app_context():
        spend_reading_time()  # the learner reads
    page.get_by_role("button", name="อ่านจบแล้ว — บทเรียนถัดไป").click()

    # Reading to the end of the second lesson marks it done without a click.
    expect(page.get_by_role("heading", name="ผลประโยชน์ทับซ้อน", level=1)).to_be_visible()
    with app.app_context():
        spend_reading_time()
    page.locator("#lesson-end").scroll_into_view_if_needed()
    # A script that reached the end before the reading time was spent asks again once the
    # server's "seconds left" have passed: the browser's clock goes past any lesson's minimum.
    page.clock.fast_forward("30:00")
    page.get_by_text("ท่านอ่านบทเรียนนี้จบแล้ว").wait_for()
    page.get_by_role("link", name="ตัวอย่างหลักสูตร ความซื่อตรงในการทำงาน").click()
    expect(page.locator("#course-progress")).to_have_attribute("value", "67")
    fits_the_screen(page)


def test_a_visitor_sees_when_the_course_content_was_last_checked(app, page, course_folder):
    folder = course_folder()
    folder.edit("course.yaml", "\nstudy_hours: 1", "\nlast_checked: 2026-11-30\nstudy_hours: 1")
    with app.app_context():
        import_path(folder.path)

    page.goto("/courses/")
    page.get_by_role("link", name="ตัวอย่างหลักสูตร ความซื่อตรงในการทำงาน").click()

    facts = page.locator("dl.facts")
    expect(facts.get_by_text("ตรวจสอบข้อมูล ณ")).to_be_visible()
    expect(page.locator("#last-checked")).to_have_text("30 พฤศจิกายน พ.ศ. 2569")
    # The next step is still the obvious one: log in to enrol.
    expect(page.get_by_role("link", name="เข้าสู่ระบบเพื่อลงทะเบียน")).to_be_visible()
    thai_page_checks(page)
