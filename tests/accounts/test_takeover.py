"""Accounts that cannot be taken over: links in e-mails point at the configured public
address whatever Host a request claims, foreign hosts are refused, production mode
refuses to start without them, and ?next= never leaves the site."""

import re
import threading
import uuid

import pytest
from cryptography.fernet import Fernet
from flask import has_request_context

from learnhub import create_app
from learnhub.accounts import mail, notices
from learnhub.accounts.access import safe_next
from learnhub.config import ConfigurationError
from tests.conftest import TEST_REDIS_URL, csrf_token, submit


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.get_content())


def test_a_reset_asked_for_with_a_forged_host_is_refused_in_thai(client, make_member, outbox):
    make_member(email="victim@example.org")
    token = csrf_token(client.get("/account/reset").get_data(as_text=True))

    response = client.post(
        "/account/reset",
        data={"csrf_token": token, "email": "victim@example.org"},
        headers={"Host": "evil.example"},
    )

    assert response.status_code == 400
    assert "LearnHub ไม่ได้ให้บริการที่ที่อยู่นี้" in response.get_data(as_text=True)
    assert outbox == []


def test_the_reset_link_is_on_the_public_address_whatever_the_request_says(
    app, client, make_member, outbox, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://learnhub.example.go.th")
    make_member(email="victim@example.org")
    token = csrf_token(client.get("/account/reset").get_data(as_text=True))

    # A trusted host, but forwarded headers no proxy of ours has set.
    client.post(
        "/account/reset",
        data={"csrf_token": token, "email": "victim@example.org"},
        headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"},
    )

    [message] = outbox
    [link] = links_in(message)
    assert link.startswith("https://learnhub.example.go.th/account/reset/")
    assert "evil" not in message.get_content()


def test_reset_mail_is_sent_by_a_background_job_not_by_the_request(
    client, make_member, outbox, monkeypatch
):
    """So a known address does not answer measurably slower than an unknown one."""
    make_member(email="victim@example.org")
    sent_from = []
    deliver = notices.send_mail

    def watching(*args):
        sent_from.append((has_request_context(), threading.current_thread().name))
        deliver(*args)

    monkeypatch.setattr(notices, "send_mail", watching)
    submit(client, "/account/reset", {"email": "victim@example.org"})

    [(in_request, thread)] = sent_from
    assert not in_request and thread != threading.main_thread().name
    assert len(outbox) == 1
    # The request for an unknown address starts the very same job, which finds no one.
    submit(client, "/account/reset", {"email": "nobody@example.org"})
    assert len(sent_from) == 1 and len(outbox) == 1


def _app(tmp_path, **overrides):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db",
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            **overrides,
        }
    )


@pytest.mark.parametrize(
    "environment, complaint",
    [
        ({}, "LEARNHUB_TRUSTED_HOSTS"),
        ({"LEARNHUB_TRUSTED_HOSTS": "learnhub.example.go.th"}, "LEARNHUB_PUBLIC_URL"),
        (
            {"LEARNHUB_PUBLIC_URL": "https://learnhub.example.go.th",
             "LEARNHUB_TRUSTED_HOSTS": "other.example", "LEARNHUB_SECURE_COOKIES": "1"},
            "must include the host",
        ),
        # Over HTTPS a session cookie without Secure would also travel over plain HTTP.
        (
            {"LEARNHUB_PUBLIC_URL": "https://learnhub.example.go.th",
             "LEARNHUB_TRUSTED_HOSTS": "learnhub.example.go.th"},
            "set LEARNHUB_SECURE_COOKIES=1",
        ),
    ],
)  # fmt: skip
def test_production_mode_refuses_to_start_without_its_host_names_or_secure_cookies(
    tmp_path, monkeypatch, environment, complaint
):
    monkeypatch.setenv("LEARNHUB_ENV", "production")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match=complaint):
        _app(tmp_path)


def test_production_mode_starts_with_a_public_address_and_trusted_hosts(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNHUB_ENV", "production")
    monkeypatch.setenv("LEARNHUB_PUBLIC_URL", "https://learnhub.example.go.th")
    monkeypatch.setenv(
        "LEARNHUB_TRUSTED_HOSTS", "learnhub.example.go.th, www.learnhub.example.go.th"
    )
    monkeypatch.setenv("LEARNHUB_SECURE_COOKIES", "1")
    app = _app(tmp_path)
    visitor = app.test_client()
    assert visitor.get("/", base_url="https://learnhub.example.go.th").status_code == 200
    form = visitor.get("/login", base_url="https://learnhub.example.go.th")  # a CSRF session
    assert "; Secure" in form.headers["Set-Cookie"]
    assert visitor.get("/", base_url="http://127.0.0.1").status_code == 400  # only the real names


def test_development_trusts_the_public_host_and_loopback_only(tmp_path, monkeypatch):
    monkeypatch.setenv("LEARNHUB_PUBLIC_URL", "http://learnhub.test:8000")
    app = _app(tmp_path)
    assert app.config["TRUSTED_HOSTS"] == ["learnhub.test", "localhost", "127.0.0.1"]
    visitor = app.test_client()
    assert visitor.get("/healthz", base_url="http://learnhub.test:8000").status_code == 200
    assert visitor.get("/healthz", base_url="http://evil.example").status_code == 400


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/x",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/account\r\nSet-Cookie: x=1",
        "/ok\n",
        "evil.example",
        "",
        None,
    ],
)
def test_next_never_leads_off_the_site(target):
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/account/password", "/courses/example?tab=2#top", "/"])
def test_next_keeps_a_page_of_this_site(target):
    assert safe_next(target, "/home") == target


def test_log_in_with_a_line_break_in_next_lands_on_the_home_page(client, make_member):
    make_member()
    response = submit(
        client,
        "/login?next=/account%0d%0aLocation:%20https://evil.example",
        {"email": "member@example.org", "password": "correct-horse-42"},
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_with_redis_the_reset_mail_is_an_rq_job_a_worker_sends(
    app, client, make_member, database_url, monkeypatch, caplog
):
    import redis
    from rq import Queue

    connection = redis.Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    queue = Queue(f"learnhub-test-{uuid.uuid4().hex[:8]}", connection=connection)
    monkeypatch.setattr(mail, "QUEUE", queue.name)
    monkeypatch.setitem(app.config, "REDIS_URL", TEST_REDIS_URL)
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "log")
    make_member(email="victim@example.org")

    submit(client, "/account/reset", {"email": "victim@example.org"})

    [job] = queue.jobs
    assert job.func_name == "learnhub.accounts.mail.run_in_new_app"
    assert job.args == ("learnhub.accounts.notices:send_reset_link", "victim@example.org", "th")
    # What `rq worker` does: a fresh app from the environment, then the task.
    for name, value in {
        "LEARNHUB_DATABASE_URL": database_url,
        "LEARNHUB_MAIL_BACKEND": "log",
        "LEARNHUB_SECRET_KEY": app.config["SECRET_KEY"],
        "LEARNHUB_FIELD_KEY": app.config["FIELD_ENCRYPTION_KEY"],
    }.items():
        monkeypatch.setenv(name, value)
    with caplog.at_level("INFO"):
        job.perform()
    assert "E-mail to victim@example.org" in caplog.text and "/account/reset/" in caplog.text
    queue.delete(delete_jobs=True)
