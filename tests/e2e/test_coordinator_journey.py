"""A coordinator runs a cohort in a real browser, on a phone and on a desktop: creates it,
imports a member list with bad rows (reported, the rest imported, the same file again adds
nobody), records attendance on the phone, issues the cohort's certificates as a job and
downloads them as one ZIP, then revokes one with the reason the public will read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from playwright.sync_api import expect

from learnhub.accounts.models import Role, User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.coordination import cohorts, networks
from learnhub.coordination.models import Network
from learnhub.extensions import db
from tests.coordination.world import build_world, thai_id
from tests.e2e.steps import LOGIN_NAME, from_the_menu, log_in, step, thai_page_checks

pytestmark = pytest.mark.e2e


def member_list() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["คำนำหน้าชื่อ", "ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "อีเมล",
                     "โทรศัพท์มือถือ", "ตำแหน่ง", "หน่วยงานหรือชุมชน", "จังหวัด", "ประเภทสมาชิก"])  # fmt: skip
    writer.writerow(["นาง", "สมศรี", "ใจงาม", thai_id(11), "somsri@example.org", "", "อาสาสมัคร",
                     "ชุมชนวัดโสมนัส", "กรุงเทพมหานคร", "ผู้นำชุมชน/อาสาสมัคร"])  # fmt: skip
    writer.writerow(["นาย", "บุญมี", "รักดี", thai_id(12), "", "0891112222", "", "ชุมชนสวนอ้อย",
                     "กรุงเทพมหานคร", ""])  # fmt: skip
    writer.writerow(["นาย", "ผิดพลาด", "เลขบัตร", "1234567890123", "bad@example.org", "", "", "",
                     "", ""])  # fmt: skip
    writer.writerow(["นาง", "ไม่มี", "ช่องทาง", thai_id(13), "", "", "", "", "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@pytest.fixture
def coordinator(app, course_folder, make_member):
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
    admin = make_member("admin@example.org", role=Role.ADMIN, national_id=thai_id(1))
    coordinator = make_member("coord@example.org", role=Role.COORDINATOR, national_id=thai_id(2))
    with app.app_context():
        network = networks.create_network(db.session.get(User, admin), "ศูนย์ธรรมาภิบาลเขตดุสิต", "10")
        networks.appoint_coordinator(db.session.get(User, admin), network,
                                     db.session.get(User, coordinator))  # fmt: skip
    return "coord@example.org"


def test_a_coordinator_runs_an_on_site_cohort_from_list_to_certificates(
    page, coordinator, tmp_path
):
    log_in(page, coordinator)
    page.goto("/coordination/")
    page.get_by_role("link", name="ศูนย์ธรรมาภิบาลเขตดุสิต").click()
    thai_page_checks(page)
    step(page, "network")
    page.get_by_role("link", name="สร้างรุ่นใหม่").click()
    page.get_by_label("ชื่อรุ่น").fill("รุ่นที่ 1/2569")
    page.get_by_label("วันแรก").fill("2026-11-01")
    page.get_by_label("รูปแบบ").select_option("on_site")
    page.get_by_label("สถานที่", exact=True).fill("ห้องประชุมสำนักงานเขตดุสิต")
    page.get_by_label("สัดส่วนการเข้าอบรมที่ต้องมีเพื่อรับวุฒิบัตร (%)").fill("50")
    page.get_by_label("ต้องสอบหลังเรียนผ่านด้วย").uncheck()
    thai_page_checks(page)
    step(page, "new-cohort-form")
    page.get_by_role("button", name="สร้างรุ่น").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("เพิ่มสมาชิกจากไฟล์")
    thai_page_checks(page)
    step(page, "import-form")
    path = tmp_path / "members.csv"
    path.write_bytes(member_list())
    page.get_by_label("รายชื่อสมาชิก").set_input_files(str(path))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    expect(page.get_by_text("สมาชิกใหม่: 2")).to_be_visible()
    expect(page.get_by_text("แถวที่ผิดพลาดซึ่งจะไม่นำเข้า: 2")).to_be_visible()
    expect(page.get_by_text("เลขประจำตัวประชาชน 1234567890123 ไม่ถูกต้อง")).to_be_visible()
    thai_page_checks(page)
    step(page, "import-preview")
    page.get_by_role("button", name="นำเข้าแถวที่ถูกต้อง").click()
    expect(page.get_by_text("เพิ่มสมาชิกเข้ารุ่นแล้ว 2 คน")).to_be_visible()
    expect(page.get_by_role("link", name="นางสมศรี ใจงาม")).to_be_visible()
    thai_page_checks(page)
    step(page, "cohort-members")

    page.get_by_role("link", name="เพิ่มสมาชิกจากไฟล์").click()  # the same file again
    page.get_by_label("รายชื่อสมาชิก").set_input_files(str(path))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    expect(page.get_by_text("อยู่ในรุ่นนี้แล้ว").first).to_be_visible()
    page.get_by_role("button", name="นำเข้าแถวที่ถูกต้อง").click()
    expect(page.get_by_text("เพิ่มสมาชิกเข้ารุ่นแล้ว 0 คน")).to_be_visible()
    step(page, "same-file-adds-nobody")

    page.get_by_label("วันที่", exact=True).fill("2026-11-02")
    page.get_by_role("button", name="เพิ่มวันอบรม").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("การเข้าอบรม")
    for name in ("นางสมศรี ใจงาม", "นายบุญมี รักดี"):
        row = page.locator("li", has_text=name)
        row.get_by_role("checkbox").check()
        expect(row.get_by_text("บันทึกแล้ว")).to_be_visible()
    thai_page_checks(page)
    step(page, "attendance")
    page.reload()
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(2)  # saved on the server

    page.get_by_role("link", name="กลับไปที่รุ่น").click()
    expect(page.get_by_text("ผ่านเกณฑ์รอรับวุฒิบัตรอีก 2 คน")).to_be_visible()
    page.get_by_role("button", name="ออกวุฒิบัตรให้ผู้ที่ผ่านเกณฑ์").click()
    expect(page.get_by_text("เสร็จแล้ว")).to_be_visible(timeout=30_000)
    thai_page_checks(page)
    step(page, "certificates-issued")
    page.get_by_role("link", name="กลับไปที่รุ่น").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดวุฒิบัตรทั้งหมด (ZIP)").click()
    names = zipfile.ZipFile(download.value.path()).namelist()
    assert len(names) == 2 and all(name.startswith("LH-") for name in names)
    thai_page_checks(page)
    step(page, "cohort-zip-downloaded")

    # One of them did not attend after all: the public reads the category, never the note.
    row = page.locator("tr", has_text="นายบุญมี รักดี")
    row.get_by_label("เหตุผลที่แสดงต่อสาธารณะ").select_option(label="ออกให้โดยผิดพลาด")
    row.get_by_placeholder("เหตุผล (เฉพาะเจ้าหน้าที่)").fill("ผู้ใหญ่บ้านแจ้งว่าไม่ได้มาอบรม")
    row.get_by_role("button", name="เพิกถอน").click()
    expect(page.get_by_text("เพิกถอนวุฒิบัตรเลขที่ LH-")).to_be_visible()
    thai_page_checks(page)


def test_the_networks_coordinator_chooses_a_cohorts_own_coordinators(
    app, page, coordinator, make_member
):
    make_member("helper@example.org", role=Role.COORDINATOR, national_id=thai_id(3),
                first_name_th="ผู้ช่วย")  # fmt: skip
    with app.app_context():
        network = db.session.query(Network).one()
        course = db.session.query(Course).filter_by(slug="example").one()
        cohort = cohorts.create_cohort(
            db.session.query(User).filter_by(email=coordinator).one(), network, course,
            {"name": "รุ่นที่ 2/2569", "starts_on": dt.date(2026, 12, 1), "ends_on": None,
             "mode": "online", "place": None, "attendance_share": None,
             "posttest_required": False},
        )  # fmt: skip
        cohort_id = cohort.id
    log_in(page, coordinator)
    page.goto(f"/coordination/cohorts/{cohort_id}")
    page.get_by_label("อีเมลของผู้ประสานงาน").fill("helper@example.org")
    page.get_by_role("button", name="เพิ่มผู้ประสานงานของรุ่นนี้").click()
    expect(page.get_by_text("เป็นผู้ประสานงานของรุ่นนี้แล้ว")).to_be_visible()
    cohort_card = page.locator("#coordinators")
    helper = cohort_card.get_by_role("listitem").filter(has_text="ผู้ประสานงานของรุ่นนี้")
    expect(helper).to_contain_text("ผู้ช่วย")
    thai_page_checks(page)
    cohort_card.get_by_role("button", name="นำออกจากรุ่นนี้").click()
    expect(page.get_by_text("ไม่ได้เป็นผู้ประสานงานของรุ่นนี้แล้ว")).to_be_visible()
    expect(page.locator("#coordinators").get_by_role("button")).to_have_text(
        ["เพิ่มผู้ประสานงานของรุ่นนี้"]
    )
    page.goto("/coordination/audit")  # what happened, about which cohort
    row = page.get_by_role("row").filter(has_text="cohort.coordinator_removed")
    expect(row).to_contain_text("รุ่นที่ 2/2569 · ศูนย์ธรรมาภิบาลเขตดุสิต")
    thai_page_checks(page)


@pytest.fixture
def cohort_page(app, course_folder) -> str:
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
        return f"/coordination/cohorts/{build_world().cohort_a_id}"


def test_an_imported_volunteer_without_email_joins_from_the_printed_link_and_logs_in_by_mobile(
    page, cohort_page, tmp_path
):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ชื่อ", "นามสกุล", "เลขประจำตัวประชาชน", "อีเมล", "โทรศัพท์มือถือ"])
    writer.writerow(["บุญมี", "รักดี", thai_id(21), "", "+66 86 111 2222"])
    path = tmp_path / "members.csv"
    path.write_bytes(("\ufeff" + out.getvalue()).encode("utf-8"))
    log_in(page, "coord-a@example.org")
    page.goto(cohort_page + "/import")
    page.get_by_label("รายชื่อสมาชิก").set_input_files(str(path))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    page.get_by_role("button", name="นำเข้าแถวที่ถูกต้อง").click()
    page.get_by_role("link", name="ลิงก์คำเชิญสำหรับสมาชิกที่ไม่มีอีเมล").click()

    item = page.locator(".invitation-list li", has_text="บุญมี รักดี")
    expect(item).to_contain_text("เข้าสู่ระบบด้วยหมายเลขโทรศัพท์มือถือ (xxx-xxx-2222) หรือเลขประจำตัวประชาชน")
    expect(page.locator("main")).not_to_contain_text("learnhub.invalid")
    thai_page_checks(page)
    shown = item.locator(".hash").inner_text().strip()
    link = "/coordination/invitation/" + shown.rsplit("/coordination/invitation/", 1)[1]
    from_the_menu(page, "button", "ออกจากระบบ").click()

    page.goto(link)
    expect(page.get_by_text("(xxx-xxx-2222)")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("learnhub.invalid")
    thai_page_checks(page)
    page.get_by_label("รหัสผ่านใหม่", exact=True).fill("a-new-password-42")
    page.get_by_label("ยืนยันรหัสผ่านใหม่").fill("a-new-password-42")
    page.get_by_role("button", name="บันทึกรหัสผ่าน").click()
    expect(page.get_by_text("เข้าสู่ระบบได้ด้วยหมายเลขโทรศัพท์มือถือ")).to_be_visible()
    page.get_by_label(LOGIN_NAME).fill("086-111-2222")
    page.get_by_label("รหัสผ่าน").fill("a-new-password-42")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_text("ยินดีต้อนรับกลับมา")).to_be_visible()
