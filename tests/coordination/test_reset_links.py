"""A coordinator gives a member without e-mail a one-time link to choose a new password."""

import re

from sqlalchemy import select

from learnhub.accounts import services
from learnhub.accounts.models import AuditEvent, User
from learnhub.coordination.models import CohortMember
from learnhub.extensions import db
from tests.conftest import VALID_IDS, login, profile_data, submit
from tests.coordination.world import World


def log_in_as(client, name: str, password: str):
    return submit(client, "/login", {"email": name, "password": password})


def test_a_coordinator_hands_a_one_time_reset_link_to_a_member_without_email(
    client, world: World, app
):
    member = db.session.get(User, world.member_a_ids[0])
    with app.test_request_context():
        services.update_profile(member, {**_profile(), "phone_mobile": "0891234567"})
    member.email = "no-email+abc@learnhub.invalid"
    db.session.commit()
    cohort_member = db.session.scalar(select(CohortMember).where(CohortMember.user_id == member.id))
    page_url = f"/coordination/cohorts/{world.cohort_a_id}/members/{cohort_member.id}"
    login(client, "coord-a@example.org")
    assert "สร้างลิงก์ตั้งรหัสผ่านใหม่" in client.get(page_url).get_data(as_text=True)

    response = submit(client, f"{page_url}/reset-link", {}, form_url=page_url)

    page = response.get_data(as_text=True)
    link = re.search(r"(http\S+/account/reset/[\w.\-]+)", page).group(1)
    assert link.startswith(app.config["PUBLIC_URL"])
    assert (
        db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "password.reset_link_issued")
        ).subject_user_id
        == member.id
    )
    submit(client, "/logout", {}, form_url="/")
    path = link.removeprefix(app.config["PUBLIC_URL"])
    new = {"password": "a-new-password-1", "password_confirm": "a-new-password-1"}
    assert submit(client, path, new).status_code == 302
    assert log_in_as(client, "089 123 4567", "a-new-password-1").status_code == 302
    assert client.get(path).status_code == 400  # once used, the link is dead


def test_another_networks_coordinator_cannot_make_a_link(client, world: World):
    cohort_member = db.session.scalar(
        select(CohortMember).where(CohortMember.user_id == world.member_a_ids[0])
    )
    login(client, "coord-b@example.org")
    url = f"/coordination/cohorts/{world.cohort_a_id}/members/{cohort_member.id}"

    response = submit(client, f"{url}/reset-link", {}, form_url="/coordination/")

    assert response.status_code in (403, 404)
    assert (
        db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "password.reset_link_issued")
        )
        is None
    )


def _profile() -> dict:
    return profile_data(national_id=VALID_IDS[2], member_type="community_leader")
