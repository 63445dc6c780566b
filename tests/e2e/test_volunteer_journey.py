"""Issue 18, journey (a): a volunteer's whole course in a real browser, on a phone and on a
desktop. She signs up, takes the pre-test, studies every lesson, passes the module quiz,
fails the post-test once, passes it, downloads her certificate, and an HR officer opens the
address under the QR code printed on that downloaded PDF."""

import re

import pytest
from playwright.sync_api import expect

from learnhub.catalog.importer import import_path
from tests.credentials.conftest import qr_codes
from tests.e2e.steps import (
    answer_every_question,
    fill_sign_up,
    from_the_menu,
    step,
    submit_attempt,
    thai_page_checks,
)
from tests.journeys import spend_reading_time

pytestmark = pytest.mark.e2e

LESSONS = ["การทุจริตคืออะไร", "ผลประโยชน์ทับซ้อน", "ช่องทางแจ้งเบาะแส"]


@pytest.fixture
def example_course(app, course_folder, live_url, monkeypatch):
    """The example course with its quizzes, listed; QR codes lead to this test's server."""
    monkeypatch.setitem(app.config, "PUBLIC_URL", live_url)
    with app.app_context():
        import_path(course_folder(quizzes=True).path)


def signs_up(page) -> None:
    page.goto("/")
    from_the_menu(page, "link", "สมัครสมาชิก", exact=True).click()
    thai_page_checks(page)
    fill_sign_up(page, "1-4099-00456-78-0")
    step(page, "sign-up-form")
    page.get_by_role("button", name="สร้างบัญชีของฉัน").click()
    expect(page.get_by_role("heading", name="ก้าวแรกของท่าน")).to_be_visible()
    thai_page_checks(page)
    step(page, "dashboard-first-steps")


def takes_the_pretest(page) -> None:
    """She knows little yet; each answer saves as she gives it, and the page says so."""
    page.get_by_role("link", name="ทำแบบทดสอบก่อนเรียน").first.click()
    thai_page_checks(page)
    step(page, "pretest-start")
    page.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
    expect(page.locator("fieldset.question").first).to_be_visible()
    answer_every_question(page, right=False)
    # The live region a screen reader announces: role=status, polite.
    saved = page.get_by_role("status").filter(has_text="บันทึกแล้ว")
    expect(saved).to_have_attribute("aria-live", "polite")
    expect(page.locator("#save-status")).to_have_text("บันทึกแล้ว")
    thai_page_checks(page)
    step(page, "pretest-answered")
    submit_attempt(page)
    expect(page.get_by_role("heading", name="ผลรายหน่วย")).to_be_visible()
    thai_page_checks(page)
    step(page, "pretest-result")


def studies_every_lesson(page) -> None:
    """Every lesson opened in the browser and marked as read with its own button."""
    page.get_by_role("link", name="กลับไปหน้าหลักสูตร").click()
    thai_page_checks(page)
    step(page, "course-page")
    page.get_by_role("link", name=f"ทำต่อ: {LESSONS[0]}").click()
    for number, title in enumerate(LESSONS, start=1):
        expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
        thai_page_checks(page)
        step(page, f"lesson-{number}")
        with page.app.app_context():
            spend_reading_time()  # the lesson clock moves on; she reads for that time
        page.locator(".lesson-nav button[type=submit]").click()
    expect(page.get_by_role("button", name="เริ่มทำแบบทดสอบ")).to_be_visible()  # the module quiz


def passes_the_module_quiz(page) -> None:
    thai_page_checks(page)
    step(page, "module-quiz-start")
    page.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
    answer_every_question(page, right=True)
    submit_attempt(page)
    expect(page.get_by_text("ผ่าน", exact=False).first).to_be_visible()
    thai_page_checks(page)
    step(page, "module-quiz-passed")


def fails_then_passes_the_posttest(page) -> None:
    from_the_menu(page, "link", "หลักสูตรของฉัน").click()
    page.get_by_role("link", name="ไปทำแบบทดสอบหลังเรียน").click()
    thai_page_checks(page)
    step(page, "posttest-start")
    page.get_by_role("button", name="เริ่มทำแบบทดสอบ").click()
    answer_every_question(page, right=False)
    submit_attempt(page)
    expect(page.get_by_text("ท่านยังทำได้อีก 2 ครั้ง")).to_be_visible()
    thai_page_checks(page)
    step(page, "posttest-failed")

    page.get_by_role("button", name="ทำแบบทดสอบอีกครั้ง").click()
    expect(page.get_by_role("heading", name="แบบทดสอบหลังเรียน")).to_be_visible()
    answer_every_question(page, right=True)
    step(page, "posttest-second-attempt")
    submit_attempt(page)
    expect(page.get_by_text("ออกวุฒิบัตรให้ท่านแล้วเมื่อ")).to_be_visible()
    thai_page_checks(page)
    step(page, "posttest-passed-certificate")


def test_a_volunteer_signs_up_studies_a_course_and_her_certificate_verifies(
    page, example_course, live_url, tmp_path
):
    signs_up(page)
    page.get_by_role("link", name="ดูรายละเอียดและลงทะเบียนเรียน").first.click()
    thai_page_checks(page)
    page.get_by_role("button", name="ลงทะเบียนเรียนหลักสูตรนี้").click()
    expect(page.get_by_text("ลงทะเบียนเรียบร้อยแล้ว")).to_be_visible()
    step(page, "enrolled")

    takes_the_pretest(page)
    studies_every_lesson(page)
    passes_the_module_quiz(page)
    fails_then_passes_the_posttest(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดวุฒิบัตร (PDF)").click(modifiers=["Alt"])
    pdf = tmp_path / "certificate.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    # An HR officer scans the QR code printed on the downloaded file and opens its address.
    [address] = qr_codes(pdf.read_bytes())
    assert re.fullmatch(rf"{re.escape(live_url)}/verify/[A-Z0-9]{{4}}(-[A-Z0-9]{{4}})+", address)
    page.context.clear_cookies()
    page.goto(address)
    expect(page.locator(".verdict.valid")).to_be_visible()
    expect(page.get_by_text("นางมาลี ใจงาม")).to_be_visible()
    expect(page.get_by_text("ตัวอย่างหลักสูตร ความซื่อตรงในการทำงาน")).to_be_visible()
    thai_page_checks(page)
    step(page, "verify-page-from-the-qr-code")
