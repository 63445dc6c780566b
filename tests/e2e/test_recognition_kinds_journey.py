"""An admin keeps the kinds of recognition in a real browser, on a phone and on a desktop:
from the recognitions desk to the list, adds a kind, then retires it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from learnhub.accounts.models import Role
from learnhub.credentials import recognitions
from tests.coordination.world import thai_id
from tests.e2e.steps import log_in, thai_page_checks

pytestmark = pytest.mark.e2e


@pytest.fixture
def admin(app, make_member, monkeypatch):
    # A real deployment's address (a loopback one makes admin pages warn, in English words).
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://learnhub.example.org")
    make_member("admin@example.org", role=Role.ADMIN, national_id=thai_id(1))
    with app.app_context():
        recognitions.seed_kinds()


def test_an_admin_adds_a_kind_of_recognition_and_retires_it(page, admin):
    log_in(page, "admin@example.org")
    page.goto("/admin/recognitions")
    page.get_by_role("link", name="ประเภทการเชิดชูเกียรติ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ประเภทการเชิดชูเกียรติ")
    expect(
        page.get_by_role("row", name="การพิจารณาความดีความชอบกรณีพิเศษ", exact=False)
    ).to_contain_text("มาตรา 56")
    thai_page_checks(page)

    page.get_by_label("ชื่อภาษาไทย").fill("อาสาสมัครต้านทุจริตดีเด่น")
    page.get_by_label("ชื่อภาษาอังกฤษ").fill("Outstanding anti-corruption volunteer")
    page.get_by_label("ชื่อย่อสำหรับระบบ").fill("Volunteer")
    page.get_by_role("button", name="เพิ่มประเภท").click()
    expect(page.locator("#key-error")).to_contain_text("ขึ้นต้นด้วยตัวอักษร")
    thai_page_checks(page)
    page.get_by_label("ชื่อย่อสำหรับระบบ").fill("volunteer")
    page.get_by_label("ฐานทางกฎหมาย").fill("ระเบียบว่าด้วยการยกย่องอาสาสมัคร")
    page.get_by_role("button", name="เพิ่มประเภท").click()
    expect(page.get_by_text("เพิ่มประเภทการเชิดชูเกียรติแล้ว")).to_be_visible()
    row = page.get_by_role("row", name="อาสาสมัครต้านทุจริตดีเด่น", exact=False)
    expect(row).to_contain_text("เปิดให้เลือก")
    thai_page_checks(page)

    row.get_by_role("link", name="อาสาสมัครต้านทุจริตดีเด่น").click()
    thai_page_checks(page)
    page.get_by_label("เปิดให้ผู้ประสานงานเลือกเมื่อเสนอชื่อ").uncheck()
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_text("บันทึกประเภทการเชิดชูเกียรติแล้ว")).to_be_visible()
    expect(page.get_by_role("row", name="อาสาสมัครต้านทุจริตดีเด่น", exact=False)).to_contain_text(
        "เลิกใช้แล้ว"
    )
    thai_page_checks(page)
