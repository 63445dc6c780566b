"""Coordinator A never sees cohort B: every page and export answers 404 and is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from learnhub.accounts.models import AuditEvent, User
from learnhub.coordination import scoping
from learnhub.coordination.models import CohortMember, CohortSession
from learnhub.extensions import db
from tests.conftest import login
from tests.coordination.world import World


def test_each_scoping_function_gives_a_coordinator_only_their_own(world: World):
    coord_a = db.session.get(User, world.coordinator_a_id)
    admin = db.session.get(User, world.admin_id)
    assert [n.id for n in db.session.scalars(scoping.networks_for(coord_a))] == [world.network_a_id]
    assert [c.id for c in db.session.scalars(scoping.cohorts_for(coord_a))] == [world.cohort_a_id]
    seen = {m.user_id for m in db.session.scalars(scoping.members_for(coord_a))}
    assert seen == set(world.member_a_ids)
    people = set(db.session.scalars(scoping.people_for(coord_a)))
    assert people == set(world.member_a_ids)
    assert not scoping.can_see_person(coord_a, world.member_b_ids[0])
    assert len(db.session.scalars(scoping.cohorts_for(admin)).all()) == 2
    assert scoping.can_see_person(admin, world.member_b_ids[0])
    learner = db.session.get(User, world.member_a_ids[0])
    assert db.session.scalars(scoping.cohorts_for(learner)).all() == []


def _pages_of_cohort_b(world: World) -> list[tuple[str, str]]:
    member_b = db.session.scalar(
        select(CohortMember.id).where(CohortMember.cohort_id == world.cohort_b_id)
    )
    session = CohortSession(cohort_id=world.cohort_b_id, held_on=dt.date(2026, 11, 2))
    db.session.add(session)
    db.session.commit()
    c, s = world.cohort_b_id, session.id
    return [
        ("get", f"/coordination/networks/{world.network_b_id}"),
        ("get", f"/coordination/networks/{world.network_b_id}/cohorts/new"),
        ("get", f"/coordination/cohorts/{c}"),
        ("get", f"/coordination/cohorts/{c}/edit"),
        ("get", f"/coordination/cohorts/{c}/export.csv"),
        ("get", f"/coordination/cohorts/{c}/export.xlsx"),
        ("get", f"/coordination/cohorts/{c}/members/{member_b}"),
        ("get", f"/coordination/people/{world.member_b_ids[0]}"),
        ("get", f"/coordination/cohorts/{c}/sessions/{s}"),
        ("get", f"/coordination/cohorts/{c}/sessions/{s}/sign-in.pdf"),
        ("get", f"/coordination/cohorts/{c}/import"),
        ("get", f"/coordination/cohorts/{c}/invitations"),
        ("get", f"/coordination/cohorts/{c}/certificates.zip"),
        ("get", f"/coordination/cohorts/{c}/gain"),
        ("post", f"/coordination/cohorts/{c}/remind"),
        ("post", f"/coordination/cohorts/{c}/sessions"),
        ("post", f"/coordination/cohorts/{c}/sessions/{s}/members/{member_b}"),
        ("post", f"/coordination/cohorts/{c}/certificates"),
    ]


def test_coordinator_a_reaching_cohort_b_by_any_page_or_export_gets_404_and_is_logged(
    client, world: World
):
    pages = _pages_of_cohort_b(world)
    login(client, "coord-a@example.org")
    client.application.config["WTF_CSRF_ENABLED"] = False
    try:
        for method, url in pages:
            response = getattr(client, method)(url, data={"reason": "x", "message": "x"})
            assert response.status_code == 404, (url, response.status_code)
    finally:
        client.application.config["WTF_CSRF_ENABLED"] = True
    refused = db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.action == scoping.REFUSED, AuditEvent.actor_id == world.coordinator_a_id
        )
    ).all()
    assert len(refused) == len(pages)


def test_coordinator_a_sees_their_own_cohort_and_not_b_in_the_list(client, world: World):
    login(client, "coord-a@example.org")
    page = client.get("/coordination/").get_data(as_text=True)
    assert "ศูนย์ธรรมาภิบาลเขตดุสิต" in page
    assert "จังหวัดเชียงใหม่" not in page
    cohort_page = client.get(f"/coordination/cohorts/{world.cohort_a_id}").get_data(as_text=True)
    assert "สมาชิก เอ0" in cohort_page and "สมาชิก บี0" not in cohort_page


@pytest.mark.parametrize("email", ["a0@example.org"])
def test_a_learner_cannot_open_the_workspace(client, world: World, email):
    login(client, email)
    assert client.get("/coordination/").status_code == 403
    assert client.get(f"/coordination/cohorts/{world.cohort_a_id}").status_code == 403
