"""A learner's home page leads them through a course in a real browser, from the first
"continue" to the certificate on the post-test's result page."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learnhub.accounts.models import User
from learnhub.assessment import services
from learnhub.assessment.models import Attempt
from learnhub.catalog import services as catalog
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course, LessonProgress
from learnhub.extensions import db
from tests.e2e.steps import from_the_menu, log_in, step, submit_attempt, thai_page_checks
from tests.e2e.test_results_journey import take
from tests.journeys import answers

pytestmark = pytest.mark.e2e


def test_the_dashboard_continue_button_leads_to_the_certificate(
    app, page, course_folder, make_member
):
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
    make_member(email="learner@example.org")
    log_in(page, "learner@example.org")

    expect(page.get_by_role("heading", name="หลักสูตรของฉัน", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="ก้าวแรกของท่าน")).to_be_visible()
    thai_page_checks(page)
    step(page, "dashboard-first-steps")
    page.get_by_role("link", name="ดูรายละเอียดและลงทะเบียนเรียน").first.click()
    page.get_by_role("button", name="ลงทะเบียนเรียนหลักสูตรนี้").click()

    from_the_menu(page, "link", "หลักสูตรของฉัน").click()
    expect(page.get_by_role("heading", name="กำลังทำ")).to_be_visible()
    thai_page_checks(page)
    step(page, "dashboard-in-progress")
    page.get_by_role("link", name="ทำแบบทดสอบก่อนเรียน").click()
    page.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
    submit_attempt(page)

    page.goto("/")
    page.get_by_role("link", name="ทำต่อ: การทุจริตคืออะไร").click()
    expect(page.get_by_role("heading", name="การทุจริตคืออะไร", level=1)).to_be_visible()
    step(page, "first-lesson")

    with app.app_context():  # the learner reads every lesson and passes the module quiz
        user = db.session.scalar(select(User).where(User.email == "learner@example.org"))
        enrolment = catalog.enrolment_for(user, db.session.scalar(select(Course)))
        for lesson in enrolment.version.lessons:
            db.session.add(LessonProgress(enrolment_id=enrolment.id, lesson_id=lesson.id))
        db.session.commit()
        take(user, enrolment, "module", right=True, module="reporting")

    page.goto("/")
    page.get_by_role("link", name="ไปทำแบบทดสอบหลังเรียน").click()
    page.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
    expect(page.locator("fieldset.question").first).to_be_visible()
    with app.app_context():  # the learner knows the answers now
        attempt = db.session.scalar(select(Attempt).where(Attempt.state == "in_progress"))
        values = answers(attempt)
        services.save_answers(attempt, {
            e["slot"]: services.parse_response(e, values) for e in attempt.snapshot
        })  # fmt: skip
    page.reload()
    submit_attempt(page)

    expect(page.get_by_text("ออกวุฒิบัตรให้ท่านแล้วเมื่อ")).to_be_visible()
    thai_page_checks(page)
    step(page, "posttest-passed-certificate")
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดวุฒิบัตร (PDF)").click(modifiers=["Alt"])
    assert download.value.suggested_filename.endswith(".pdf")
    link = page.get_by_label("ลิงก์ตรวจสอบสำหรับส่งให้ฝ่ายบุคคล").input_value()
    assert "/verify/" in link
    # The review numbers its questions as the attempt did.
    numbers = page.locator(".review-list .qnum").all_inner_texts()
    assert numbers and numbers == [f"ข้อที่ {n}" for n in range(1, len(numbers) + 1)]
    # "Copy link" puts the verification link on the clipboard and says so.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="คัดลอกลิงก์").click()
    expect(page.locator(".share-row [role=status]")).to_have_text("คัดลอกลิงก์แล้ว")
    assert page.evaluate("navigator.clipboard.readText()") == link
    page.get_by_role("link", name="เปิดหน้าตรวจสอบ").first.click()
    expect(page.locator(".verdict.valid")).to_be_visible()
    step(page, "verify-page")

    page.goto("/")
    expect(page.get_by_role("heading", name="เรียนจบ")).to_be_visible()
    thai_page_checks(page)
    step(page, "dashboard-completed")
