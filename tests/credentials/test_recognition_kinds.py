"""Admins keep the list of kinds of recognition on a web page: they add one (with its legal
basis and whether it carries a เกียรติบัตร), edit one, retire one; coordinators are offered
the active kinds only. The command line adds kinds through the same service."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from learnhub.accounts.models import AuditEvent, Role
from learnhub.credentials import recognitions
from learnhub.credentials.models import RecognitionKind
from learnhub.extensions import db
from tests.conftest import VALID_IDS, login, submit

PAGE = "/admin/recognition-kinds"


@pytest.fixture
def admin(app, client, make_member):
    make_member("admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[2])
    recognitions.seed_kinds()
    login(client, "admin@example.org")


def kind(key: str) -> RecognitionKind | None:
    db.session.expire_all()
    return db.session.scalar(select(RecognitionKind).where(RecognitionKind.key == key))


def new_kind(**overrides) -> dict:
    data = {"key": "volunteer", "name_th": "อาสาสมัครต้านทุจริตดีเด่น",
            "name_en": "Outstanding anti-corruption volunteer",
            "legal_basis": "ระเบียบสำนักงาน ป.ป.ท. ว่าด้วยการยกย่องอาสาสมัคร",
            "carries_certificate": "y"}  # fmt: skip
    data.update(overrides)
    return data


def test_an_admin_sees_the_six_kinds_with_their_legal_basis(client, admin):
    page = client.get(PAGE).get_data(as_text=True)
    for name in ("ยกย่องเชิดชูเกียรติ/ให้รางวัล", "การพิจารณาความดีความชอบกรณีพิเศษ", "อื่น ๆ"):
        assert name in page
    assert "มาตรา 56" in page


def test_an_admin_adds_a_kind_that_coordinators_are_then_offered(client, admin):
    response = submit(client, PAGE, new_kind())
    assert response.status_code == 303
    added = kind("volunteer")
    assert added.name_th == "อาสาสมัครต้านทุจริตดีเด่น" and added.carries_certificate
    assert added.active and added.position == 7
    assert added in recognitions.kinds()
    added_events = select(AuditEvent).where(AuditEvent.action == "recognition_kind.added")
    audit = db.session.scalar(added_events)
    assert audit.detail == "volunteer"
    assert "อาสาสมัครต้านทุจริตดีเด่น" in client.get(PAGE).get_data(as_text=True)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"key": "honour_award"}, "มีประเภทอื่นใช้ชื่อย่อนี้แล้ว"),
        ({"key": "อาสา"}, "ขึ้นต้นด้วยตัวอักษร"),
        ({"key": "Bad Key"}, "ขึ้นต้นด้วยตัวอักษร"),
        ({"name_th": ""}, "ชื่อภาษาไทย"),
    ],
)
def test_a_bad_kind_is_refused_with_a_clear_message_and_nothing_saved(
    client, admin, overrides, message
):
    response = submit(client, PAGE, new_kind(**overrides))
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(RecognitionKind)) == 6


def test_an_admin_edits_a_kind_and_retires_it(client, admin):
    special = kind("special_merit")
    url = f"{PAGE}/{special.id}"
    form = client.get(f"/admin/recognition-kinds/{special.id}").get_data(as_text=True)
    assert f'value="{special.name_th}"' in form  # the edit page opens on the kind as it is
    assert submit(client, url, {}).status_code == 422  # a post without the form's fields
    assert kind("special_merit").active and kind("special_merit").name_th == special.name_th
    # unticked boxes are not sent: no เกียรติบัตร, no longer offered
    response = submit(client, url, {"name_th": "ความดีความชอบกรณีพิเศษ", "name_en": "Special merit",
                                    "legal_basis": special.legal_basis})  # fmt: skip
    assert response.status_code == 303
    changed = kind("special_merit")
    assert changed.name_th == "ความดีความชอบกรณีพิเศษ" and not changed.active
    assert changed not in recognitions.kinds()
    page = client.get(PAGE).get_data(as_text=True)
    assert "เลิกใช้แล้ว" in page

    submit(client, url, {"name_th": "ความดีความชอบกรณีพิเศษ", "name_en": "Special merit",
                         "legal_basis": "", "active": "y", "carries_certificate": "y"})  # fmt: skip
    again = kind("special_merit")
    assert again.active and again.carries_certificate and again.legal_basis == ""


def test_a_coordinator_cannot_open_the_kinds(app, make_member):
    make_member("coord@example.org", role=Role.COORDINATOR, national_id=VALID_IDS[1])
    coordinator = app.test_client()
    login(coordinator, "coord@example.org")
    assert coordinator.get(PAGE).status_code == 403


def test_the_command_line_adds_through_the_same_service(app, admin):
    runner = app.test_cli_runner()
    args = ["certificates", "add-recognition-kind", "--key", "Bad Key", "--name-th", "x",
            "--name-en", "x"]  # fmt: skip
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and "lower-case" in result.output
    assert kind("Bad Key") is None
