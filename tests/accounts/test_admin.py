"""The admin finds people and gives them roles."""

import re

from sqlalchemy import select

from learnhub.accounts.models import AuditEvent, Role, User
from learnhub.extensions import db
from tests.conftest import VALID_IDS, login, submit


def test_admin_lists_and_searches_users_and_the_list_is_audited(client, make_member):
    make_member(email="somchai@example.org", national_id=VALID_IDS[0])
    make_member(email="malee@example.org", first_name_th="มาลี", national_id=VALID_IDS[1])
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[2])
    login(client, "admin@example.org")

    everyone = client.get("/admin/users").get_data(as_text=True)
    assert "ผู้ใช้ 3 คน" in everyone

    found = client.get("/admin/users?q=มาลี").get_data(as_text=True)
    assert "malee@example.org" in found and "somchai@example.org" not in found
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions == ["users.list", "users.list"]


def test_admin_finds_a_member_by_mobile_number_or_national_id_never_echoed_nor_logged(
    client, make_member
):
    make_member(email="somchai@example.org", national_id=VALID_IDS[0], phone_mobile="0891234567")
    make_member(email="malee@example.org", national_id=VALID_IDS[1])
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[2])
    login(client, "admin@example.org")

    for typed in ("089-123-4567", "+66 89 123 4567", "1-1017-00230-70-8"):
        found = submit(client, "/admin/users", {"q": typed}).get_data(as_text=True)
        assert "ผู้ใช้ 1 คน" in found and "somchai@example.org" in found, typed
    assert "1-1017-00230-70-8" not in found and VALID_IDS[0] not in found
    details = " ".join(db.session.scalars(select(AuditEvent.detail)))
    assert VALID_IDS[0] not in details.replace("-", "")
    assert "ค้นหาจากอีเมล ชื่อ หมายเลขโทรศัพท์มือถือ หรือเลขประจำตัวประชาชน" in found


def test_admin_makes_a_member_coordinator(client, make_member):
    member_id = make_member(email="member@example.org", national_id=VALID_IDS[0])
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[1])
    login(client, "admin@example.org")

    response = submit(
        client, f"/admin/users/{member_id}/role", {"role": "coordinator"},
        form_url=f"/admin/users/{member_id}", follow_redirects=True,
    )  # fmt: skip

    assert "ผู้ประสานงานเครือข่าย" in response.get_data(as_text=True)
    assert db.session.get(User, member_id).role == "coordinator"
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "user.role_changed")
    ).one()
    assert event.detail == "learner -> coordinator"


def test_the_last_admin_cannot_be_demoted(client, make_member):
    admin_id = make_member(email="admin@example.org", role=Role.ADMIN)
    login(client, "admin@example.org")

    response = submit(
        client, f"/admin/users/{admin_id}/role", {"role": "learner"},
        form_url=f"/admin/users/{admin_id}", follow_redirects=True,
    )  # fmt: skip

    assert "ระบบต้องมีผู้ดูแลอย่างน้อยหนึ่งคน" in response.get_data(as_text=True)
    assert db.session.get(User, admin_id).role == "admin"


def test_an_unknown_role_is_refused(client, make_member):
    member_id = make_member(email="member@example.org", national_id=VALID_IDS[0])
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[1])
    login(client, "admin@example.org")

    response = submit(
        client, f"/admin/users/{member_id}/role", {"role": "superuser"},
        form_url=f"/admin/users/{member_id}",
    )  # fmt: skip

    assert response.status_code == 400
    assert db.session.get(User, member_id).role == "learner"


def test_coordinators_and_learners_cannot_manage_users(client, make_member):
    make_member(email="coordinator@example.org", role=Role.COORDINATOR)
    login(client, "coordinator@example.org")
    assert client.get("/admin/users").status_code == 403


def test_an_admin_hands_a_reset_link_to_a_member_without_email_or_coordinator(
    client, make_member, app
):
    member_id = make_member(email=None, national_id=VALID_IDS[0], phone_mobile="0891234567",
                            member_type="community_leader")  # fmt: skip
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[1])
    login(client, "admin@example.org")
    listed = client.get("/admin/users").get_data(as_text=True)
    assert "ไม่มีอีเมล" in listed and "learnhub.invalid" not in listed
    page_url = f"/admin/users/{member_id}"
    assert "สร้างลิงก์ตั้งรหัสผ่านใหม่" in client.get(page_url).get_data(as_text=True)

    response = submit(client, f"{page_url}/reset-link", {}, form_url=page_url)

    assert response.status_code == 200 and "no-store" in response.headers["Cache-Control"]
    link = re.search(r"(http\S+/account/reset/[\w.\-]+)", response.get_data(as_text=True))[1]
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "password.reset_link_issued")
    ).one()
    assert event.subject_user_id == member_id
    submit(client, "/logout", {}, form_url="/")
    path = link.removeprefix(app.config["PUBLIC_URL"])
    new = {"password": "a-new-password-1", "password_confirm": "a-new-password-1"}
    assert submit(client, path, new).status_code == 302
    login(client, "089 123 4567", "a-new-password-1")
    assert client.get(path).status_code == 400  # once used, the link is dead


def test_an_admin_makes_no_link_for_someone_who_resets_by_email(client, make_member):
    member_id = make_member(email="member@example.org", national_id=VALID_IDS[0])
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[1])
    login(client, "admin@example.org")
    page_url = f"/admin/users/{member_id}"
    assert "สร้างลิงก์ตั้งรหัสผ่านใหม่" not in client.get(page_url).get_data(as_text=True)

    response = submit(client, f"{page_url}/reset-link", {}, form_url=page_url)

    assert response.status_code == 303 and response.headers["Location"] == page_url
    assert "password.reset_link_issued" not in db.session.scalars(select(AuditEvent.action)).all()
