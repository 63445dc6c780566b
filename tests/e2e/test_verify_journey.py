"""An HR officer checks a certificate in a real browser, by code and by file."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learnhub.accounts.models import User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.credentials import services
from learnhub.extensions import db
from tests.e2e.steps import step, thai_page_checks

pytestmark = pytest.mark.e2e


@pytest.fixture
def issued(app, course_folder, make_member, tmp_path):
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
        user = db.session.get(User, make_member(email="holder@example.org"))
        certificate = services.issue(user, db.session.scalar(select(Course)).current_version)
        path = tmp_path / f"{certificate.serial}.pdf"
        path.write_bytes(services.pdf_bytes(certificate))
        return certificate.code, path


def test_hr_officer_checks_a_certificate_by_code_and_by_file(page, issued):
    code, pdf = issued
    page.goto("/verify")
    page.get_by_label("รหัสตรวจสอบ").fill(code.lower().replace("-", " "))
    page.get_by_role("button", name="ตรวจสอบ", exact=True).click()
    expect(page.get_by_text("วุฒิบัตรนี้ใช้ได้")).to_be_visible()
    expect(page.get_by_text("นายสมชาย ใจดี")).to_be_visible()
    thai_page_checks(page)
    step(page, "verified-by-code")

    page.goto("/verify")
    page.get_by_label("ไฟล์ PDF ของวุฒิบัตร").set_input_files(str(pdf))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    expect(page.get_by_text("ไฟล์นี้เป็นวุฒิบัตรของ LearnHub ที่แท้จริงและไม่ถูกแก้ไข")).to_be_visible()
    thai_page_checks(page)
    step(page, "verified-by-file")
