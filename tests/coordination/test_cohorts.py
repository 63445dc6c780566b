"""Cohorts: a coordinator creates one, records on-site attendance row by row, prints the
sign-in sheet, issues the certificates of all who met the rule, downloads them as a ZIP,
revokes one; the audit viewer shows what happened to whom."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from sqlalchemy import func, select

from learnhub.accounts.models import AuditEvent, User, utcnow
from learnhub.coordination import cohorts
from learnhub.coordination.models import (
    APPROVED,
    Attendance,
    Cohort,
    CohortSession,
    NetworkMembership,
)
from learnhub.credentials import jobs
from learnhub.credentials.models import BulkJob, Certificate
from learnhub.credentials.services import CertificateRefused
from learnhub.extensions import db
from learnhub.thai import to_bangkok
from tests.conftest import csrf_token, login, submit
from tests.coordination.world import World, make_user
from tests.credentials.conftest import pdf_text


def test_a_coordinator_creates_a_cohort_and_is_sent_to_add_its_members(client, world: World):
    login(client, "coord-a@example.org")
    url = f"/coordination/networks/{world.network_a_id}/cohorts/new"
    page = client.get(url).get_data(as_text=True)
    course = page.split('name="course"')[1].split('value="')[1].split('"')[0]
    data = {"course": course, "name": "รุ่นที่ 2/2569", "starts_on": "2026-12-01",
            "ends_on": "2026-11-01", "mode": "on_site", "place": "ศาลาประชาคม"}  # fmt: skip
    bad = submit(client, url, data)
    assert bad.status_code == 422 and "วันสุดท้ายต้องไม่ก่อนวันแรก" in bad.get_data(as_text=True)
    response = submit(client, url, {**data, "ends_on": "2026-12-02"})
    assert response.status_code == 303 and response.headers["Location"].endswith("/import")
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == "รุ่นที่ 2/2569"))
    assert cohort.mode == "on_site" and cohort.network_id == world.network_a_id
    again = submit(client, url, {**data, "ends_on": "2026-12-02"})
    assert "เครือข่ายนี้มีรุ่นชื่อนี้อยู่แล้ว" in again.get_data(as_text=True)


def _session(client, cohort_id: int) -> str:
    url = f"/coordination/cohorts/{cohort_id}"
    response = submit(client, f"{url}/sessions", {"held_on": "2026-11-02"}, form_url=url)
    return response.headers["Location"]


def test_attendance_is_saved_row_by_row_and_the_sign_in_sheet_prints_in_thai(
    client, onsite_world: World
):
    world = onsite_world
    login(client, "coord-a@example.org")
    sheet_url = _session(client, world.cohort_a_id)
    sheet = client.get(sheet_url).get_data(as_text=True)
    assert sheet.count('type="checkbox"') == 3
    token = csrf_token(sheet)
    cohort = db.session.get(Cohort, world.cohort_a_id)
    first, second = sorted(cohort.members, key=lambda m: m.user.name)[:2]
    saved = client.post(f"{sheet_url}/members/{first.id}", data={"csrf_token": token,
                        "present": ["0", "1"]}, headers={"Accept": "application/json"})  # fmt: skip
    assert saved.get_json() == {"saved": True, "present": True}
    client.post(f"{sheet_url}/members/{second.id}", data={"csrf_token": token, "present": "0"})
    client.post(f"{sheet_url}/members/{first.id}", data={"csrf_token": token,
                "present": ["0", "1"]})  # fmt: skip
    present = dict(db.session.execute(select(Attendance.member_id, Attendance.present)).all())
    assert present == {first.id: True, second.id: False}
    assert (
        db.session.scalar(
            select(func.count()).where(AuditEvent.action == "cohort.attendance_changed")
        )
        == 3
    )

    pdf = client.get(f"{sheet_url}/sign-in.pdf")
    assert pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.get_data())
    assert "ใบลงชื่อผู้เข้ารับการอบรม" in text and "2 พฤศจิกายน พ.ศ. 2569" in text
    assert "สมาชิก เอ0" in text


def test_certificates_go_to_those_who_met_the_rule_as_one_job_and_come_back_as_a_zip(
    client, onsite_world: World
):
    world = onsite_world  # on site, 50 % attendance, no post-test required
    login(client, "coord-a@example.org")
    sheet_url = _session(client, world.cohort_a_id)
    token = csrf_token(client.get(sheet_url).get_data(as_text=True))
    cohort = db.session.get(Cohort, world.cohort_a_id)
    members = sorted(cohort.members, key=lambda m: m.user.name)
    for member in members[:2]:
        client.post(f"{sheet_url}/members/{member.id}", data={"csrf_token": token, "present": "1"})
    url = f"/coordination/cohorts/{world.cohort_a_id}"
    assert "ผ่านเกณฑ์รอรับวุฒิบัตรอีก 2 คน" in client.get(url).get_data(as_text=True)

    started = submit(client, f"{url}/certificates", {}, form_url=url)
    assert "/admin/jobs/" in started.headers["Location"]
    jobs.wait_for_jobs()
    job_page = client.get(started.headers["Location"]).get_data(as_text=True)
    assert "กลับไปที่รุ่น" in job_page
    issued = db.session.scalars(select(Certificate).order_by(Certificate.serial)).all()
    assert len(issued) == 2 and {c.basis for c in issued} == {"on_site_training"}
    assert {c.user_id for c in issued} == {m.user_id for m in members[:2]}

    archive = client.get(f"{url}/certificates.zip")
    assert archive.mimetype == "application/zip" and archive.is_streamed
    names = zipfile.ZipFile(io.BytesIO(archive.get_data())).namelist()
    assert sorted(names) == [f"{c.serial}.pdf" for c in issued]

    # Revoking asks for the reason the public sees, from the certificate desk's list.
    page = client.get(url).get_data(as_text=True)
    assert 'name="category"' in page and "ได้มาโดยไม่สุจริต" in page
    refused = submit(client, f"{url}/certificates/{issued[0].id}/revoke",
                     {"reason": "ลงชื่อแทนกัน"}, form_url=url)  # fmt: skip
    assert "เลือกเหตุผลที่แสดงต่อสาธารณะ" in client.get(refused.headers["Location"]).get_data(
        as_text=True
    )
    db.session.refresh(issued[0])
    assert issued[0].status == "valid"  # nothing half-done
    revoked = submit(client, f"{url}/certificates/{issued[0].id}/revoke",
                     {"reason": "ลงชื่อแทนกัน", "category": "obtained_dishonestly"},
                     form_url=url)  # fmt: skip
    assert revoked.status_code == 303
    db.session.refresh(issued[0])
    assert issued[0].status == "revoked" and issued[0].revocation_reason == "ลงชื่อแทนกัน"
    assert issued[0].revocation_category == "obtained_dishonestly"
    public = client.get(f"/verify/{issued[0].code}").get_data(as_text=True)
    assert "ได้มาโดยไม่สุจริต" in public and "ลงชื่อแทนกัน" not in public
    again = client.get(f"{url}/certificates.zip")
    assert zipfile.ZipFile(io.BytesIO(again.get_data())).namelist() == [f"{issued[1].serial}.pdf"]


def test_one_failure_does_not_stop_the_rest_of_the_cohorts_certificates(
    client, onsite_world: World, monkeypatch
):
    from learnhub.credentials import services

    world = onsite_world
    cohort = db.session.get(Cohort, world.cohort_a_id)
    session = CohortSession(cohort_id=cohort.id, held_on=dt.date(2026, 11, 2))
    db.session.add(session)
    db.session.flush()
    for member in cohort.members:
        db.session.add(Attendance(session_id=session.id, member_id=member.id, present=True))
    db.session.commit()
    broken = cohort.members[0].user_id
    real_issue = services.issue

    def issue(user, *args, **kwargs):
        if user.id == broken:
            raise RuntimeError("แม่แบบเสีย")
        return real_issue(user, *args, **kwargs)

    monkeypatch.setattr(services, "issue", issue)
    login(client, "coord-a@example.org")
    url = f"/coordination/cohorts/{cohort.id}"
    started = submit(client, f"{url}/certificates", {}, form_url=url)
    jobs.wait_for_jobs()
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 2
    assert "แม่แบบเสีย" in client.get(started.headers["Location"]).get_data(as_text=True)


def test_a_coordinator_in_their_own_cohort_gets_no_certificate_from_its_bulk_issue(
    client, onsite_world: World
):
    """Imported into their own on-site cohort and marked present, the coordinator is not
    among those waiting, and the job issues only to the others: staff never issue to
    themselves, one at a time or a cohort at once."""
    world = onsite_world
    cohort = db.session.get(Cohort, world.cohort_a_id)
    cohorts.add_member(db.session.get(User, world.coordinator_a_id), cohort, world.coordinator_a_id)
    session = CohortSession(cohort_id=cohort.id, held_on=dt.date(2026, 11, 2))
    db.session.add(session)
    db.session.flush()
    for member in cohort.members:
        db.session.add(Attendance(session_id=session.id, member_id=member.id, present=True))
    db.session.commit()
    others = {m.user_id for m in cohort.members} - {world.coordinator_a_id}
    login(client, "coord-a@example.org")
    url = f"/coordination/cohorts/{cohort.id}"
    assert f"ผ่านเกณฑ์รอรับวุฒิบัตรอีก {len(others)} คน" in client.get(url).get_data(as_text=True)

    submit(client, f"{url}/certificates", {}, form_url=url)
    jobs.wait_for_jobs()

    issued = db.session.scalars(select(Certificate)).all()
    assert {c.user_id for c in issued} == others
    with pytest.raises(CertificateRefused, match="self"):  # and a job made some other way
        jobs._issue_one(
            BulkJob(kind="issue", created_by_id=world.coordinator_a_id, total=1,
                    params={"on_site": {"training_date": "2026-11-02", "training_place": "ศาลา",
                                        "reason": "อบรมครบ"}}),
            next(m.enrolment for m in cohort.members if m.user_id == world.coordinator_a_id),
        )  # fmt: skip


def test_a_coordinator_issues_by_hand_only_to_members_of_their_own_cohorts(client, world: World):
    login(client, "coord-a@example.org")
    desk = client.get("/admin/certificates").get_data(as_text=True)
    course = desk.split('name="course"')[1].split('value="')[1].split('"')[0]
    form = {"course": course, "training_date": "2026-11-02", "training_place": "ศาลาประชาคม",
            "reason": "อบรมครบ"}  # fmt: skip
    outside = submit(client, "/admin/certificates/issue", {**form, "email": "b0@example.org"},
                     form_url="/admin/certificates")  # fmt: skip
    assert outside.status_code == 422
    assert "ท่านออกวุฒิบัตรด้วยมือได้เฉพาะสมาชิกในรุ่นของท่าน" in outside.get_data(as_text=True)
    # An approved member of the coordinator's own network, in none of their cohorts:
    # a network is not a training, so not theirs to certify either.
    member = make_user("n0@example.org", name="สมาชิก เครือข่าย")
    db.session.add(NetworkMembership(network_id=world.network_a_id, user_id=member.id,
                                     status=APPROVED, member_type="citizen",
                                     agency="ชุมชนตัวอย่าง", source="import"))  # fmt: skip
    db.session.commit()
    in_network = submit(client, "/admin/certificates/issue", {**form, "email": "n0@example.org"},
                        form_url="/admin/certificates")  # fmt: skip
    assert in_network.status_code == 422
    assert "เพิ่มบุคคลนี้เข้ารุ่นของท่านก่อน" in in_network.get_data(as_text=True)
    inside = submit(client, "/admin/certificates/issue", {**form, "email": "a0@example.org"},
                    form_url="/admin/certificates")  # fmt: skip
    assert inside.status_code == 303


def test_the_audit_log_shows_admins_everything_and_coordinators_their_own_people(
    client, world: World
):
    login(client, "coord-a@example.org")
    client.get(f"/coordination/cohorts/{world.cohort_a_id}")
    client.get(f"/coordination/cohorts/{world.cohort_b_id}")  # refused, and logged
    cohort = db.session.get(Cohort, world.cohort_a_id)
    client.get(f"/coordination/cohorts/{cohort.id}/members/{cohort.members[0].id}")
    page = client.get("/coordination/audit").get_data(as_text=True)
    assert "member.record_viewed" in page and "network.created" in page  # of A's network
    assert "จังหวัดเชียงใหม่" not in page  # nothing of B's network
    submit(client, "/logout", {}, form_url="/coordination/")
    login(client, "admin@example.org")
    everything = client.get("/coordination/audit").get_data(as_text=True)
    assert "network.created" in everything and "coordination.access_refused" in everything
    by_actor = client.get("/coordination/audit?actor=coord-a&action=refused").get_data(as_text=True)
    assert "coordination.access_refused" in by_actor and "network.created" not in by_actor
    today = to_bangkok(utcnow()).date().isoformat()  # the log's dates are Bangkok dates
    assert "member.record_viewed" in client.get(
        f"/coordination/audit?date_from={today}&date_to={today}&person=สมาชิก"
    ).get_data(as_text=True)
    assert "member.record_viewed" not in client.get(
        "/coordination/audit?date_to=2020-01-01"
    ).get_data(as_text=True)
