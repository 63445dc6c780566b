"""After a person's first certificate, a new name or title waits for staff to confirm it;
a title typed as "other" waits too; titles include academic and professional ones."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.accounts import names, services
from learnhub.accounts.models import AuditEvent, NameChange, Role, User
from learnhub.credentials import services as credentials
from learnhub.extensions import db
from learnhub.thai import TITLES, full_name
from tests.conftest import VALID_IDS, login, profile_data, signup_form, submit


def edit_form(**overrides) -> dict:
    data = {k: str(v) for k, v in profile_data().items()}
    data.update(overrides)
    return data


def staff(app, make_member, role=Role.ADMIN, email="admin@example.org", national_id=VALID_IDS[1]):
    make_member(email=email, role=role, national_id=national_id)
    client = app.test_client()
    login(client, email)
    return client


def decide(client, change_id: int, decision: str):
    return submit(
        client, f"/admin/name-changes/{change_id}", {"decision": decision},
        form_url="/admin/name-changes",
    )  # fmt: skip


def test_a_learner_without_a_certificate_renames_at_once(client, learner):
    submit(client, "/account/profile/edit", edit_form(last_name_th="ใจงาม"))
    assert db.session.get(User, learner.id).name == "นายสมชาย ใจงาม"
    assert db.session.scalar(select(NameChange)) is None


def test_a_graduate_who_becomes_prof_dr_waits_for_an_admin_and_certificates_keep_the_old_name(
    app,
    client,
    certificate,
    make_member,
):
    response = submit(
        client, "/account/profile/edit", edit_form(title="prof_dr", first_name_th="สมศักดิ์"),
        follow_redirects=True,
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert "รอเจ้าหน้าที่ยืนยัน" in page and "ศ. ดร. สมศักดิ์ ใจดี" in page
    user = db.session.get(User, certificate.user_id)
    assert user.name == "นายสมชาย ใจดี"  # the confirmed name, still on the profile
    requested = select(AuditEvent).where(AuditEvent.action == "name_change.requested")
    event = db.session.scalar(requested)
    assert event.subject_user_id == user.id and "สม" not in (event.detail or "")
    edit_page = client.get("/account/profile/edit").get_data(as_text=True)
    assert 'value="สมศักดิ์"' in edit_page  # the member sees what they asked for

    admin = staff(app, make_member)
    admin_user = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    reissued = credentials.reissue(certificate, admin_user, "ชื่อสะกดผิด")
    assert reissued.holder_name == "นายสมชาย ใจดี"  # before confirmation: the confirmed name
    listing = admin.get("/admin/name-changes").get_data(as_text=True)
    assert "ศ. ดร. สมศักดิ์ ใจดี" in listing and "นายสมชาย ใจดี" in listing
    change = db.session.scalar(select(NameChange))
    assert decide(admin, change.id, "confirm").status_code == 303

    assert db.session.get(User, user.id).name == "ศ. ดร. สมศักดิ์ ใจดี"
    admin_user = db.session.get(User, admin_user.id)
    newest = credentials.reissue(reissued, admin_user, "ได้รับตำแหน่งทางวิชาการ")
    assert newest.holder_name == "ศ. ดร. สมศักดิ์ ใจดี"
    assert db.session.scalar(
        select(AuditEvent.actor_id).where(AuditEvent.action == "name_change.confirmed")
    ) == admin_user.id  # fmt: skip


def test_a_declined_change_leaves_the_name_and_says_so(app, client, certificate, make_member):
    submit(client, "/account/profile/edit", edit_form(last_name_th="คนอื่น"))
    admin = staff(app, make_member)
    change = db.session.scalar(select(NameChange))
    decide(admin, change.id, "decline")
    assert db.session.get(NameChange, change.id).status == "declined"
    assert db.session.get(User, certificate.user_id).name == "นายสมชาย ใจดี"
    assert decide(admin, change.id, "confirm").status_code == 303  # already decided: no change
    assert db.session.get(User, certificate.user_id).name == "นายสมชาย ใจดี"
    refused = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "name_change.refused")
    )
    assert refused.detail == f"name change #{change.id} already declined"


def test_going_back_to_the_confirmed_name_withdraws_the_change(client, certificate):
    submit(client, "/account/profile/edit", edit_form(last_name_th="คนอื่น"))
    submit(client, "/account/profile/edit", edit_form())
    assert db.session.scalar(select(NameChange.status)) == "withdrawn"
    assert names.pending_change(db.session.get(User, certificate.user_id)) is None


def test_a_title_typed_as_other_is_printed_only_once_staff_confirm_it(app, client, make_member):
    response = submit(client, "/signup", signup_form(title="other", title_other="พลตำรวจเอก"))
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "somchai@example.org"))
    assert user.name == "สมชาย ใจดี"  # no title until confirmed
    assert names.pending_change(user).new_name == "พลตำรวจเอกสมชาย ใจดี"
    admin = staff(app, make_member)
    decide(admin, names.pending_change(user).id, "confirm")
    assert db.session.get(User, user.id).name == "พลตำรวจเอกสมชาย ใจดี"


def test_a_coordinator_decides_only_for_members_they_look_after_and_a_learner_not_at_all(
    app,
    client,
    certificate,
    make_member,
):
    submit(client, "/account/profile/edit", edit_form(last_name_th="คนอื่น"))
    change = db.session.scalar(select(NameChange))
    assert client.get("/admin/name-changes").status_code == 403
    coordinator = staff(app, make_member, Role.COORDINATOR, "coord@example.org", VALID_IDS[2])
    assert "คนอื่น" not in coordinator.get("/admin/name-changes").get_data(as_text=True)
    assert decide(coordinator, change.id, "confirm").status_code == 404
    refused = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "name_change.refused")
    )
    assert refused.subject_user_id == certificate.user_id  # the attempt is on record

    def looks_after_the_member(staff, member):
        return member.id == certificate.user_id

    names.member_scopes.append(looks_after_the_member)
    try:
        assert "คนอื่น" in coordinator.get("/admin/name-changes").get_data(as_text=True)
        decide(coordinator, change.id, "confirm")
    finally:  # only this test's scope goes: the coordination domain's stays for later tests
        names.member_scopes.remove(looks_after_the_member)
    assert db.session.get(User, certificate.user_id).name == "นายสมชาย คนอื่น"


def test_titles_include_academic_and_professional_ones_printed_as_thai_writes_them():
    printed = {th for th, _ in TITLES.values()}
    expected = {"นาย", "นาง", "นางสาว", "ศ.", "รศ.", "ผศ.", "ดร.", "นพ.", "พญ.", "ทพ.", "ทพญ.",
                "ภก.", "ภญ.", "พระ"}  # fmt: skip
    assert expected <= printed
    assert full_name("physician_f", "สมศรี", "ใจดี") == "พญ. สมศรี ใจดี"
    assert full_name("monk", "สมชาย", "ใจดี") == "พระสมชาย ใจดี"
    assert full_name("assoc_prof_dr", "สมชาย", "ใจดี") == "รศ. ดร. สมชาย ใจดี"


def test_the_profile_form_offers_the_new_titles(client, learner):
    page = client.get("/account/profile/edit").get_data(as_text=True)
    assert 'value="pharmacist_m"' in page and "ภก." in page and 'value="other"' in page


def test_services_hold_the_name_of_a_certificate_holder_without_a_request(app, certificate):
    user = db.session.get(User, certificate.user_id)
    services.update_profile(user, {**profile_data(), "first_name_th": "สมหมาย"})
    assert db.session.get(User, user.id).name == "นายสมชาย ใจดี"
    assert names.pending_change(user).new_first_name_th == "สมหมาย"
