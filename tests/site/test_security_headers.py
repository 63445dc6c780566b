"""HTTP hardening: security headers on every answer, pages with personal data never
cached, files under instance/ for the owner only, and the proxy trusted exactly as far
as it is configured."""

import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from learnhub import PROJECT_ROOT, create_app
from learnhub.accounts.models import Role
from learnhub.credentials.storage import LocalStorage
from learnhub.site.security import CONTENT_SECURITY_POLICY
from tests.conftest import login, submit
from tests.journeys import start


@pytest.mark.parametrize("path", ["/", "/login", "/nope", "/api/v1/courses", "/healthz"])
def test_every_answer_carries_the_security_headers(client, path):
    response = client.get(path)

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP here


def test_hsts_is_sent_over_https_only(client):
    secure = client.get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_course_images_keep_their_own_sandbox_policy(client, imported_course):
    imported_course()
    image = client.get("/courses/example/v1/assets/lessons/images/diagram.svg")
    assert image.headers["Content-Security-Policy"].endswith("sandbox")
    assert image.headers["Content-Security-Policy"] != CONTENT_SECURITY_POLICY


def test_no_template_has_an_inline_script_or_event_handler():
    """What the policy would block: every script must be a file under static/js."""
    offenders = []
    for template in (PROJECT_ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        for tag in text.split("<script")[1:]:
            if "src=" not in tag.split(">")[0]:
                offenders.append(f"{template.name}: inline <script>")
        if " on" in text and any(
            f" on{event}=" in text for event in ("click", "change", "load", "submit", "input")
        ):
            offenders.append(f"{template.name}: event handler attribute")  # fmt: skip
        if "javascript:" in text:
            offenders.append(f"{template.name}: javascript: URL")
    assert offenders == []


def no_store(response) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")


def test_the_profile_with_the_full_national_id_is_never_cached(client, make_member):
    make_member()
    login(client, "member@example.org")
    assert no_store(client.get("/account/profile"))
    assert no_store(client.get("/account/profile/edit"))


def test_every_page_a_logged_in_person_sees_is_never_cached_but_public_records_are(
    client, make_member, app
):
    make_member()
    anonymous = app.test_client()
    assert not no_store(anonymous.get("/courses/"))  # the same for every stranger
    assert not no_store(anonymous.get("/static/css/site.css"))
    # A form's answer may echo what was typed (here a national ID): never kept.
    typed = submit(anonymous, "/signup", {"national_id": "3100600123450"})
    assert typed.status_code == 422 and no_store(typed)

    logged_in = login(client, "member@example.org")
    assert no_store(logged_in)  # the answer that sets the logged-in session cookie
    assert no_store(client.get("/courses/"))  # the menu and the buttons are this person's
    assert no_store(client.get("/"))
    static = client.get("/static/css/site.css")
    assert static.status_code == 200 and not no_store(static)
    assert not no_store(client.get("/verify"))


def test_admin_pages_about_people_are_never_cached(client, make_member):
    member_id = make_member()
    make_member(email="admin@example.org", role=Role.ADMIN, national_id="1409900456780")
    login(client, "admin@example.org")
    assert no_store(client.get("/admin/users"))
    assert no_store(client.get(f"/admin/users/{member_id}"))
    assert no_store(client.get("/admin/certificates"))


def test_attempts_results_and_certificates_are_never_cached(client, learner):
    attempt = start(client, "/courses/example/quiz/pretest")
    assert no_store(client.get(f"/attempts/{attempt.id}"))
    submit(client, f"/attempts/{attempt.id}/submit", {}, form_url=f"/attempts/{attempt.id}")
    assert no_store(client.get(f"/attempts/{attempt.id}/result"))
    assert no_store(client.get("/certificates"))
    assert no_store(client.get("/transcript"))
    assert no_store(client.get("/transcript.pdf"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_instance_files_are_readable_by_their_owner_only(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    monkeypatch.setenv("LEARNHUB_INSTANCE_PATH", str(instance))
    monkeypatch.delenv("LEARNHUB_DATABASE_URL", raising=False)
    monkeypatch.setenv("LEARNHUB_FIELD_KEY", Fernet.generate_key().decode())
    create_app()

    assert mode(instance) == 0o700
    assert mode(instance / "learnhub.db") == 0o600
    assert mode(instance / "secret_key") == 0o600

    certificates = LocalStorage(instance / "certificates")
    certificates.save("2569/LH-2569-000001.pdf", b"%PDF-1.7 ...")
    assert mode(instance / "certificates") == 0o700
    assert mode(instance / "certificates" / "2569") == 0o700
    assert mode(instance / "certificates" / "2569" / "LH-2569-000001.pdf") == 0o600


def failed_login(client, email: str, forwarded_for: str):
    return submit(
        client,
        "/login",
        {"email": email, "password": "wrong-password"},
        headers={"X-Forwarded-For": forwarded_for},
    )


def test_without_a_proxy_a_forged_forwarded_for_does_not_escape_the_limit(client):
    statuses = [
        failed_login(client, f"guess{i}@example.org", f"10.0.0.{i}").status_code for i in range(11)
    ]
    assert statuses[-1] == 429


def test_behind_the_documented_proxy_each_client_has_its_own_limit(database_url, monkeypatch):
    monkeypatch.setenv("LEARNHUB_PROXY_COUNT", "1")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        }
    )
    office = app.test_client()
    # The client forges a first hop; the proxy appends the address it really saw.
    statuses = [
        failed_login(office, f"guess{i}@example.org", f"1.2.3.{i}, 203.0.113.7").status_code
        for i in range(11)
    ]
    assert statuses[-1] == 429  # one real address, one bucket, whatever it forged
    other = app.test_client()
    assert failed_login(other, "someone@example.org", "198.51.100.9").status_code == 422
