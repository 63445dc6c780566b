"""Recognitions (เชิดชูเกียรติ) in the programme overview: per kind, network, province and
Thai fiscal year (1 October – 30 September, พ.ศ.), counted by hand below; a coordinator's
overview counts only the people and networks they look after.

The world, fiscal year 2570 running from 1 October 2026 to 30 September 2027:

    network               province   coordinator   people
    ศูนย์ธรรมาภิบาลเขตดุสิต    10 กทม.    A             m1, m2 (members), c1 (in a cohort),
                                                     x2 (an application, pending)
    เครือข่ายเชียงใหม่         50 เชียงใหม่  A             m2
    เครือข่ายขอนแก่น          40 ขอนแก่น   B             m3
    (none)                                           x1

    own province: m2 เชียงใหม่ (roster record), x1 ขอนแก่น (profile), the others none

    recognition   holder  kind            awarded       status      fiscal year
    r1            m1      honour_award    2026-11-20    approved    2570
    r2            m2      honour_award    2026-10-01    approved    2570 (its first day)
    r3            m2      role_model      2027-09-30    approved    2570 (its last day)
    r4            m1      role_model      2026-09-30    approved    2569 (the day before)
    r5            m3      honour_award    2026-12-01    approved    2570
    r6            m1      network_member  2027-01-05    revoked     not counted
    r7            m2      network_member  2027-02-01    nominated   not counted
    r8            c1      special_merit   2027-03-03    approved    2570
    r9            x1      other           2027-01-10    approved    2570
    r10           x2      subcommittee    2027-02-02    approved    2570
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from learnhub.accounts.models import Role, User, utcnow
from learnhub.accounts.services import register_member
from learnhub.coordination import overview
from learnhub.coordination.models import (
    APPROVED,
    PENDING,
    CohortMember,
    NetworkMembership,
    RosterRecord,
)
from learnhub.credentials import recognitions
from learnhub.credentials.models import Recognition, RecognitionKind
from learnhub.extensions import db
from tests.conftest import PASSWORD, login, profile_data
from tests.coordination.gain_seed import make_network, seed_cohort
from tests.coordination.world import make_user

HELD = [  # holder, kind, awarded, status
    ("m1", "honour_award", dt.date(2026, 11, 20), "approved"),
    ("m2", "honour_award", dt.date(2026, 10, 1), "approved"),
    ("m2", "role_model", dt.date(2027, 9, 30), "approved"),
    ("m1", "role_model", dt.date(2026, 9, 30), "approved"),
    ("m3", "honour_award", dt.date(2026, 12, 1), "approved"),
    ("m1", "network_member", dt.date(2027, 1, 5), "revoked"),
    ("m2", "network_member", dt.date(2027, 2, 1), "nominated"),
    ("c1", "special_merit", dt.date(2027, 3, 3), "approved"),
    ("x1", "other", dt.date(2027, 1, 10), "approved"),
    ("x2", "subcommittee", dt.date(2027, 2, 2), "approved"),
]


@pytest.fixture
def honours(app, imported_course):
    imported_course("ethics", quizzes=True)
    with app.app_context():
        make_user("admin@example.org", Role.ADMIN)
        a = make_user("coord-a@example.org", Role.COORDINATOR)
        b = make_user("coord-b@example.org", Role.COORDINATOR)
        people = {key: make_user(f"{key}@example.org") for key in ("m1", "m2", "m3", "x2")}
        people["x1"] = register_member("x1@example.org", PASSWORD,
                                       profile_data(province_code="40"))  # fmt: skip
        db.session.add(RosterRecord(user_id=people["m2"].id, first_name_th="สมาชิก",
                                    last_name_th="สอง", province_code="50"))  # fmt: skip
        dusit = make_network("ศูนย์ธรรมาภิบาลเขตดุสิต", coordinator_id=a.id, province="10")
        chiang_mai = make_network("เครือข่ายเชียงใหม่", coordinator_id=a.id, province="50")
        khon_kaen = make_network("เครือข่ายขอนแก่น", coordinator_id=b.id, province="40")
        for key, network, status in (
            ("m1", dusit, APPROVED), ("m2", dusit, APPROVED), ("m2", chiang_mai, APPROVED),
            ("m3", khon_kaen, APPROVED), ("x2", dusit, PENDING),
        ):  # fmt: skip
            db.session.add(NetworkMembership(network_id=network.id, user_id=people[key].id,
                                             status=status, member_type="citizen",
                                             agency="ชุมชน", source="import"))  # fmt: skip
        db.session.commit()
        cohort = seed_cohort(dusit, "ethics", [50], [60], prefix="c")
        people["c1"] = db.session.scalars(
            select(User).join(CohortMember, CohortMember.user_id == User.id)
            .where(CohortMember.cohort_id == cohort.id)
        ).one()  # fmt: skip
        recognitions.seed_kinds()
        kinds = {k.key: k for k in db.session.scalars(select(RecognitionKind))}
        for number, (holder, kind, awarded, status) in enumerate(HELD, 1):
            person = people[holder]
            decided = None if status == "nominated" else utcnow()
            db.session.add(Recognition(
                user_id=person.id, kind_id=kinds[kind].id, holder_name=person.name,
                title=f"เกียรติที่ {number}", citation="ผลงาน", awarded_on=awarded,
                awarding_body="หน่วยงาน", legal_basis="", status=status, decided_at=decided,
                revoked_at=utcnow() if status == "revoked" else None,
                revocation_category="other" if status == "revoked" else None,
            ))  # fmt: skip
        db.session.commit()


def counts_for(email: str, year: int = 2570, locale: str = "th") -> overview.RecognitionCounts:
    user = db.session.scalar(select(User).where(User.email == email))
    return overview.recognition_counts(user, year, locale)


def as_dict(rows) -> dict[str, int]:
    return {row.label: row.count for row in rows}


def test_an_admin_counts_every_approved_recognition_by_kind_network_province_and_year(honours):
    counts = counts_for("admin@example.org")
    assert counts.total == 7  # r1 r2 r3 r5 r8 r9 r10
    assert as_dict(counts.by_kind) == {
        "ยกย่องเชิดชูเกียรติ/ให้รางวัล": 3,  # r1 r2 r5
        "การพิจารณาความดีความชอบกรณีพิเศษ": 1,  # r8
        "การแต่งตั้งเป็นอนุกรรมการ": 1,  # r10
        "ข้าราชการต้นแบบด้านคุณธรรมจริยธรรม": 1,  # r3 (r4 is in 2569)
        "สมาชิกเครือข่ายดีเด่น": 0,  # r6 revoked, r7 not approved
        "อื่น ๆ": 1,  # r9
    }
    # m2 belongs to two networks: r2 and r3 count in both, and once in the totals; x1 is in
    # no network and x2 only applied: their r9 and r10 count in a row of their own
    assert as_dict(counts.by_network) == {
        "ศูนย์ธรรมาภิบาลเขตดุสิต": 4,  # r1 r2 r3 r8
        "เครือข่ายเชียงใหม่": 2,  # r2 r3
        "เครือข่ายขอนแก่น": 1,  # r5
        "ไม่สังกัดเครือข่าย": 2,  # r9 r10
    }
    assert counts.by_network[-1].label == "ไม่สังกัดเครือข่าย"  # after the networks
    # each once: by its network's province, else (m2's networks lie in two, x1 and x2 have
    # none) the holder's own, else none
    assert as_dict(counts.by_province) == {
        "กรุงเทพมหานคร": 2,  # r1 r8
        "เชียงใหม่": 2,  # r2 r3, from m2's roster record
        "ขอนแก่น": 2,  # r5 (its network), r9 (x1's profile)
        "ไม่ระบุจังหวัด": 1,  # r10
    }
    assert sum(row.count for row in counts.by_province) == counts.total
    assert counts.by_year == [(2570, 7), (2569, 1)]


def test_the_fiscal_year_before_holds_only_the_day_before_it_began(honours):
    counts = counts_for("admin@example.org", year=2569)
    assert counts.total == 1
    assert as_dict(counts.by_network) == {"ศูนย์ธรรมาภิบาลเขตดุสิต": 1}  # r4


def test_a_coordinator_counts_only_the_people_and_networks_they_look_after(honours):
    a = counts_for("coord-a@example.org")
    assert a.total == 5  # r1 r2 r3 r8 r10: not r5 (m3 is in B's network only) nor r9 (x1)
    assert as_dict(a.by_network) == {
        "ศูนย์ธรรมาภิบาลเขตดุสิต": 4,  # r1 r2 r3 r8
        "เครือข่ายเชียงใหม่": 2,  # r2 r3
        "ไม่สังกัดเครือข่าย": 1,  # r10: x2 applied to Dusit, not yet a member
    }
    assert as_dict(a.by_province) == {"กรุงเทพมหานคร": 2, "เชียงใหม่": 2, "ไม่ระบุจังหวัด": 1}
    assert as_dict(a.by_kind)["ยกย่องเชิดชูเกียรติ/ให้รางวัล"] == 2
    assert a.by_year == [(2570, 5), (2569, 1)]
    b = counts_for("coord-b@example.org")
    assert b.total == 1
    assert as_dict(b.by_network) == {"เครือข่ายขอนแก่น": 1}
    assert as_dict(b.by_province) == {"ขอนแก่น": 1}
    assert b.by_year == [(2570, 1)]


def test_the_kinds_are_named_in_english_for_an_english_reader(honours):
    counts = counts_for("admin@example.org", locale="en")
    assert as_dict(counts.by_kind)["Honour award or reward"] == 3
    assert as_dict(counts.by_province)["Bangkok"] == 2


def test_the_overview_page_and_its_workbook_show_the_counts(app, client, honours):
    login(client, "coord-b@example.org")
    html = client.get("/coordination/overview?year=2570").get_data(as_text=True)
    assert "การเชิดชูเกียรติตามประเภท" in html
    assert '<th scope="row">เครือข่ายขอนแก่น</th><td>1</td>' in html
    assert "ศูนย์ธรรมาภิบาลเขตดุสิต" not in html

    a = app.test_client()
    login(a, "coord-a@example.org")
    book = load_workbook(io.BytesIO(a.get("/coordination/overview.xlsx?year=2570").data))
    sheets = {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}
    per_kind = sheets["การเชิดชูเกียรติตามประเภท"]
    assert per_kind[0] == ("ปีงบประมาณ พ.ศ. 2570", None)
    assert ("ยกย่องเชิดชูเกียรติ/ให้รางวัล", 2) in per_kind and per_kind[-1] == ("ทุกประเภท", 5)
    assert sheets["การเชิดชูเกียรติตามเครือข่าย"][2:] == [
        ("ศูนย์ธรรมาภิบาลเขตดุสิต", 4), ("เครือข่ายเชียงใหม่", 2), ("ไม่สังกัดเครือข่าย", 1)]  # fmt: skip
    assert sheets["การเชิดชูเกียรติตามจังหวัด"][2:] == [
        ("กรุงเทพมหานคร", 2), ("เชียงใหม่", 2), ("ไม่ระบุจังหวัด", 1), ("ทุกจังหวัด", 5)]  # fmt: skip
    assert sheets["การเชิดชูเกียรติตามปีงบประมาณ"][2:] == [(2570, 5), (2569, 1)]
    page = a.get("/coordination/overview?year=2570").get_data(as_text=True)
    assert '<th scope="row">ไม่สังกัดเครือข่าย</th><td>1</td>' in page
    assert '<th scope="row">ทุกจังหวัด</th><td>5</td>' in page
