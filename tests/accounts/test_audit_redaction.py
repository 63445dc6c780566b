"""The audit log never stores a national ID, and an admin's search by one never puts it in
an address: the search form posts, and the ID is found by its keyed hash."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.accounts.models import AuditEvent, Role
from learnhub.extensions import db
from learnhub.thai import redact_national_ids
from tests.conftest import VALID_IDS, login, submit


def test_an_admin_finds_a_member_by_national_id_without_it_reaching_the_address_or_the_log(
    client, make_member
):
    make_member(email="admin@example.org", role=Role.ADMIN)
    make_member(email="malee@example.org", national_id=VALID_IDS[1], first_name_th="มาลี")
    login(client, "admin@example.org")
    for typed in ("3100600123450", "3-1006-00123-45-0", "3 1006 00123 45 0"):
        response = submit(client, "/admin/users", {"q": typed})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "malee@example.org" in page
        assert "admin@example.org</td>" not in page  # only the member with that ID
        assert typed not in page  # not echoed into the search box or the pager
    details = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "users.list")
    ).all()
    searches = [d for d in details if "''" not in d]  # the visits that opened the form
    assert len(searches) == 3
    for detail in searches:
        assert "x-xxxx-xxxxx-45-0" in detail
        assert VALID_IDS[1] not in detail.replace("-", "").replace(" ", "")


def test_an_id_typed_into_the_address_by_hand_is_still_masked_in_the_audit_log(client, make_member):
    make_member(email="admin@example.org", role=Role.ADMIN)
    login(client, "admin@example.org")
    assert client.get("/admin/users", query_string={"q": VALID_IDS[2]}).status_code == 200
    detail = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "users.list"))
    assert VALID_IDS[2] not in detail and "x-xxxx-xxxxx-78-0" in detail


def test_redaction_masks_thirteen_digits_in_any_layout_and_leaves_other_numbers():
    text = f"q={VALID_IDS[1]} or 1-1017-00230-70-8, phone 0812345678, page 12"
    assert redact_national_ids(text) == (
        "q=x-xxxx-xxxxx-45-0 or x-xxxx-xxxxx-70-8, phone 0812345678, page 12"
    )
