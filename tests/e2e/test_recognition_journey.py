"""A recognition (เชิดชูเกียรติ) in a real browser, on a phone and on a desktop: the
coordinator finds a member of their network (in no cohort) from the network's page and
nominates them with an evidence file, an admin approves, the member sees it on their profile
and transcript and downloads the เกียรติบัตร, turns a public profile on (a visitor opens its
link and sees the honour) and off (the link is gone), anyone verifies it by the address its
QR code reads as and by uploading the file, and the admin revokes it."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from learnhub.accounts import pdpa
from learnhub.accounts.models import Role, User
from learnhub.coordination import networks
from learnhub.coordination.models import APPROVED, NetworkMembership
from learnhub.credentials import recognitions
from learnhub.extensions import db
from tests.conftest import PASSWORD
from tests.coordination.world import thai_id
from tests.credentials.conftest import qr_codes
from tests.e2e.steps import log_in, step, thai_page_checks

pytestmark = pytest.mark.e2e
HONOUR = "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต ประจำปี 2569"
AWARDED = dt.date(2026, 11, 20)


@pytest.fixture
def people(app, make_member, monkeypatch):
    # A real deployment's address (a loopback one makes admin pages warn, in English words).
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://learnhub.example.org")
    admin = make_member("admin@example.org", role=Role.ADMIN, national_id=thai_id(1))
    coordinator = make_member("coord@example.org", role=Role.COORDINATOR, national_id=thai_id(2))
    member = make_member("member@example.org", national_id=thai_id(3),
                         first_name_th="ประเสริฐ", last_name_th="รักชาติ")  # fmt: skip
    with app.app_context():
        recognitions.seed_kinds()
        network = networks.create_network(db.session.get(User, admin), "ศูนย์ธรรมาภิบาลเขตดุสิต", "10")
        networks.appoint_coordinator(db.session.get(User, admin), network,
                                     db.session.get(User, coordinator))  # fmt: skip
        db.session.add(NetworkMembership(network_id=network.id, user_id=member, status=APPROVED,
                                         member_type="citizen", agency="ชุมชนบ้านพระราม",
                                         source="import"))  # a member of no cohort  # fmt: skip
        db.session.commit()
    return member


def switch_to(page, email: str) -> None:
    page.context.clear_cookies()
    log_in(page, email)


def turns_the_public_profile_on_and_off(page) -> None:
    """The member shares a public profile; a visitor reads the honour; the member withdraws."""
    page.goto("/account/profile")
    page.get_by_role("link", name="โปรไฟล์สาธารณะของฉัน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("โปรไฟล์สาธารณะของฉัน")
    thai_page_checks(page)
    step(page, "public-profile-form")
    page.get_by_label("การเชิดชูเกียรติของฉัน").check()
    page.get_by_role("button", name="เปิดโปรไฟล์สาธารณะของฉัน").click()
    expect(page.get_by_text("เปิดโปรไฟล์สาธารณะแล้ว")).to_be_visible()
    thai_page_checks(page)
    step(page, "public-profile-on")
    link = page.locator("a.public-link").get_attribute("href")
    member_cookies = page.context.cookies()

    page.context.clear_cookies()  # an anonymous visitor opens the shared link
    page.goto(link)
    expect(page.get_by_text(HONOUR)).to_be_visible()
    expect(page.locator('meta[name="robots"]')).to_have_attribute("content", "noindex, nofollow")
    thai_page_checks(page)
    step(page, "public-profile-visitor")

    page.context.add_cookies(member_cookies)
    page.goto("/account/public-profile")
    page.get_by_role("button", name="ปิดโปรไฟล์สาธารณะของฉัน").click()
    expect(page.get_by_text("ปิดโปรไฟล์สาธารณะแล้ว")).to_be_visible()
    thai_page_checks(page)
    step(page, "public-profile-off")
    page.context.clear_cookies()
    assert page.goto(link).status == 404
    log_in(page, "member@example.org")


def test_a_recognition_from_nomination_to_revocation(page, people, tmp_path):
    switch_to(page, "coord@example.org")
    page.goto("/coordination/")
    page.get_by_role("link", name="ศูนย์ธรรมาภิบาลเขตดุสิต").click()
    page.get_by_role("link", name="ประเสริฐ รักชาติ", exact=False).click()  # in no cohort
    expect(page.get_by_role("heading", level=1)).to_contain_text("ประเสริฐ รักชาติ")
    expect(page.get_by_text("ยังไม่มีการเชิดชูเกียรติ")).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("link", name="เสนอชื่อเพื่อรับการเชิดชูเกียรติ").click()
    thai_page_checks(page)
    step(page, "nomination-form")
    page.get_by_label("ประเภทการเชิดชูเกียรติ").select_option(label="ยกย่องเชิดชูเกียรติ/ให้รางวัล")
    page.get_by_label("เกียรติที่ได้รับ").fill(HONOUR)
    page.get_by_label("เหตุผลที่ได้รับการเชิดชูเกียรติ").fill("แจ้งเบาะแสการทุจริตจนหน่วยงานแก้ไข")
    page.get_by_label("วันที่ได้รับการเชิดชูเกียรติ").fill("2026-11-20")
    page.get_by_label("หน่วยงานที่มอบ").fill("ศูนย์ธรรมาภิบาลเขตดุสิต")
    fake = tmp_path / "คำสั่ง.pdf"
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "gold").save(out, "PNG")
    fake.write_bytes(out.getvalue())  # a photo named as a PDF
    page.get_by_label("ไฟล์หลักฐาน").set_input_files(str(fake))
    page.get_by_role("button", name="ส่งการเสนอชื่อ").click()
    expect(page.locator("#evidence-error")).to_contain_text("ไม่ตรงกับชื่อไฟล์")
    thai_page_checks(page)
    step(page, "evidence-refused")
    photo = tmp_path / "ภาพกิจกรรม.png"
    photo.write_bytes(out.getvalue())
    page.get_by_label("ไฟล์หลักฐาน").set_input_files(str(photo))
    page.get_by_role("button", name="ส่งการเสนอชื่อ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("การเสนอชื่อของฉัน")
    expect(page.get_by_role("cell", name="รอการพิจารณา")).to_be_visible()
    thai_page_checks(page)
    step(page, "my-nominations")

    switch_to(page, "admin@example.org")
    page.goto("/admin/recognitions")
    thai_page_checks(page)
    step(page, "admin-recognitions")
    page.get_by_role("link", name=HONOUR, exact=False).click()
    expect(page.get_by_role("link", name="ภาพกิจกรรม.png")).to_be_visible()
    thai_page_checks(page)
    step(page, "admin-nomination")
    page.get_by_label("เหตุผล", exact=True).fill("หลักฐานครบตามเกณฑ์ของคณะทำงาน")
    page.get_by_role("button", name="อนุมัติ", exact=True).click()
    expect(page.get_by_text("อนุมัติการเชิดชูเกียรติของ")).to_be_visible()

    switch_to(page, "member@example.org")
    page.goto("/account/profile")
    expect(page.get_by_text(HONOUR)).to_be_visible()
    thai_page_checks(page)
    step(page, "member-profile")
    page.goto("/transcript")
    expect(page.get_by_text(HONOUR)).to_be_visible()
    thai_page_checks(page)
    step(page, "member-transcript")
    link = page.get_by_role("link", name="ดาวน์โหลดเกียรติบัตร")
    pdf = page.request.get(link.get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF-")
    saved = tmp_path / "เกียรติบัตร.pdf"
    saved.write_bytes(pdf.body())
    turns_the_public_profile_on_and_off(page)
    [scanned] = qr_codes(pdf.body())  # what a phone's camera reads from the เกียรติบัตร
    address = urlsplit(scanned)
    assert scanned.startswith("https://learnhub.example.org/verify/")
    page.goto(address.path)  # the same path on the site under test
    expect(page.get_by_text("การเชิดชูเกียรตินี้มีผลอยู่")).to_be_visible()
    expect(page.get_by_text("มาตรา 55", exact=False)).to_be_visible()
    verify_url = page.url
    thai_page_checks(page)
    step(page, "verify-recognition")

    page.context.clear_cookies()
    page.goto("/verify")
    page.get_by_label("ไฟล์ PDF ของวุฒิบัตร").set_input_files(str(saved))
    page.get_by_role("button", name="ตรวจสอบไฟล์").click()
    expect(page.get_by_text("ไม่ถูกแก้ไข", exact=False)).to_be_visible()
    thai_page_checks(page)
    step(page, "verify-recognition-file")

    log_in(page, "admin@example.org")
    page.goto("/admin/recognitions")
    page.get_by_role("link", name=HONOUR).click()
    thai_page_checks(page)
    step(page, "admin-recognition-to-revoke")
    page.get_by_label("เหตุผลที่แสดงต่อสาธารณะ").select_option("issued_in_error")
    page.get_by_label("เหตุผล", exact=True).fill("ข้อมูลผลงานคลาดเคลื่อน")
    page.get_by_role("button", name="เพิกถอนการเชิดชูเกียรติ").click()
    expect(page.get_by_text("เพิกถอนการเชิดชูเกียรติแล้ว")).to_be_visible()
    page.context.clear_cookies()
    page.goto(verify_url)
    expect(page.get_by_text("การเชิดชูเกียรตินี้ถูกเพิกถอนเมื่อ", exact=False)).to_be_visible()
    expect(page.locator(".revocation-reason")).to_contain_text("ออกให้โดยผิดพลาด")
    expect(page.get_by_text("คลาดเคลื่อน")).to_have_count(0)
    thai_page_checks(page)
    step(page, "verify-recognition-revoked")


def test_the_verify_page_of_an_erased_members_honour_shows_its_kind_date_and_status_only(
    app, page, people
):
    with app.app_context():
        member = db.session.get(User, people)
        admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
        coordinator = db.session.scalar(select(User).where(User.email == "coord@example.org"))
        kind = recognitions.kinds()[0]
        honour = recognitions.nominate(coordinator, member, kind, title=HONOUR,
                                       citation="แจ้งเบาะแสการทุจริต", awarded_on=AWARDED,
                                       awarding_body="ศูนย์ธรรมาภิบาลเขตดุสิต")  # fmt: skip
        code = recognitions.approve(honour, admin, "ผลงานครบตามเกณฑ์").code
        pdpa.carry_out_erasure(admin, pdpa.request_erasure(member, PASSWORD))
    page.goto(f"/verify/{code}")
    expect(page.get_by_text("การเชิดชูเกียรตินี้มีผลอยู่")).to_be_visible()
    expect(page.get_by_text("ข้อมูลถูกลบตามคำขอของผู้ถือ")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ยกย่องเชิดชูเกียรติ/ให้รางวัล")
    for gone in (HONOUR, "ประเสริฐ", "แจ้งเบาะแส", "ศูนย์ธรรมาภิบาลเขตดุสิต"):
        expect(page.get_by_text(gone, exact=False)).to_have_count(0)
    thai_page_checks(page)
