"""A coordinator runs a cohort in a real browser, on a phone and on a desktop: creates it,
imports a member list with bad rows (reported, the rest imported, the same file again adds
nobody), records attendance on the phone, issues the cohort's certificates as a job and
downloads them as one ZIP, then revokes one with the reason the public will read."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from playwright.sync_api import expect

from learnhub.accounts.models import Role
from learnhub.catalog.importer import import_path
from learnhub.coordination import networks
from learnhub.extensions import db
from tests.coordination.world import thai_id
from tests.e2e.steps import log_in, thai_page_checks

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
        from learnhub.accounts.models import User

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
    page.get_by_role("link", name="สร้างรุ่นใหม่").click()
    page.get_by_label("ชื่อรุ่น").fill("รุ่นที่ 1/2569")
    page.get_by_label("วันแรก").fill("2026-11-01")
    page.get_by_label("รูปแบบ").select_option("on_site")
    page.get_by_label("สถานที่", exact=True).fill("ห้องประชุมสำนักงานเขตดุสิต")
    page.get_by_label("สัดส่วนการเข้าอบรมที่ต้องมีเพื่อรับวุฒิบัตร (%)").fill("50")
    page.get_by_label("ต้องสอบหลังเรียนผ่านด้วย").uncheck()
    thai_page_checks(page)
    page.get_by_role("button", name="สร้างรุ่น").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("เพิ่มสมาชิกจากไฟล์")
    thai_page_checks(page)
    path = tmp_path / "members.csv"
    path.write_bytes(member_list())
    page.get_by_label("รายชื่อสมาชิก").set_input_files(str(path))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    expect(page.get_by_text("สมาชิกใหม่: 2")).to_be_visible()
    expect(page.get_by_text("แถวที่ผิดพลาดซึ่งจะไม่นำเข้า: 2")).to_be_visible()
    expect(page.get_by_text("เลขประจำตัวประชาชน 1234567890123 ไม่ถูกต้อง")).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("button", name="นำเข้าแถวที่ถูกต้อง").click()
    expect(page.get_by_text("เพิ่มสมาชิกเข้ารุ่นแล้ว 2 คน")).to_be_visible()
    expect(page.get_by_role("link", name="นางสมศรี ใจงาม")).to_be_visible()
    thai_page_checks(page)

    page.get_by_role("link", name="เพิ่มสมาชิกจากไฟล์").click()  # the same file again
    page.get_by_label("รายชื่อสมาชิก").set_input_files(str(path))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    expect(page.get_by_text("อยู่ในรุ่นนี้แล้ว").first).to_be_visible()
    page.get_by_role("button", name="นำเข้าแถวที่ถูกต้อง").click()
    expect(page.get_by_text("เพิ่มสมาชิกเข้ารุ่นแล้ว 0 คน")).to_be_visible()

    page.get_by_label("วันที่", exact=True).fill("2026-11-02")
    page.get_by_role("button", name="เพิ่มวันอบรม").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("การเข้าอบรม")
    for name in ("นางสมศรี ใจงาม", "นายบุญมี รักดี"):
        row = page.locator("li", has_text=name)
        row.get_by_role("checkbox").check()
        expect(row.get_by_text("บันทึกแล้ว")).to_be_visible()
    thai_page_checks(page)
    page.reload()
    expect(page.get_by_role("checkbox", checked=True)).to_have_count(2)  # saved on the server

    page.get_by_role("link", name="กลับไปที่รุ่น").click()
    expect(page.get_by_text("ผ่านเกณฑ์รอรับวุฒิบัตรอีก 2 คน")).to_be_visible()
    page.get_by_role("button", name="ออกวุฒิบัตรให้ผู้ที่ผ่านเกณฑ์").click()
    expect(page.get_by_text("เสร็จแล้ว")).to_be_visible(timeout=30_000)
    thai_page_checks(page)
    page.get_by_role("link", name="กลับไปที่รุ่น").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="ดาวน์โหลดวุฒิบัตรทั้งหมด (ZIP)").click()
    names = zipfile.ZipFile(download.value.path()).namelist()
    assert len(names) == 2 and all(name.startswith("LH-") for name in names)
    thai_page_checks(page)

    # One of them did not attend after all: the public reads the category, never the note.
    row = page.locator("tr", has_text="นายบุญมี รักดี")
    row.get_by_label("เหตุผลที่แสดงต่อสาธารณะ").select_option(label="ออกให้โดยผิดพลาด")
    row.get_by_placeholder("เหตุผล (เฉพาะเจ้าหน้าที่)").fill("ผู้ใหญ่บ้านแจ้งว่าไม่ได้มาอบรม")
    row.get_by_role("button", name="เพิกถอน").click()
    expect(page.get_by_text("เพิกถอนวุฒิบัตรเลขที่ LH-")).to_be_visible()
    thai_page_checks(page)
