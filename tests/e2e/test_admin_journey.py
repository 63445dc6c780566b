"""Issue 18, journey (d): an admin's day in a real browser, on a phone and on a desktop.
They approve a nomination for a recognition, revoke a certificate from their own desk with
the reason the public sees, and read both decisions back in the audit log, searched by the
person and by the action; anyone checking the certificate then meets the public reason."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learnhub.accounts.models import Role, User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.credentials import recognitions, services
from learnhub.credentials.models import RecognitionKind
from learnhub.extensions import db
from tests.coordination.world import put_in_network, thai_id
from tests.e2e.steps import log_in, step, thai_page_checks

pytestmark = pytest.mark.e2e
HONOUR = "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต ประจำปี 2569"


@pytest.fixture
def desk(app, make_member, course_folder, monkeypatch):
    """A member nominated by their coordinator, and holding a certificate earned online."""
    # A real deployment's address (a loopback one makes admin pages warn, in English words).
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://learnhub.example.org")
    make_member("admin@example.org", role=Role.ADMIN, national_id=thai_id(1))
    coordinator_id = make_member("coord@example.org", role=Role.COORDINATOR,
                                 national_id=thai_id(2))  # fmt: skip
    member_id = make_member("member@example.org", national_id=thai_id(3),
                            first_name_th="บุญมี", last_name_th="ศรีสุข")  # fmt: skip
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
        recognitions.seed_kinds()
        put_in_network(coordinator_id, member_id)
        coordinator, member = db.session.get(User, coordinator_id), db.session.get(User, member_id)
        kind = db.session.scalar(
            select(RecognitionKind).where(RecognitionKind.key == "honour_award")
        )
        recognitions.nominate(coordinator, member, kind, title=HONOUR, citation="แจ้งเบาะแสการทุจริต",
                              awarded_on=dt.date(2026, 11, 20),
                              awarding_body="ศูนย์ธรรมาภิบาลเขตดุสิต")  # fmt: skip
        certificate = services.issue(member, db.session.scalar(select(Course)).current_version)
        return certificate.id, certificate.serial, certificate.code


def approves_the_recognition(page) -> None:
    page.goto("/admin/recognitions")
    thai_page_checks(page)
    step(page, "recognitions-awaiting")
    page.get_by_role("link", name=HONOUR, exact=False).click()
    thai_page_checks(page)
    step(page, "nomination")
    page.get_by_label("เหตุผล", exact=True).fill("หลักฐานครบตามเกณฑ์ของคณะทำงาน")
    page.get_by_role("button", name="อนุมัติ", exact=True).click()
    expect(page.get_by_text("อนุมัติการเชิดชูเกียรติของ นายบุญมี ศรีสุข แล้ว")).to_be_visible()
    thai_page_checks(page)
    step(page, "recognition-approved")


def revokes_the_certificate(page, certificate_id: int, serial: str) -> None:
    """From the admin's own certificate desk: the public reason chosen, the staff note kept."""
    page.goto("/admin/certificates")
    revoke = page.locator(f"form[action='/admin/certificates/{certificate_id}/revoke']")
    revoke.get_by_label("เหตุผลที่แสดงต่อสาธารณะ").select_option(label="ได้มาโดยไม่สุจริต")
    revoke.get_by_placeholder("เหตุผล (เฉพาะเจ้าหน้าที่)").fill("ให้ผู้อื่นทำแบบทดสอบแทน")
    thai_page_checks(page)
    step(page, "certificate-desk")
    revoke.get_by_role("button", name="เพิกถอน").click()
    expect(page.get_by_text(f"เพิกถอนวุฒิบัตรเลขที่ {serial} แล้ว")).to_be_visible()
    thai_page_checks(page)
    step(page, "certificate-revoked")


def audit_rows(page):
    return page.locator("table tbody tr")


def reads_the_audit_log(page) -> None:
    page.goto("/coordination/audit")
    expect(page.get_by_role("heading", name="บันทึกการตรวจสอบ", level=1)).to_be_visible()
    thai_page_checks(page)
    step(page, "audit-log")

    search = page.get_by_role("search")
    search.get_by_label("บุคคล (ชื่อหรืออีเมล)").fill("บุญมี")
    search.get_by_role("button", name="ค้นหา").click()
    actions = audit_rows(page).locator("code")
    expect(actions.filter(has_text="certificate.revoked")).to_have_count(1)
    expect(actions.filter(has_text="recognition.approved")).to_have_count(1)
    expect(actions.filter(has_text="recognition.viewed")).not_to_have_count(0)
    thai_page_checks(page)
    step(page, "audit-log-about-the-member")

    search.get_by_label("การกระทำ").fill("certificate.revoked")
    search.get_by_role("button", name="ค้นหา").click()
    expect(audit_rows(page)).to_have_count(1)
    row = audit_rows(page).first
    expect(row).to_contain_text("admin@example.org")  # done by
    expect(row).to_contain_text("บุญมี ศรีสุข")  # about whom
    expect(row).to_contain_text("obtained_dishonestly")  # the category, never the note
    expect(page.get_by_text("ผู้อื่นทำแบบทดสอบแทน")).to_have_count(0)
    thai_page_checks(page)
    step(page, "audit-log-one-revocation")

    search.get_by_label("บุคคล (ชื่อหรืออีเมล)").fill("ไม่มีใครชื่อนี้")
    search.get_by_role("button", name="ค้นหา").click()
    expect(page.get_by_text("ไม่พบรายการที่ตรงกับการค้นหา")).to_be_visible()


def test_an_admin_approves_a_recognition_revokes_a_certificate_and_reads_the_audit_log(page, desk):
    certificate_id, serial, code = desk
    log_in(page, "admin@example.org")
    approves_the_recognition(page)
    revokes_the_certificate(page, certificate_id, serial)
    reads_the_audit_log(page)

    page.context.clear_cookies()  # an HR officer checks the certificate
    page.goto(f"/verify/{code}")
    expect(page.locator(".verdict.revoked")).to_be_visible()
    expect(page.get_by_text("ได้มาโดยไม่สุจริต")).to_be_visible()  # the public reason
    expect(page.get_by_text("ผู้อื่นทำแบบทดสอบแทน")).to_have_count(0)
    thai_page_checks(page)
    step(page, "verify-revoked")
