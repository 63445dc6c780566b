"""A member's public profile page: off until they turn it on, with consent recorded; a link
they share that opens their name, recognitions, completed courses and valid certificates
(never their national ID or contact details), that dies when they turn it off, and that
stays dead when they turn it on again (a new link)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from learnhub.accounts import pdpa
from learnhub.accounts.models import AuditEvent, Role, User
from learnhub.credentials import public_profiles, recognitions, services
from learnhub.credentials.models import PublicProfile, Recognition
from learnhub.extensions import db
from tests.conftest import PASSWORD, VALID_IDS, submit

HONOUR = "ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต"
SETTINGS = "/account/public-profile"
LINK = re.compile(r'class="public-link">[^<]*(/p/[\w-]+)<')


@pytest.fixture
def honoured(app, graduate, make_member):
    """The graduate (one valid certificate) with an approved recognition and a revoked one."""
    admin = db.session.get(User, make_member("admin@example.org", role=Role.ADMIN,
                                             national_id=VALID_IDS[2]))  # fmt: skip
    recognitions.seed_kinds()
    kind = recognitions.kinds()[0]
    made = []
    for title, day in ((HONOUR, 20), ("เกียรติที่ถูกเพิกถอน", 21)):
        recognition = Recognition(
            user_id=graduate.id, kind_id=kind.id, holder_name=graduate.name, title=title,
            citation="แจ้งเบาะแส", awarded_on=dt.date(2026, 11, day),
            awarding_body="ศูนย์ธรรมาภิบาลเขตดุสิต", legal_basis=kind.legal_basis,
        )  # fmt: skip
        db.session.add(recognition)
        db.session.commit()
        made.append(recognitions.approve(recognition, admin, "ผลงานครบตามเกณฑ์"))
    recognitions.revoke(made[1], admin, "ผลงานคลาดเคลื่อน")
    return graduate


def turn_on(client, **shows):
    data = {part: "y" for part, on in shows.items() if on}
    return submit(client, SETTINGS, data)


def shared_link(client) -> str:
    found = LINK.search(client.get(SETTINGS).get_data(as_text=True))
    assert found, "the settings page shows no link"
    return found.group(1)


def test_the_public_profile_is_off_until_the_member_turns_it_on(client, honoured):
    page = client.get(SETTINGS).get_data(as_text=True)
    assert "/p/" not in page and "checked" not in page
    assert db.session.scalars(select(PublicProfile)).all() == []
    assert "โปรไฟล์สาธารณะ" in client.get("/account/profile").get_data(as_text=True)


def test_turning_it_on_records_consent_and_the_link_shows_only_what_was_chosen(
    app, client, honoured
):
    response = turn_on(client, recognitions=True, courses=True, certificates=True)
    assert response.status_code == 303
    [consent] = db.session.scalars(select(PublicProfile)).all()
    assert consent.user_id == honoured.id and consent.withdrawn_at is None
    assert consent.shows == ["recognitions", "courses", "certificates"]
    assert len(consent.token) >= 32  # 192 random bits
    consented = select(AuditEvent).where(AuditEvent.action == "public_profile.consented")
    audit = db.session.scalars(consented).one()
    assert audit.subject_user_id == honoured.id
    assert audit.detail == "recognitions,courses,certificates"

    visitor = app.test_client()
    response = visitor.get(shared_link(client))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers["X-Robots-Tag"].startswith("noindex")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert honoured.name in page and HONOUR in page and "หลักสูตรที่เรียนจบ" in page
    assert "เกียรติที่ถูกเพิกถอน" not in page  # revoked: no longer part of the record
    [certificate] = services.certificates_of(honoured)
    assert certificate.course_title in page and f"/verify/{certificate.code}" in page
    # never the national ID (whole or masked), the mobile number or the e-mail
    profile = honoured.profile
    assert VALID_IDS[0] not in page and VALID_IDS[0][-4:] not in page
    assert profile.phone_mobile not in page and honoured.email not in page


def test_the_member_shows_only_their_recognitions_if_they_choose_so(app, client, honoured):
    turn_on(client, recognitions=True)
    page = app.test_client().get(shared_link(client)).get_data(as_text=True)
    [certificate] = services.certificates_of(honoured)
    assert HONOUR in page and f"/verify/{certificate.code}" not in page
    assert "หลักสูตรที่เรียนจบ" not in page


def test_nothing_chosen_is_refused_and_nothing_turned_on(client, honoured):
    response = turn_on(client)
    assert response.status_code == 422
    assert "เลือกอย่างน้อยหนึ่งอย่าง" in response.get_data(as_text=True)
    assert db.session.scalars(select(PublicProfile)).all() == []


def test_turning_it_off_kills_the_link_and_on_again_gives_a_new_one(app, client, honoured):
    turn_on(client, recognitions=True)
    first = shared_link(client)
    visitor = app.test_client()
    assert visitor.get(first).status_code == 200
    assert submit(client, f"{SETTINGS}/off", {}, form_url=SETTINGS).status_code == 303
    assert visitor.get(first).status_code == 404
    assert "/p/" not in client.get(SETTINGS).get_data(as_text=True)
    db.session.expire_all()
    [withdrawn] = db.session.scalars(select(PublicProfile)).all()
    assert withdrawn.withdrawn_at is not None  # the consent's record stays, dated

    turn_on(client, recognitions=True)
    second = shared_link(client)
    assert second != first
    assert visitor.get(second).status_code == 200 and visitor.get(first).status_code == 404


def test_an_unknown_link_is_404(app, honoured):
    assert app.test_client().get("/p/not-a-token").status_code == 404


def test_the_public_profile_is_in_the_export_and_goes_with_erasure(app, client, honoured):
    turn_on(client, recognitions=True, certificates=True)
    link = shared_link(client)
    document, _files = pdpa.export_data(honoured)
    [row] = document["public_profiles"]
    assert row["shows"] == ["recognitions", "certificates"] and row["withdrawn_at"] is None
    assert link.endswith(row["token"])

    admin = db.session.scalar(select(User).where(User.email == "admin@example.org"))
    request = pdpa.request_erasure(honoured, PASSWORD)
    pdpa.carry_out_erasure(admin, request)
    db.session.expire_all()
    assert app.test_client().get(link).status_code == 404
    assert public_profiles.live_profile(db.session.get(User, honoured.id)) is None
    assert public_profiles.find(row["token"]) is None
