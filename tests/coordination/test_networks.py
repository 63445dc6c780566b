"""Networks: an admin creates one and appoints its coordinator; a member applies from their
profile; the coordinator decides with a reason; the applicant sees the outcome."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.accounts.models import AuditEvent, Role, User
from learnhub.coordination import networks
from learnhub.coordination.models import NetworkMembership
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.coordination.world import make_user


def test_an_admin_creates_a_network_and_appoints_its_coordinator(client, app):
    make_user("admin@example.org", Role.ADMIN)
    make_user("somsri@example.org", name="สมศรี ใจงาม")
    login(client, "admin@example.org")
    response = submit(client, "/coordination/networks",
                      {"name": "ศูนย์ธรรมาภิบาลเขตดุสิต", "province_code": "10"},
                      form_url="/coordination/")  # fmt: skip
    assert response.status_code == 303
    network_url = response.headers["Location"]
    response = submit(client, f"{network_url}/coordinators", {"email": "somsri@example.org"},
                      form_url=network_url)  # fmt: skip
    page = client.get(network_url).get_data(as_text=True)
    assert "สมศรี ใจงาม" in page
    assert db.session.scalar(select(User.role).where(User.email == "somsri@example.org")) == (
        Role.COORDINATOR
    )
    again = submit(client, "/coordination/networks", {"name": "ศูนย์ธรรมาภิบาลเขตดุสิต"},
                   form_url="/coordination/", follow_redirects=True)  # fmt: skip
    assert "มีเครือข่ายชื่อนี้อยู่แล้ว" in again.get_data(as_text=True)


def test_an_admin_who_leaves_the_network_name_empty_is_told_what_is_missing(client, app):
    make_user("admin@example.org", Role.ADMIN)
    login(client, "admin@example.org")
    response = submit(client, "/coordination/networks", {"name": "", "province_code": "10"},
                      form_url="/coordination/", follow_redirects=True)  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ยังไม่ได้สร้างเครือข่าย" in page
    assert "กรอกชื่อเครือข่าย" in page


def test_a_member_applies_and_sees_the_coordinators_decline_with_its_reason(
    client, app, make_member
):
    admin = make_user("admin@example.org", Role.ADMIN)
    coordinator = make_user("coord@example.org", Role.COORDINATOR)
    network = networks.create_network(admin, "ศูนย์ธรรมาภิบาลเขตดุสิต", "10")
    networks.appoint_coordinator(admin, network, coordinator)
    make_member(email="member@example.org")
    login(client, "member@example.org")
    assert "/coordination/my-networks" in client.get("/account/profile").get_data(as_text=True)
    form = {"network": str(network.id), "member_type": "community_leader",
            "agency": "ชุมชนวัดโสมนัส", "other_networks": "อาสาสมัครสาธารณสุข"}  # fmt: skip
    refused = submit(client, "/coordination/my-networks", form)
    assert refused.status_code == 422  # no consent given
    response = submit(client, "/coordination/my-networks", {**form, "consent": "y"},
                      follow_redirects=True)  # fmt: skip
    assert "รอการพิจารณา" in response.get_data(as_text=True)
    twice = submit(client, "/coordination/my-networks", {**form, "consent": "y"})
    assert twice.status_code == 422

    submit(client, "/logout", {}, form_url="/account/profile")
    login(client, "coord@example.org")
    application = db.session.scalars(select(NetworkMembership)).one()
    network_url = f"/coordination/networks/{network.id}"
    assert "ชุมชนวัดโสมนัส" in client.get(network_url).get_data(as_text=True)
    submit(client, f"/coordination/applications/{application.id}/decide",
           {"decision": "decline", "reason": "ยังไม่ได้อยู่ในพื้นที่เขตดุสิต"},
           form_url=network_url)  # fmt: skip
    db.session.refresh(application)
    assert application.status == "declined"
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "network.application_declined")
    )

    submit(client, "/logout", {}, form_url="/coordination/")
    login(client, "member@example.org")
    page = client.get("/coordination/my-networks").get_data(as_text=True)
    assert "ไม่อนุมัติ" in page and "ยังไม่ได้อยู่ในพื้นที่เขตดุสิต" in page


def test_a_coordinator_approves_an_application_and_the_member_joins_the_network(
    client, app, make_member
):
    admin = make_user("admin@example.org", Role.ADMIN)
    coordinator = make_user("coord@example.org", Role.COORDINATOR)
    network = networks.create_network(admin, "ศูนย์ธรรมาภิบาลเขตดุสิต", "10")
    networks.appoint_coordinator(admin, network, coordinator)
    member_id = make_member(email="member@example.org")
    member = db.session.get(User, member_id)
    networks.apply(member, network, member_type="community_leader", agency="ชุมชนวัดโสมนัส",
                   other_networks=None, consent=True)  # fmt: skip
    application = db.session.scalars(select(NetworkMembership)).one()

    login(client, "coord@example.org")
    network_url = f"/coordination/networks/{network.id}"
    decided = submit(client, f"/coordination/applications/{application.id}/decide",
                     {"decision": "approve", "reason": "อยู่ในพื้นที่เขตดุสิต"},
                     form_url=network_url, follow_redirects=True)  # fmt: skip
    assert "บันทึกผลการพิจารณาแล้ว" in decided.get_data(as_text=True)
    db.session.refresh(application)
    assert (application.status, application.decided_by_id) == ("approved", coordinator.id)
    assert application.decision_reason == "อยู่ในพื้นที่เขตดุสิต"
    entry = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "network.application_approved")
    )
    assert (entry.subject_user_id, entry.network_id) == (member_id, network.id)
    again = submit(client, f"/coordination/applications/{application.id}/decide",
                   {"decision": "decline", "reason": "เปลี่ยนใจ"}, form_url=network_url,
                   follow_redirects=True)  # fmt: skip
    assert "ใบสมัครนี้ได้รับการพิจารณาแล้ว" in again.get_data(as_text=True)
    db.session.refresh(application)
    assert application.status == "approved"

    submit(client, "/logout", {}, form_url="/coordination/")
    login(client, "member@example.org")
    page = client.get("/coordination/my-networks").get_data(as_text=True)
    assert "อนุมัติแล้ว" in page and "อยู่ในพื้นที่เขตดุสิต" in page
