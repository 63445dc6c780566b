"""Staff issue a certificate for on-site training and an HR officer checks certificates in a
real browser: the serial is not the code, a revoked file reads red, an altered file is named."""

import datetime as dt
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from learnhub.accounts.models import Role, User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.credentials import services
from learnhub.extensions import db
from tests.coordination.world import put_in_cohort
from tests.e2e.steps import from_the_menu, log_in, step, thai_page_checks

pytestmark = pytest.mark.e2e
# The certificate desk finds a learner by e-mail, mobile number or national ID.
LEARNER = "อีเมล หมายเลขโทรศัพท์มือถือ หรือเลขประจำตัวประชาชนของผู้เรียน"


@pytest.fixture
def issued(app, course_folder, make_member, tmp_path):
    """A certificate earned online, its genuine PDF, and a copy altered by hand."""
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
        user = db.session.get(User, make_member(email="holder@example.org"))
        certificate = services.issue(user, db.session.scalar(select(Course)).current_version)
        genuine = services.pdf_bytes(certificate)
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(genuine)))
        writer.add_metadata({"/Producer": "edited by hand"})
        altered = io.BytesIO()
        writer.write(altered)
        (tmp_path / "genuine.pdf").write_bytes(genuine)
        (tmp_path / "altered.pdf").write_bytes(altered.getvalue())
        return certificate.id, certificate.serial, certificate.code


def check_file(page, path) -> None:
    page.goto("/verify")
    page.get_by_label("ไฟล์ PDF ของวุฒิบัตร").set_input_files(str(path))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()


def test_hr_officer_meets_a_serial_an_altered_file_and_a_revoked_one(app, page, issued, tmp_path):
    certificate_id, serial, _code = issued
    page.goto("/verify")
    page.get_by_label("รหัสตรวจสอบ").fill(serial)
    page.get_by_role("button", name="ตรวจสอบ", exact=True).click()
    expect(page.get_by_text("นี่คือเลขที่วุฒิบัตร (LH-ปี-ลำดับ) ไม่ใช่รหัสตรวจสอบ")).to_be_visible()
    assert page.get_by_text("นายสมชาย ใจดี").count() == 0  # never found by its serial
    thai_page_checks(page)
    step(page, "serial-is-not-a-code")

    check_file(page, tmp_path / "altered.pdf")
    expect(page.get_by_text("ไฟล์นี้ไม่ใช่วุฒิบัตรที่ LearnHub ออกให้: ไฟล์ถูกแก้ไข")).to_be_visible()
    expect(page.get_by_text(f"อ้างว่าเป็นวุฒิบัตรเลขที่ {serial}")).to_be_visible()
    thai_page_checks(page)
    step(page, "altered-file")

    with app.app_context():
        services.revoke(
            db.session.get(services.Certificate, certificate_id),
            None,
            "ออกให้นายสมศักดิ์ผิดคน",
            "issued_in_error",
        )
    check_file(page, tmp_path / "genuine.pdf")
    verdict = page.locator(".flash").first
    expect(verdict).to_have_class("flash flash-error")
    expect(verdict).to_contain_text("แต่วุฒิบัตรฉบับนี้ถูกเพิกถอนแล้ว")
    expect(verdict).to_contain_text("ออกให้โดยผิดพลาด")  # the public category
    expect(page.get_by_text("นายสมศักดิ์")).to_have_count(0)  # never the staff's own words
    assert page.locator(".flash-success, .verdict.valid").count() == 0  # no green at all
    thai_page_checks(page)
    step(page, "revoked-file")


def test_a_coordinator_issues_a_certificate_for_on_site_training(
    app, page, make_member, course_folder
):
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
    villager_id = make_member(email="villager@example.org")
    coordinator_id = make_member(
        email="coord@example.org", role=Role.COORDINATOR, national_id="3100600123450"
    )
    with app.app_context():
        put_in_cohort(coordinator_id, villager_id)  # a coordinator certifies their cohorts
    log_in(page, "coord@example.org")
    from_the_menu(page, "link", "วุฒิบัตร", exact=True).click()

    form = page.locator("form[action='/admin/certificates/issue']")
    form.get_by_label(LEARNER).fill("coord@example.org")  # themselves, by mistake
    form.get_by_label("วันที่อบรม").fill("2026-03-12")
    form.get_by_label("สถานที่อบรม").fill("ศาลาประชาคมอำเภอสันทราย")
    form.get_by_label("เหตุผล").fill("เข้าอบรมครบทั้งวัน")
    form.get_by_role("button", name="ออกวุฒิบัตร").click()
    expect(page.get_by_text("เจ้าหน้าที่ออกวุฒิบัตรให้ตนเองไม่ได้")).to_be_visible()
    thai_page_checks(page)
    step(page, "issued-to-themselves-refused")

    form = page.locator("form[action='/admin/certificates/issue']")
    form.get_by_label(LEARNER).fill("081-234-5678")  # the villager's mobile number
    form.get_by_role("button", name="ออกวุฒิบัตร").click()
    expect(page.get_by_text("ออกวุฒิบัตรเลขที่ LH-")).to_be_visible()
    page.get_by_role("link", name="LH-").first.click()
    expect(page.get_by_text("อบรม ณ สถานที่จัดอบรมเมื่อ 12 มีนาคม พ.ศ. 2569")).to_be_visible()
    thai_page_checks(page)
    step(page, "on-site-certificate")
    with app.app_context():
        certificate = db.session.scalar(select(services.Certificate))
        assert certificate.training_date == dt.date(2026, 3, 12)

    # It turns out the villager did not attend: the coordinator revokes it, choosing the
    # reason the public sees and writing their own note for staff.
    page.goto("/admin/certificates")
    revoke = page.locator(f"form[action='/admin/certificates/{certificate.id}/revoke']")
    revoke.get_by_label("เหตุผลที่แสดงต่อสาธารณะ").select_option(label="ออกให้โดยผิดพลาด")
    revoke.get_by_placeholder("เหตุผล (เฉพาะเจ้าหน้าที่)").fill("ผู้ใหญ่บ้านแจ้งว่าไม่ได้มาอบรม")
    thai_page_checks(page)
    step(page, "certificate-desk-revoke")
    revoke.get_by_role("button", name="เพิกถอน").click()
    expect(page.get_by_text(f"เพิกถอนวุฒิบัตรเลขที่ {certificate.serial} แล้ว")).to_be_visible()
    page.goto(f"/verify/{certificate.code}")
    expect(page.get_by_text("ออกให้โดยผิดพลาด")).to_be_visible()
    expect(page.get_by_text("ผู้ใหญ่บ้าน")).to_have_count(0)
    thai_page_checks(page)
    step(page, "verify-revoked")
