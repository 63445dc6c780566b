"""Set-up that cannot produce dead QR codes: the public address is the served one, and
a loopback public address is called out; development e-mail can be read by admins."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

from learnhub.accounts.models import Role
from learnhub.site.public_url import is_loopback, warn_if_loopback
from tests.conftest import VALID_IDS, login, submit

ROOT = Path(__file__).resolve().parents[2]


def test_loopback_addresses_are_recognised():
    for url in (
        "http://127.0.0.1:5000",
        "http://localhost:8000",
        "http://[::1]/",
        "http://0.0.0.0",
    ):
        assert is_loopback(url), url
    for url in ("https://learnhub.example.go.th", "http://192.168.1.20:5000"):
        assert not is_loopback(url), url


def test_make_run_serves_certificates_with_the_address_it_listens_on():
    shown = subprocess.run(
        [shutil.which("make"), "-s", "--eval", "show-url: ; @echo $$LEARNHUB_PUBLIC_URL",
         "show-url", "HOST=192.168.1.20", "PORT=8080"],
        cwd=ROOT, capture_output=True, text=True, check=True, env={"PATH": "/usr/bin:/bin"},
    ).stdout  # fmt: skip
    assert shown.strip() == "http://192.168.1.20:8080"


def test_the_start_up_log_warns_of_a_loopback_public_address(app, monkeypatch):
    records = []
    handler = logging.Handler()
    handler.emit = records.append
    app.logger.addHandler(handler)
    monkeypatch.setitem(app.config, "TESTING", False)
    try:
        warn_if_loopback(app)
    finally:
        app.logger.removeHandler(handler)
    assert any("loopback" in r.getMessage() for r in records)


def test_admins_see_the_warning_and_the_development_outbox(app, client, make_member, monkeypatch):
    make_member(email="admin@example.org", role=Role.ADMIN)
    make_member(email="forgetful@example.org", national_id=VALID_IDS[1])
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "log")
    submit(client, "/account/reset", {"email": "forgetful@example.org"})
    login(client, "admin@example.org")

    page = client.get("/admin/users").get_data(as_text=True)
    assert "ที่อยู่สาธารณะของเว็บไซต์นี้คือ http://127.0.0.1:5000" in page
    outbox = client.get("/admin/outbox").get_data(as_text=True)
    assert "forgetful@example.org" in outbox and "/account/reset/" in outbox

    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    assert client.get("/admin/outbox").status_code == 404


def test_a_learner_sees_no_address_warning_and_no_outbox(client, make_member):
    make_member(email="learner@example.org")
    login(client, "learner@example.org")
    assert "ที่อยู่สาธารณะ" not in client.get("/").get_data(as_text=True)
    assert client.get("/admin/outbox").status_code in (403, 404)
