"""A volunteer without e-mail forgot their password: their coordinator makes a one-time
link on the member's page and hands it over; the volunteer chooses a new password from it
and logs in with their mobile number. On a phone and on a desktop."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from learnhub.accounts import services
from learnhub.accounts.models import Role, User
from learnhub.catalog.importer import import_path
from learnhub.coordination import cohorts
from learnhub.coordination.models import CohortMember
from learnhub.extensions import db
from tests.conftest import PASSWORD, VALID_IDS, profile_data
from tests.coordination.world import build_world, make_user
from tests.e2e.steps import LOGIN_NAME, from_the_menu, log_in, thai_page_checks

pytestmark = pytest.mark.e2e


@pytest.fixture
def member_page(app, course_folder) -> str:
    """The page of a volunteer without e-mail in coordinator A's cohort."""
    with app.app_context():
        import_path(course_folder(quizzes=True).path)
        world = build_world()
        profile = profile_data(national_id=VALID_IDS[1], member_type="community_leader",
                               phone_mobile="0861112222", first_name_th="บุญมี",
                               last_name_th="รักดี")  # fmt: skip
        volunteer = services.register_member(None, PASSWORD, profile)
        coordinator = db.session.get(User, world.coordinator_a_id)
        cohort = db.session.get(cohorts.Cohort, world.cohort_a_id)
        cohorts.add_member(coordinator, cohort, volunteer.id)
        member = db.session.scalar(select(CohortMember).where(CohortMember.user_id == volunteer.id))
        return f"/coordination/cohorts/{world.cohort_a_id}/members/{member.id}"


def test_a_coordinator_issued_reset_link_lets_a_volunteer_log_in_again(page, member_page):
    log_in(page, "coord-a@example.org")
    page.goto(member_page)
    expect(page.get_by_text("ไม่มีอีเมล", exact=True)).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("button", name="สร้างลิงก์ตั้งรหัสผ่านใหม่").click()

    the_volunteer_chooses_a_new_password_from_the_link(page)


def test_an_admin_issued_reset_link_serves_a_volunteer_who_has_no_coordinator(page, app):
    with app.app_context():
        make_user("admin@example.org", Role.ADMIN, "ผู้ดูแล ระบบ")
        volunteer = services.register_member(None, PASSWORD, profile_data(
            national_id=VALID_IDS[1], member_type="community_leader", phone_mobile="0861112222",
            first_name_th="บุญมี", last_name_th="รักดี"))  # fmt: skip
        user_page = f"/admin/users/{volunteer.id}"
    log_in(page, "admin@example.org")
    page.goto(user_page)
    expect(page.get_by_text("ไม่มีอีเมล", exact=True)).to_be_visible()
    thai_page_checks(page)
    page.get_by_role("button", name="สร้างลิงก์ตั้งรหัสผ่านใหม่").click()

    the_volunteer_chooses_a_new_password_from_the_link(page)


def the_volunteer_chooses_a_new_password_from_the_link(page) -> None:
    """From the page showing the link: staff log out, the volunteer opens the link, chooses a
    new password and logs in with their mobile number; the link then no longer works."""
    expect(page.get_by_role("heading", name="ลิงก์ตั้งรหัสผ่านใหม่")).to_be_visible()
    thai_page_checks(page)
    shown = page.locator(".reset-link .hash").inner_text().strip()
    link = "/account/reset/" + shown.rsplit("/account/reset/", 1)[1]  # on this test server
    from_the_menu(page, "button", "ออกจากระบบ").click()

    page.goto(link)
    page.get_by_label("รหัสผ่านใหม่", exact=True).fill("a-new-password-42")
    page.get_by_label("ยืนยันรหัสผ่านใหม่").fill("a-new-password-42")
    thai_page_checks(page)
    page.locator("form.form button[type=submit]").click()
    page.get_by_label(LOGIN_NAME).fill("086 111 2222")
    page.get_by_label("รหัสผ่าน").fill("a-new-password-42")
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_text("ยินดีต้อนรับกลับมา")).to_be_visible()

    page.goto(link)  # used once, the link is dead
    expect(page.get_by_text("ลิงก์ตั้งรหัสผ่านใหม่ใช้ได้ครั้งเดียว")).to_be_visible()
