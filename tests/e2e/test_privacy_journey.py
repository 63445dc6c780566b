"""PDPA rights in a real browser: a member reads the notice, downloads their data, asks for
a new title and for erasure; an admin confirms the title and carries out the erasure."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learnhub.accounts import pdpa
from learnhub.accounts import services as accounts
from learnhub.accounts.models import Role, User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.credentials import services
from learnhub.extensions import db
from tests.conftest import PASSWORD, VALID_IDS, profile_data
from tests.e2e.steps import from_the_menu, log_in, thai_page_checks
from tests.faults.conftest import national_id

pytestmark = pytest.mark.e2e


@pytest.fixture
def holder(app, course_folder, make_member):
    """A member with a certificate; returns its verification code."""
    make_member(email="neighbour@example.org", national_id=national_id(55))
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
        user = db.session.get(User, make_member(email="holder@example.org"))
        return services.issue(user, db.session.scalar(select(Course)).current_version).code


def test_a_member_reads_the_notice_downloads_their_data_and_asks_for_a_title_and_erasure(
    page, holder
):
    log_in(page, "holder@example.org")
    from_the_menu(page, "link", "ข้อมูลของฉัน", exact=True).click()
    page.get_by_role("link", name="ข้อมูลของฉันและความเป็นส่วนตัว").first.click()
    expect(page.get_by_role("heading", name="ข้อมูลของฉันและความเป็นส่วนตัว")).to_be_visible()
    thai_page_checks(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดข้อมูลของฉัน (ไฟล์บีบอัด)").click()
    assert download.value.suggested_filename == "learnhub-my-data.zip"

    page.get_by_role("link", name="อ่านประกาศความเป็นส่วนตัว").click()
    expect(page.get_by_role("heading", name="สิทธิของท่านและวิธีใช้สิทธิที่นี่")).to_be_visible()
    expect(page.get_by_text("สำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล")).to_be_visible()
    expect(page.get_by_role("heading", name="การเชิดชูเกียรติของท่าน หากท่านขอให้ลบข้อมูล")).to_be_visible()
    thai_page_checks(page)

    page.goto("/account/profile/edit")  # a neighbour's ID: refused, in words that confirm nothing
    page.get_by_label("เลขประจำตัวประชาชน").fill("3-0000-00000-55-2")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("#national_id-error")).to_contain_text(
        "ไม่สามารถใช้เลขประจำตัวประชาชนนี้ได้ หากเป็นเลขของท่าน"
    )
    thai_page_checks(page)
    page.get_by_label("เลขประจำตัวประชาชน").fill("1-1017-00230-70-8")
    page.get_by_label("คำนำหน้าชื่อ", exact=True).select_option(label="ศ. ดร.")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_text("ชื่อใหม่ “ศ. ดร. สมชาย ใจดี” ของท่านรอเจ้าหน้าที่ยืนยัน")).to_be_visible()
    expect(page.get_by_role("heading", name="นายสมชาย ใจดี")).to_be_visible()
    thai_page_checks(page)

    page.goto("/account/privacy")
    page.get_by_role("link", name="ขอให้ลบข้อมูล").click()
    page.get_by_label("รหัสผ่านของท่าน").fill("not-my-password")
    page.get_by_label("ข้าพเจ้าเข้าใจว่าบัญชี").check()
    page.get_by_role("button", name="ส่งคำขอลบข้อมูล").click()
    expect(page.locator("#password-error")).to_have_text("รหัสผ่านไม่ถูกต้อง")
    thai_page_checks(page)
    page.get_by_label("รหัสผ่านของท่าน").fill(PASSWORD)
    page.get_by_label("ข้าพเจ้าเข้าใจว่าบัญชี").check()
    page.get_by_role("button", name="ส่งคำขอลบข้อมูล").click()
    expect(page.get_by_text("บันทึกคำขอของท่านแล้ว")).to_be_visible()
    expect(page.get_by_role("button", name="ยกเลิกคำขอ")).to_be_visible()
    thai_page_checks(page)


def test_an_admin_confirms_a_title_and_erases_a_member_whose_certificate_still_verifies(
    app, page, holder, make_member
):
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[1])
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "holder@example.org"))
        accounts.update_profile(user, {**profile_data(), "title": "physician_m"})
        pdpa.request_erasure(user, PASSWORD)

    log_in(page, "admin@example.org")
    from_the_menu(page, "link", "ผู้ใช้", exact=True).click()
    search = page.get_by_label("ค้นหาจากอีเมล ชื่อ หมายเลขโทรศัพท์มือถือ หรือเลขประจำตัวประชาชน")
    search.fill("1-1017-00230-70-8")
    page.get_by_role("button", name="ค้นหา").click()
    expect(page.get_by_text("holder@example.org")).to_be_visible()
    expect(page.get_by_text("admin@example.org", exact=True)).to_have_count(0)
    assert "1017" not in page.url  # the ID went in the request's body, never the address
    thai_page_checks(page)
    page.get_by_role("link", name="การเปลี่ยนชื่อที่รอยืนยัน").click()
    expect(page.get_by_text("นพ. สมชาย ใจดี")).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("button", name="ยืนยันชื่อใหม่").click()
    expect(page.get_by_text("ยืนยันแล้ว: วุฒิบัตรใหม่จะพิมพ์ชื่อ “นพ. สมชาย ใจดี”")).to_be_visible()
    expect(page.get_by_text("ไม่มีการเปลี่ยนชื่อที่รอยืนยัน")).to_be_visible()

    page.goto("/admin/users")
    page.get_by_role("link", name="คำขอลบข้อมูล").click()
    expect(page.get_by_text("holder@example.org")).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("button", name="ลบข้อมูลของสมาชิกคนนี้").click()
    expect(page.get_by_text("ทำเครื่องหมายในช่องเพื่อยืนยันการลบ")).to_be_visible()
    page.get_by_label("ข้าพเจ้าตรวจสอบคำขอนี้แล้ว").check()
    page.get_by_role("button", name="ลบข้อมูลของสมาชิกคนนี้").click()
    expect(page.get_by_text("ลบข้อมูลส่วนบุคคลของสมาชิกแล้ว")).to_be_visible()
    expect(page.get_by_text("ไม่มีคำขอลบข้อมูลที่รอดำเนินการ")).to_be_visible()

    page.goto(f"/verify/{holder}")
    expect(page.get_by_text("วุฒิบัตรนี้ใช้ได้")).to_be_visible()
    expect(page.get_by_text("ข้อมูลถูกลบตามคำขอของผู้ถือ")).to_be_visible()
    assert "สมชาย" not in page.inner_text("main")
    thai_page_checks(page)
