"""GET /api/v1/certificates/<code> answers, for a real certificate and a real recognition's
เกียรติบัตร, exactly what the OpenAPI document (/api/v1/openapi.json) promises: while valid,
once revoked, and after the holder's data was erased."""

from __future__ import annotations

import datetime as dt

import jsonschema_rs  # schemathesis's own JSON Schema validator
import pytest

from learnhub.accounts import pdpa
from learnhub.accounts.models import Role, User
from learnhub.credentials import recognitions, services
from learnhub.credentials.models import Recognition
from learnhub.extensions import db
from tests.conftest import PASSWORD
from tests.coordination.world import make_user

PATH = "/api/v1/certificates/{code}"


def answer_schema(client) -> jsonschema_rs.Draft202012Validator:
    """The schema of the endpoint's 200 answer, as published, with the document's components
    so that its $refs resolve; formats (dates) are checked too."""
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")  # JSON Schema 2020-12
    schema = document["paths"][PATH]["get"]["responses"]["200"]["content"]["application/json"]
    return jsonschema_rs.Draft202012Validator(
        {**schema["schema"], "components": document["components"]}, validate_formats=True
    )


def errors(validator, answer: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message}"
            for e in validator.iter_errors(answer)]  # fmt: skip


@pytest.fixture
def honour(graduate) -> Recognition:
    """The graduate's approved recognition, with its เกียรติบัตร."""
    recognitions.seed_kinds()
    admin = make_user("admin@example.org", Role.ADMIN, "ผู้ดูแล ระบบ")
    nomination = Recognition(
        user_id=graduate.id, kind_id=recognitions.kinds()[0].id, holder_name=graduate.name,
        title="ผู้มีผลงานดีเด่นด้านการป้องกันการทุจริต", citation="แจ้งเบาะแสการทุจริต",
        awarded_on=dt.date(2026, 11, 20), awarding_body="ศูนย์ธรรมาภิบาลเขตดุสิต",
        legal_basis=recognitions.kinds()[0].legal_basis,
    )  # fmt: skip
    db.session.add(nomination)
    db.session.commit()
    return recognitions.approve(nomination, admin, "ผลงานครบตามเกณฑ์")


def test_certificates_and_honour_certificates_answer_as_the_openapi_document_says(
    app, certificate, honour
):
    client = app.test_client()
    validator = answer_schema(client)
    admin = db.session.get(User, honour.decided_by_id)

    def answer(code: str) -> dict:
        response = client.get(f"/api/v1/certificates/{code}")
        assert response.status_code == 200
        found = response.get_json()
        assert errors(validator, found) == [], found
        return found

    assert answer(certificate.code)["type"] == "certificate"
    valid = answer(honour.code)
    assert (valid["type"], valid["status"]) == ("recognition", "valid")
    assert valid["kind_key"] == "honour_award" and "มาตรา 55" in valid["legal_basis"]
    # the schema does catch an answer that breaks it
    assert errors(validator, {**valid, "status": "approved"})
    assert errors(validator, {**valid, "awarded_on": "20/11/2569"})

    services.revoke(certificate, admin, "ออกผิดคน", "issued_in_error")
    recognitions.revoke(honour, admin, "ผลงานเป็นของผู้อื่น", "obtained_dishonestly")
    assert answer(certificate.code)["status"] == "revoked"
    revoked = answer(honour.code)
    assert revoked["status"] == "revoked"
    assert revoked["revocation_category"] == "obtained_dishonestly"

    holder = db.session.get(User, honour.user_id)
    pdpa.carry_out_erasure(admin, pdpa.request_erasure(holder, PASSWORD))
    assert answer(certificate.code)["holder_name"] is None
    erased = answer(honour.code)
    assert (erased["holder_name"], erased["title"], erased["awarding_body"]) == (None, None, None)
