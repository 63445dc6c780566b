"""A cohort member's rights reach the coordination domain: their networks, cohorts and
attendance are in their data export, erasure removes what coordinators typed about them,
and a coordinator confirms name changes only of people in their own networks."""

from __future__ import annotations

from learnhub.accounts import names, pdpa
from learnhub.accounts.models import NameChange, User
from learnhub.coordination.models import NetworkMembership, RosterRecord
from learnhub.extensions import db
from tests.coordination.world import put_in_network


def test_a_members_export_lists_their_networks_and_cohorts(app, world):
    member = db.session.get(User, world.member_a_ids[0])
    put_in_network(world.coordinator_a_id, member.id)

    data = pdpa.exporters["coordination"](member).data

    assert [c["cohort"] for c in data["cohorts"]] == ["รุ่นที่ 1/2569"]
    assert data["networks"] and data["networks"][0]["agency_or_community"] == "ชุมชนตัวอย่าง"
    other = pdpa.exporters["coordination"](db.session.get(User, world.member_b_ids[0])).data
    assert other["networks"] == []  # nobody else's memberships


def test_erasure_removes_what_coordinators_recorded_about_the_member(app, world):
    member = db.session.get(User, world.member_a_ids[0])
    put_in_network(world.coordinator_a_id, member.id)
    db.session.add(RosterRecord(user_id=member.id, first_name_th="สมชาย", last_name_th="ใจดี",
                                mobile="0812345678"))  # fmt: skip
    db.session.commit()

    pdpa.erasers["coordination"](member)
    db.session.commit()

    assert db.session.query(RosterRecord).filter_by(user_id=member.id).count() == 0
    membership = db.session.query(NetworkMembership).filter_by(user_id=member.id).one()
    assert membership.agency == "" and membership.other_networks is None


def test_a_coordinator_decides_name_changes_of_their_own_members_only(app, world):
    coordinator = db.session.get(User, world.coordinator_a_id)
    for member_id, allowed in ((world.member_a_ids[0], True), (world.member_b_ids[0], False)):
        change = NameChange(user_id=member_id, old_title="mr", new_title="mr",
                            old_first_name_th="ก", new_first_name_th="ข",
                            old_last_name_th="ค", new_last_name_th="ง")  # fmt: skip
        db.session.add(change)
        db.session.commit()
        assert names.may_decide(coordinator, change) is allowed
