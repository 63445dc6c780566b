"""The audit log of the coordinator's workspace: every approval, export, import, issue,
download, printout and revocation is written with the cohort or network it was about,
its coordinator finds each one in the viewer, and another network's coordinator none."""

from __future__ import annotations

import re

from sqlalchemy import select

from learnhub.accounts.models import AuditEvent, User
from learnhub.coordination import cohorts, networks, scoping
from learnhub.coordination.models import Cohort, NetworkMembership
from learnhub.credentials import jobs
from learnhub.credentials.models import Certificate
from learnhub.extensions import db
from tests.conftest import csrf_token, login, submit
from tests.coordination.test_import import bad_rows, csv_file, good_rows, upload
from tests.coordination.world import World, make_user

# What coordinator A does below, and what each entry must be about.
ABOUT_THE_COHORT = [
    "cohort.progress_viewed",
    "cohort.exported",
    "cohort.attendance_sheet_viewed",
    "cohort.attendance_changed",
    "cohort.signin_sheet_printed",
    "cohort.certificates_issued",
    "cohort.certificates_downloaded",
    "certificate.revoked",
    "cohort.import_previewed",
    "cohort.import_errors_downloaded",
    "cohort.import_committed",
    "cohort.invitations_printed",
    "member.record_viewed",
    "coordination.gain_report_xlsx",
]
ABOUT_THE_NETWORK = ["network.members_viewed", "network.application_approved"]
ABOUT_NEITHER = ["coordination.overview_xlsx"]  # a fiscal year over all of A's networks


def _coordinator_a_runs_a_cohort(client, world: World) -> None:
    applicant = make_user("applicant@example.org", name="ผู้สมัคร ใหม่")
    network_a = db.session.get(networks.Network, world.network_a_id)
    networks.apply(applicant, network_a, member_type="citizen", agency="ชุมชนวัดโสมนัส",
                   other_networks=None, consent=True)  # fmt: skip
    application = db.session.scalars(select(NetworkMembership)).one()
    login(client, "coord-a@example.org")
    network_url = f"/coordination/networks/{world.network_a_id}"
    approved = submit(client, f"/coordination/applications/{application.id}/decide",
                      {"decision": "approve", "reason": "อยู่ในเขตดุสิต"},
                      form_url=network_url)  # fmt: skip
    assert approved.status_code == 303

    url = f"/coordination/cohorts/{world.cohort_a_id}"
    client.get(f"{url}/export.csv")
    sheet_url = submit(client, f"{url}/sessions", {"held_on": "2026-11-02"},
                       form_url=url).headers["Location"]  # fmt: skip
    cohort = db.session.get(Cohort, world.cohort_a_id)
    token = csrf_token(client.get(sheet_url).get_data(as_text=True))
    for member in cohort.members[:2]:
        client.post(f"{sheet_url}/members/{member.id}", data={"csrf_token": token, "present": "1"})
    assert client.get(f"{sheet_url}/sign-in.pdf").status_code == 200

    submit(client, f"{url}/certificates", {}, form_url=url)
    jobs.wait_for_jobs()
    assert client.get(f"{url}/certificates.zip").status_code == 200
    certificate = db.session.scalars(select(Certificate)).first()
    revoked = submit(client, f"{url}/certificates/{certificate.id}/revoke",
                     {"category": "obtained_dishonestly", "reason": "ลงชื่อแทนกัน"},
                     form_url=url)  # fmt: skip
    assert revoked.status_code == 303

    preview = upload(client, world.cohort_a_id, csv_file(good_rows(1) + bad_rows()))
    html = preview.get_data(as_text=True)
    errors = re.search(r'href="(/coordination/cohorts/\d+/import/\d+/errors.csv)"', html)[1]
    assert client.get(errors).status_code == 200
    commit = html.split('action="/coordination/cohorts/')[1].split('"')[0]
    client.post(f"/coordination/cohorts/{commit}", data={"csrf_token": csrf_token(html)})
    assert client.get(f"{url}/invitations").status_code == 200
    assert client.get(f"{url}/members/{cohort.members[0].id}").status_code == 200
    assert client.get(f"{url}/gain.xlsx").status_code == 200
    assert client.get("/coordination/overview.xlsx").status_code == 200


def test_every_action_on_a_cohort_is_logged_about_it_and_only_its_coordinators_see_it(
    client, onsite_world: World
):
    world = onsite_world
    _coordinator_a_runs_a_cohort(client, world)
    coordinator_a = world.coordinator_a_id

    def entries(action: str) -> list[AuditEvent]:
        return db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == action, AuditEvent.actor_id == coordinator_a
            )  # fmt: skip
        ).all()

    for action in ABOUT_THE_COHORT:
        found = entries(action)
        assert found, action
        assert {(e.cohort_id, e.network_id) for e in found} == {
            (world.cohort_a_id, world.network_a_id)
        }, action
    for action in ABOUT_THE_NETWORK:
        assert {(e.cohort_id, e.network_id) for e in entries(action)} == {
            (None, world.network_a_id)
        }, action
    approval = entries("network.application_approved")[0]
    assert approval.subject_user_id == db.session.scalar(
        select(User.id).where(User.email == "applicant@example.org")
    )
    for action in ABOUT_NEITHER:
        assert entries(action), action

    page = client.get("/coordination/audit").get_data(as_text=True)
    for action in ABOUT_THE_COHORT + ABOUT_THE_NETWORK + ABOUT_NEITHER:
        assert action in page, action
    assert "รุ่นที่ 1/2569 · ศูนย์ธรรมาภิบาลเขตดุสิต" in page  # what each entry was about
    assert "cohort.certificates_issued" in client.get(
        "/coordination/audit?action=certificates_issued"
    ).get_data(as_text=True)

    submit(client, "/logout", {}, form_url="/coordination/")
    login(client, "coord-b@example.org")
    other = client.get("/coordination/audit").get_data(as_text=True)
    assert "cohort.created" in other  # B's own cohort's entries
    for action in ABOUT_THE_COHORT + ABOUT_THE_NETWORK + ABOUT_NEITHER:
        assert action not in other, action
    assert "ศูนย์ธรรมาภิบาลเขตดุสิต" not in other and "coord-a@example.org" not in other
    coordinator_b = db.session.get(User, world.coordinator_b_id)
    seen_by_b = db.session.scalars(scoping.audit_events_for(coordinator_b)).all()
    assert seen_by_b and all(e.actor_id != coordinator_a for e in seen_by_b)


def test_another_coordinators_view_of_a_shared_member_stays_with_that_coordinator(
    client, world: World
):
    """A person in cohorts of both networks: B's look at them in cohort B is B's entry."""
    shared = world.member_a_ids[0]
    cohort_b = db.session.get(Cohort, world.cohort_b_id)
    member = cohorts.add_member(db.session.get(User, world.coordinator_b_id), cohort_b, shared)[0]
    login(client, "coord-b@example.org")
    assert client.get(f"/coordination/cohorts/{cohort_b.id}/members/{member.id}").status_code == 200
    submit(client, "/logout", {}, form_url="/coordination/")
    login(client, "coord-a@example.org")
    page = client.get("/coordination/audit?action=record_viewed").get_data(as_text=True)
    assert "member.record_viewed" not in page
