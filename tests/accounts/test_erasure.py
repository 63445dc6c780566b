"""A member asks for erasure, an admin carries it out; consent can be withdrawn; old records
expire (PDPA sections 19, 33, 37)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from learnhub.accounts import pdpa
from learnhub.accounts.models import (
    AuditEvent,
    Consent,
    ErasureRequest,
    MemberProfile,
    Role,
    User,
    utcnow,
)
from learnhub.credentials import services as credentials
from learnhub.credentials.storage import storage
from learnhub.extensions import db
from tests.conftest import PASSWORD, VALID_IDS, login, submit


def admin_client(app, make_member):
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[1])
    admin = app.test_client()
    login(admin, "admin@example.org")
    return admin


def ask_for_erasure(client, password=PASSWORD, confirm="y"):
    return submit(client, "/account/privacy/erase", {"password": password, "confirm": confirm})


def test_a_wrong_password_or_no_tick_records_no_request(client, learner):
    page = ask_for_erasure(client, password="not-my-password")
    assert page.status_code == 422 and "รหัสผ่านไม่ถูกต้อง" in page.get_data(as_text=True)
    assert ask_for_erasure(client, confirm=None).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(ErasureRequest)) == 0


def test_a_member_can_cancel_a_request_still_waiting(client, learner):
    assert ask_for_erasure(client).status_code == 303
    page = client.get("/account/privacy").get_data(as_text=True)
    assert "ยกเลิกคำขอ" in page
    submit(client, "/account/privacy/erase/cancel", {}, form_url="/account/privacy")
    assert pdpa.pending_erasure(learner) is None


def test_an_admin_erases_a_graduate_whose_certificate_stays_verifiable_without_a_name(
    app,
    client,
    certificate,
    make_member,
):
    original_pdf = credentials.pdf_bytes(certificate)
    code, user_id = certificate.code, certificate.user_id
    assert ask_for_erasure(client).status_code == 303
    admin = admin_client(app, make_member)
    listing = admin.get("/admin/erasure-requests").get_data(as_text=True)
    assert "learner@example.org" in listing
    request_id = db.session.scalar(select(ErasureRequest.id))

    unticked = submit(
        admin, f"/admin/erasure-requests/{request_id}/carry-out", {},
        form_url="/admin/erasure-requests",
    )  # fmt: skip
    assert unticked.status_code == 303 and db.session.get(User, user_id).erased_at is None
    done = submit(
        admin, f"/admin/erasure-requests/{request_id}/carry-out", {"confirm": "y"},
        form_url="/admin/erasure-requests",
    )  # fmt: skip
    assert done.status_code == 303

    user = db.session.get(User, user_id)
    assert user.erased_at and not user.active and user.display_name == ""
    assert "@" not in user.email and user.email.endswith(".invalid")
    assert db.session.scalar(select(func.count()).select_from(MemberProfile)) == 1  # the admin's
    assert client.get("/account/profile").status_code == 302  # the old session has ended
    failed = submit(app.test_client(), "/login", {"email": "learner@example.org",
                                                   "password": PASSWORD})  # fmt: skip
    assert failed.status_code == 422
    erased = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "account.erased"))
    admin_id = db.session.scalar(select(User.id).where(User.email == "admin@example.org"))
    assert erased.subject_user_id == user_id and erased.actor_id == admin_id

    visitor = app.test_client()
    page = visitor.get(f"/verify/{code}").get_data(as_text=True)
    assert "ใช้ได้" in page and "ข้อมูลถูกลบตามคำขอของผู้ถือ" in page and "สมชาย" not in page
    record = visitor.get(f"/api/v1/certificates/{code}").get_json()
    assert record["holder_name"] is None and record["status"] == "valid"
    assert credentials.find_by_pdf(original_pdf).code == code  # the member's copy still verifies
    assert admin.get(f"/certificates/{certificate.id}.pdf").status_code == 410
    assert not storage()._path(certificate.pdf_key).exists()


def test_an_admin_cannot_erase_their_own_account_and_learners_cannot_reach_the_page(
    app, client, learner, make_member
):
    assert client.get("/admin/erasure-requests").status_code == 403
    admin = admin_client(app, make_member)
    own = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    pdpa.request_erasure(own, PASSWORD)
    response = submit(
        admin, f"/admin/erasure-requests/{pdpa.pending_erasure(own).id}/carry-out",
        {"confirm": "y"}, form_url="/admin/erasure-requests", follow_redirects=True,
    )  # fmt: skip
    assert "ผู้ดูแลระบบอีกคน" in response.get_data(as_text=True)
    assert db.session.get(User, own.id).erased_at is None


def test_withdrawing_consent_clears_the_optional_contact_details_and_records_when(
    client, make_member
):
    user_id = make_member(email="optional@example.org", phone_home="021234567")
    login(client, "optional@example.org")
    assert "ถอนความยินยอม" in client.get("/account/privacy").get_data(as_text=True)
    submit(client, "/account/privacy/consent/withdraw", {}, form_url="/account/privacy")
    user = db.session.get(User, user_id)
    assert user.profile.phone_home is None
    consent = db.session.scalar(select(Consent).where(Consent.purpose == "optional_contact"))
    assert consent.withdrawn_at is not None
    assert db.session.scalar(select(AuditEvent.action).where(
        AuditEvent.action == "consent.withdrawn"))  # fmt: skip


def test_audit_entries_older_than_the_retention_period_are_purged(app, learner):
    years = app.config["AUDIT_RETENTION_YEARS"]
    old = AuditEvent(action="profile.viewed", occurred_at=utcnow() - dt.timedelta(days=366 * years))
    recent = AuditEvent(action="profile.viewed", occurred_at=utcnow() - dt.timedelta(days=30))
    db.session.add_all([old, recent])
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["users", "purge-expired"])
    assert result.exit_code == 0 and "audit_events: 1 deleted" in result.output, result.output
    left = db.session.scalars(select(AuditEvent.occurred_at)).all()
    assert len(left) == 1 and left[0] > utcnow() - dt.timedelta(days=31)
