"""A member downloads everything LearnHub holds about them as one ZIP (PDPA sections 30-31)."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

from sqlalchemy import select

from learnhub.accounts import pdpa
from learnhub.accounts.models import AuditEvent, Role
from learnhub.credentials import services as credentials
from learnhub.extensions import db
from tests.conftest import VALID_IDS, login
from tests.journeys import ready_for_posttest


def download(client) -> tuple[dict, zipfile.ZipFile]:
    response = client.get("/account/privacy/export.zip")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return json.loads(archive.read("learnhub-data.json")), archive


def test_a_graduate_downloads_all_their_data_and_certificates_in_one_zip(
    app,
    client,
    certificate,
    make_member,
):
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=VALID_IDS[1])
    admin = app.test_client()
    login(admin, "admin@example.org")
    admin.get(f"/admin/users/{certificate.user_id}")  # a staff view they will see in the export

    data, archive = download(client)

    assert data["account"]["email"] == "learner@example.org"
    assert data["profile"]["national_id"] == "1-1017-00230-70-8"  # theirs, so in full
    assert data["profile"]["name_printed_on_certificates"] == "นายสมชาย ใจดี"
    [enrolment] = data["enrolments"]
    assert enrolment["course"] == "example" and enrolment["completed_at"]
    assert len(enrolment["lessons_done"]) == 3
    kinds = {attempt["quiz"] for attempt in data["attempts"]}
    assert kinds == {"pretest", "module", "posttest"}
    posttest = next(a for a in data["attempts"] if a["quiz"] == "posttest")
    assert posttest["score"] == 100.0 and all(q["your_answer"] for q in posttest["questions"])
    [record] = data["certificates"]
    assert record["code"] == certificate.code and record["status"] == "valid"
    pdf = archive.read(f"certificates/{certificate.serial}.pdf")
    assert pdf == credentials.pdf_bytes(certificate)
    assert [c["purpose"] for c in data["consents"]] == ["privacy_notice"]
    assert {"action": "profile.viewed", "by": "admin"}.items() <= data["audit_events"][0].items()


def test_the_export_never_carries_the_pretest_key_before_the_posttest_is_passed(client, learner):
    ready_for_posttest(client)  # pre-test all wrong; module quiz passed; post-test not taken

    data, _ = download(client)

    pretest = next(a for a in data["attempts"] if a["quiz"] == "pretest")
    assert pretest["correct_answers_shown"] is False
    for question in pretest["questions"]:
        assert question["your_answer"]
        assert "correct_answers" not in question and "result" not in question
    module = next(a for a in data["attempts"] if a["quiz"] == "module")
    assert module["correct_answers_shown"] is True  # passed: its review shows the key
    assert all("correct_answers" in q for q in module["questions"])
    text = json.dumps(data, ensure_ascii=False)
    assert '"fraction"' not in text and '"feedback' not in text  # no credit of any choice


def test_exporting_is_audited_and_needs_a_login(app, client, learner):
    assert app.test_client().get("/account/privacy/export.zip").status_code == 302
    download(client)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "data.exported"))
    assert [e.subject_user_id for e in events] == [learner.id]


def test_each_domain_registers_its_part_and_accounts_imports_none_of_them():
    assert {"account", "profile", "consents", "audit_events", "enrolments", "attempts",
            "certificates"} <= set(pdpa.exporters)  # fmt: skip
    accounts = Path(pdpa.__file__).parent
    later = re.compile(r"^\s*(from|import) learnhub\.(catalog|assessment|credentials|coordination)")
    for source in accounts.glob("*.py"):
        for line in source.read_text().splitlines():
            assert not later.match(line), f"{source.name} imports a later domain: {line}"
