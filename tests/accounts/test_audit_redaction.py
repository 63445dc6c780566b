"""The audit log never stores a national ID, even one an admin typed into the user search."""

from __future__ import annotations

from sqlalchemy import select

from learnhub.accounts.models import AuditEvent, Role
from learnhub.thai import redact_national_ids
from tests.conftest import VALID_IDS, login


def test_an_admin_who_searches_users_by_a_national_id_leaves_only_a_masked_one_in_the_log(
    app, client, make_member
):
    make_member(email="admin@example.org", role=Role.ADMIN)
    login(client, "admin@example.org")
    for typed in ("3100600123450", "3-1006-00123-45-0", "3 1006 00123 45 0"):
        assert client.get("/admin/users", query_string={"q": typed}).status_code == 200
    details = [e.detail for e in app.extensions["sqlalchemy"].session.scalars(
        select(AuditEvent).where(AuditEvent.action == "users.list"))]  # fmt: skip
    assert len(details) == 3
    for detail in details:
        assert "x-xxxx-xxxxx-45-0" in detail
        assert "3100600123450" not in detail.replace("-", "").replace(" ", "")


def test_redaction_masks_thirteen_digits_in_any_layout_and_leaves_other_numbers():
    text = f"q={VALID_IDS[1]} or 1-1017-00230-70-8, phone 0812345678, page 12"
    assert redact_national_ids(text) == (
        "q=x-xxxx-xxxxx-45-0 or x-xxxx-xxxxx-70-8, phone 0812345678, page 12"
    )
