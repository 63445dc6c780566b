"""A learner studies a sequential course in a real browser: lessons open in order, a lesson
counts only after its reading time, and a module's last lesson leads to its quiz."""

import pytest
from playwright.sync_api import expect

from learnhub.catalog.importer import import_path
from tests.e2e.steps import enrol_in_example, log_in, thai_page_checks
from tests.journeys import spend_reading_time

pytestmark = pytest.mark.e2e


@pytest.fixture
def sequential_course(app, course_folder, make_member, page):
    folder = course_folder(quizzes=True)
    folder.edit("course.yaml", "sequential: false", "sequential: true")
    folder.edit("course.yaml", "  required: true\n", "  required: false\n")
    with app.app_context():
        import_path(folder.path)
    make_member(email="reader@example.org")
    log_in(page, "reader@example.org")
    enrol_in_example(page)
    return page


def test_lessons_open_in_order_and_count_only_after_their_reading_time(app, sequential_course):
    page = sequential_course
    expect(page.get_by_text("เปิดเมื่อเรียนบทก่อนหน้าจบ").first).to_be_visible()
    thai_page_checks(page)

    page.goto("/courses/example/lessons/conflict-of-interest")  # jumping ahead
    expect(page.get_by_text("บทเรียนของหลักสูตรนี้เปิดตามลำดับ")).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("link", name="ไปที่ “การทุจริตคืออะไร”").click()

    expect(page.get_by_text("อย่างน้อย 3 นาที")).to_be_visible()
    page.get_by_role("button", name="อ่านจบแล้ว — บทเรียนถัดไป").click()  # far too soon
    expect(page.get_by_text("อีกประมาณ 3 นาที")).to_be_visible()
    thai_page_checks(page)

    with app.app_context():
        spend_reading_time()  # the learner reads for a while
    page.get_by_role("button", name="อ่านจบแล้ว — บทเรียนถัดไป").click()
    expect(page.get_by_role("heading", name="ผลประโยชน์ทับซ้อน", level=1)).to_be_visible()

    # Reaching the end too soon: the page says so, and marks it by itself later.
    page.locator("#lesson-end").scroll_into_view_if_needed()
    expect(page.get_by_text("ระบบจะบันทึกว่าอ่านจบให้เอง")).to_be_visible()
    with app.app_context():
        spend_reading_time()
    page.get_by_role("button", name="อ่านจบแล้ว — บทเรียนถัดไป").click()
    expect(page.get_by_role("heading", name="ช่องทางแจ้งเบาะแส", level=1)).to_be_visible()
    with app.app_context():
        spend_reading_time()
    page.get_by_role("button", name="อ่านจบแล้ว — ไปทำแบบทดสอบท้ายหน่วย").click()
    expect(page.get_by_role("button", name="เริ่มทำแบบทดสอบ")).to_be_visible()
    thai_page_checks(page)
