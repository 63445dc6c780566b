"""A cohort member's rights reach the coordination domain: their networks, cohorts and
attendance are in their data export, erasure removes what coordinators typed about them,
and a coordinator confirms name changes only of people in their own networks."""

from __future__ import annotations

import datetime as dt

from learnhub.accounts import names, pdpa
from learnhub.accounts.models import NameChange, User
from learnhub.accounts.privacy import encrypt_national_id, national_id_hash
from learnhub.coordination import cohorts
from learnhub.coordination.models import (
    Cohort,
    CohortMember,
    NetworkMembership,
    RosterRecord,
)
from learnhub.extensions import db
from tests.coordination.world import put_in_network, thai_id


def test_a_members_export_lists_their_networks_and_cohorts(app, world):
    member = db.session.get(User, world.member_a_ids[0])
    put_in_network(world.coordinator_a_id, member.id)

    data = pdpa.exporters["coordination"](member).data

    assert [c["cohort"] for c in data["cohorts"]] == ["รุ่นที่ 1/2569"]
    assert data["networks"] and data["networks"][0]["agency_or_community"] == "ชุมชนตัวอย่าง"
    other = pdpa.exporters["coordination"](db.session.get(User, world.member_b_ids[0])).data
    assert other["networks"] == []  # nobody else's memberships


def test_a_members_export_holds_their_attendance_and_what_their_coordinator_imported(app, world):
    member = db.session.get(User, world.member_a_ids[0])
    coordinator = db.session.get(User, world.coordinator_a_id)
    cohort = db.session.get(Cohort, world.cohort_a_id)
    session = cohorts.add_session(coordinator, cohort, dt.date(2026, 11, 2), "ศาลาประชาคม", None)
    seat = db.session.query(CohortMember).filter_by(cohort_id=cohort.id, user_id=member.id).one()
    cohorts.set_attendance(coordinator, session, seat, True)
    db.session.add(RosterRecord(
        user_id=member.id, title="mrs", first_name_th="สมศรี", last_name_th="ใจงาม",
        national_id_encrypted=encrypt_national_id(thai_id(77)),
        national_id_hash=national_id_hash(thai_id(77)), mobile="0812345678",
        position="อาสาสมัคร", agency="ชุมชนวัดโสมนัส", province_code="10",
        member_type="community_leader", imported_by_id=coordinator.id,
    ))  # fmt: skip
    db.session.commit()

    data = pdpa.exporters["coordination"](member).data

    assert data["attendance"] == [{"cohort": "รุ่นที่ 1/2569", "held_on": "2026-11-02",
                                   "place": "ศาลาประชาคม", "present": True}]  # fmt: skip
    assert data["imported_by_coordinators"] == [{
        "title": "mrs", "first_name_th": "สมศรี", "last_name_th": "ใจงาม",
        "national_id": thai_id(77),  # their own, in full: it is their data
        "mobile": "0812345678", "position": "อาสาสมัคร", "agency": "ชุมชนวัดโสมนัส",
        "province_code": "10", "member_type": "community_leader",
    }]  # fmt: skip
    other = pdpa.exporters["coordination"](db.session.get(User, world.member_a_ids[1])).data
    assert other["attendance"] == [] and other["imported_by_coordinators"] == []


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
