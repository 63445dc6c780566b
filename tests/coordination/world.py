"""A small coordination world for tests: the example course, an admin, two coordinators
each with a network and a cohort, and members in each cohort."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

import pytest

from learnhub.accounts import services as accounts
from learnhub.accounts.models import Role, User
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import Course
from learnhub.coordination import cohorts, networks
from learnhub.coordination.models import APPROVED, Network, NetworkCoordinator, NetworkMembership
from learnhub.extensions import db
from tests.conftest import PASSWORD


def thai_id(n: int) -> str:
    """A valid 13-digit national ID (right check digit) made from a number."""
    body = f"1{n:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(body))
    return body + str((11 - total % 11) % 10)


@dataclass
class World:
    admin_id: int
    coordinator_a_id: int
    coordinator_b_id: int
    network_a_id: int
    network_b_id: int
    cohort_a_id: int
    cohort_b_id: int
    member_a_ids: list[int]
    member_b_ids: list[int]


def make_user(email: str, role: str = Role.LEARNER, name: str = "ผู้ใช้ ทดสอบ") -> User:
    return accounts.create_user(email, PASSWORD, name, role)


def build_world(mode: str = "online") -> World:
    admin = make_user("admin@example.org", Role.ADMIN, "ผู้ดูแล ระบบ")
    coord_a = make_user("coord-a@example.org", Role.COORDINATOR, "ประสาน เอ")
    coord_b = make_user("coord-b@example.org", Role.COORDINATOR, "ประสาน บี")
    course = db.session.query(Course).filter_by(slug="example").one()
    net_a = networks.create_network(admin, "ศูนย์ธรรมาภิบาลเขตดุสิต", "10")
    net_b = networks.create_network(admin, "เครือข่ายภาครัฐต่อต้านการทุจริต จังหวัดเชียงใหม่", "50")
    networks.appoint_coordinator(admin, net_a, coord_a)
    networks.appoint_coordinator(admin, net_b, coord_b)
    data = {"name": "รุ่นที่ 1/2569", "starts_on": dt.date(2026, 11, 1), "ends_on": None,
            "mode": mode, "place": "ห้องประชุมสำนักงานเขตดุสิต", "attendance_share": 50,
            "posttest_required": False}  # fmt: skip
    cohort_a = cohorts.create_cohort(coord_a, net_a, course, data)
    cohort_b = cohorts.create_cohort(coord_b, net_b, course, data)
    members_a, members_b = [], []
    for i in range(3):
        user = make_user(f"a{i}@example.org", name=f"สมาชิก เอ{i}")
        cohorts.add_member(coord_a, cohort_a, user.id)
        members_a.append(user.id)
        user = make_user(f"b{i}@example.org", name=f"สมาชิก บี{i}")
        cohorts.add_member(coord_b, cohort_b, user.id)
        members_b.append(user.id)
    return World(admin.id, coord_a.id, coord_b.id, net_a.id, net_b.id, cohort_a.id, cohort_b.id,
                 members_a, members_b)  # fmt: skip


def put_in_network(coordinator_id: int, *member_ids: int) -> int:
    """A network the coordinator runs, with these people as approved members (no cohort)."""
    network = Network(name=f"เครือข่ายทดสอบ {secrets.token_hex(4)}", province_code="50")
    db.session.add(network)
    db.session.flush()
    db.session.add(NetworkCoordinator(network_id=network.id, user_id=coordinator_id))
    for member_id in member_ids:
        db.session.add(NetworkMembership(network_id=network.id, user_id=member_id,
                                         status=APPROVED, member_type="citizen",
                                         agency="ชุมชนตัวอย่าง", source="import"))  # fmt: skip
    db.session.commit()
    return network.id


def put_in_cohort(coordinator_id: int, *member_ids: int, slug: str = "example") -> int:
    """A cohort of the course that the coordinator runs, in a network of theirs, with these
    people as members (enrolled by the cohort): the people a coordinator certifies by hand."""
    network = db.session.get(Network, put_in_network(coordinator_id, *member_ids))
    coordinator = db.session.get(User, coordinator_id)
    course = db.session.query(Course).filter_by(slug=slug).one()
    data = {"name": f"รุ่นทดสอบ {secrets.token_hex(4)}", "starts_on": dt.date(2026, 3, 1),
            "ends_on": None, "mode": "on_site", "place": "ศาลาประชาคม", "attendance_share": 50,
            "posttest_required": False}  # fmt: skip
    cohort = cohorts.create_cohort(coordinator, network, course, data)
    for member_id in member_ids:
        cohorts.add_member(coordinator, cohort, member_id)
    return cohort.id


@pytest.fixture
def world(app, course_folder):
    import_path(course_folder(quizzes=True).path)
    return build_world()


@pytest.fixture
def onsite_world(app, course_folder):
    import_path(course_folder(quizzes=True).path)
    return build_world("on_site")
