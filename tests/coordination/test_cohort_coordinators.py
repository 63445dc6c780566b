"""A cohort's own coordinators: the network's coordinator adds a coordinator to run one
cohort; that person sees the cohort and its members (and its audit entries), not the rest of
the network, cannot choose who else runs it, and loses it all when taken off."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.accounts.models import AuditEvent, Role, User
from learnhub.coordination import scoping
from learnhub.coordination.models import CohortCoordinator
from learnhub.extensions import db
from tests.conftest import login, submit
from tests.coordination.world import World, make_user


def _add(client, cohort_id: int, email: str):
    url = f"/coordination/cohorts/{cohort_id}"
    return submit(client, f"{url}/coordinators", {"email": email}, form_url=url,
                  follow_redirects=True)  # fmt: skip


def test_the_networks_coordinator_adds_a_cohort_coordinator_who_sees_only_that_cohort(
    client, world: World
):
    helper = make_user("helper@example.org", Role.COORDINATOR, "ผู้ช่วย ประสานงาน")
    login(client, "coord-a@example.org")
    added = _add(client, world.cohort_a_id, "helper@example.org").get_data(as_text=True)
    assert "ผู้ช่วย ประสานงาน เป็นผู้ประสานงานของรุ่นนี้แล้ว" in added
    assert "ผู้ประสานงานของรุ่นนี้" in added and "นำออกจากรุ่นนี้" in added
    event = db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "cohort.coordinator_added"))  # fmt: skip
    assert (event.cohort_id, event.subject_user_id) == (world.cohort_a_id, helper.id)
    submit(client, "/logout", {}, form_url="/coordination/")

    login(client, "helper@example.org")
    home = client.get("/coordination/").get_data(as_text=True)
    assert f"/coordination/cohorts/{world.cohort_a_id}" in home
    page = client.get(f"/coordination/cohorts/{world.cohort_a_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "สมาชิก เอ0" in html
    assert "เพิ่มผู้ประสานงานของรุ่นนี้" not in html  # the network's coordinators choose
    assert f'href="/coordination/networks/{world.network_a_id}"' not in html
    assert client.get(f"/coordination/networks/{world.network_a_id}").status_code == 404
    assert client.get(f"/coordination/cohorts/{world.cohort_b_id}").status_code == 404
    refused = _add(client, world.cohort_a_id, "coord-b@example.org")
    assert refused.status_code == 403
    audit_page = client.get("/coordination/audit").get_data(as_text=True)
    assert "cohort.coordinator_added" in audit_page and "network.created" not in audit_page
    assert set(db.session.scalars(scoping.people_for(helper))) == set(world.member_a_ids)
    submit(client, "/logout", {}, form_url="/coordination/")

    login(client, "coord-a@example.org")
    url = f"/coordination/cohorts/{world.cohort_a_id}"
    removed = submit(client, f"{url}/coordinators/{helper.id}/remove", {}, form_url=url,
                     follow_redirects=True)  # fmt: skip
    assert "ผู้ช่วย ประสานงาน ไม่ได้เป็นผู้ประสานงานของรุ่นนี้แล้ว" in removed.get_data(as_text=True)
    assert db.session.scalars(select(CohortCoordinator)).all() == []
    assert db.session.scalars(scoping.cohorts_for(helper)).all() == []
    assert db.session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == "cohort.coordinator_removed"))  # fmt: skip


def test_only_someone_already_a_coordinator_can_be_added(client, world: World):
    login(client, "coord-a@example.org")
    learner = _add(client, world.cohort_a_id, "a0@example.org").get_data(as_text=True)
    assert "สมาชิก เอ0 ไม่ได้เป็นผู้ประสานงาน" in learner
    unknown = _add(client, world.cohort_a_id, "nobody@example.org").get_data(as_text=True)
    assert "ไม่มีบัญชีที่ใช้อีเมลนี้" in unknown
    assert db.session.scalars(select(CohortCoordinator)).all() == []
    assert db.session.scalar(select(User.role).where(User.email == "a0@example.org")) == (
        Role.LEARNER
    )


def test_an_admin_adds_and_another_networks_coordinator_cannot(client, world: World):
    login(client, "coord-b@example.org")
    url = f"/coordination/cohorts/{world.cohort_a_id}/coordinators"
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        assert client.post(url, data={"email": "coord-b@example.org"}).status_code == 404
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True
    submit(client, "/logout", {}, form_url="/coordination/")
    login(client, "admin@example.org")
    _add(client, world.cohort_a_id, "coord-b@example.org")
    coordinator_b = db.session.get(User, world.coordinator_b_id)
    seen = {c.id for c in db.session.scalars(scoping.cohorts_for(coordinator_b))}
    assert seen == {world.cohort_a_id, world.cohort_b_id}
