"""Guessing passwords and probing for members is slow: a per-address limit, a per-account
lock that looks the same for addresses with and without an account, a limited sign-up,
and counts kept in Redis, shared by every process, when Redis is configured."""

import uuid

import pytest
import redis
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from learnhub import create_app
from learnhub.accounts import services, throttle
from learnhub.extensions import limiter
from tests.conftest import PASSWORD, TEST_REDIS_URL, VALID_IDS, signup_form, submit
from tests.faults.cluster import free_port

REDIS_URL = TEST_REDIS_URL  # a database of its own on the shared server (one per worker)
LOCKED = "เข้าสู่ระบบด้วยชื่อผู้ใช้นี้ไม่สำเร็จหลายครั้งเกินไป"


def attempt(app, email: str, password: str, address: str):
    """A log-in from its own address, so the per-address limit stays out of the way."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return submit(client, "/login", {"email": email, "password": password})


def test_ten_failures_lock_the_account_even_against_the_right_password(app, make_member):
    make_member(email="malee@example.org")
    for i in range(throttle.MAX_FAILURES):
        assert attempt(app, "malee@example.org", f"guess-{i}", f"10.1.0.{i}").status_code == 422

    locked = attempt(app, "Malee@Example.org", PASSWORD, "10.1.1.1")

    assert locked.status_code == 429
    assert LOCKED in locked.get_data(as_text=True) and "15 นาที" in locked.get_data(as_text=True)


def test_a_lock_on_an_unknown_address_looks_exactly_the_same(app, make_member):
    make_member(email="malee@example.org")
    answers = {}
    for email in ("malee@example.org", "nobody@example.org"):
        for i in range(throttle.MAX_FAILURES):
            attempt(app, email, f"guess-{i}", f"10.2.{len(answers)}.{i}")
        locked = attempt(app, email, PASSWORD, f"10.3.{len(answers)}.1")
        answers[email] = (locked.status_code, LOCKED in locked.get_data(as_text=True))

    assert answers["malee@example.org"] == answers["nobody@example.org"] == (429, True)


def test_a_successful_log_in_starts_the_count_again(app, make_member):
    make_member(email="malee@example.org")
    for i in range(throttle.MAX_FAILURES - 1):
        attempt(app, "malee@example.org", f"guess-{i}", f"10.4.0.{i}")
    assert attempt(app, "malee@example.org", PASSWORD, "10.4.1.1").status_code == 302
    for i in range(throttle.MAX_FAILURES - 1):
        attempt(app, "malee@example.org", f"again-{i}", f"10.4.2.{i}")
    assert attempt(app, "malee@example.org", PASSWORD, "10.4.3.1").status_code == 302


def test_sign_up_is_rate_limited_per_address(app):
    statuses = [
        submit(
            app.test_client(),  # a new browser each time, from the same address
            "/signup",
            signup_form(email=f"probe{i}@example.org", national_id=VALID_IDS[i % 5]),
        ).status_code
        for i in range(6)
    ]
    assert 429 not in statuses[:5] and statuses[5] == 429


def _redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")


def test_with_redis_the_failure_count_is_shared_by_every_process(
    database_url, make_member, monkeypatch
):
    _redis_or_skip()
    # The limiter is process-wide: put the suite's own storage back afterwards.
    monkeypatch.setattr(limiter, "_storage", limiter._storage)
    monkeypatch.setattr(limiter, "_limiter", limiter._limiter)
    monkeypatch.setenv("LEARNHUB_REDIS_URL", REDIS_URL)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    assert app.config["RATELIMIT_STORAGE_URI"] == REDIS_URL
    email = f"malee-{uuid.uuid4().hex[:8]}@example.org"
    make_member(email=email)

    for i in range(3):
        attempt(app, email, f"guess-{i}", f"10.5.0.{i}")

    # Another process sees the same count through Redis.
    elsewhere = MovingWindowRateLimiter(storage_from_string(REDIS_URL))
    identifiers = ("login-failures", throttle._key("login-failures", services.login_key(email)))
    _, remaining = elsewhere.get_window_stats(throttle.FAILURES, *identifiers)
    assert remaining == throttle.MAX_FAILURES - 3
    elsewhere.clear(throttle.FAILURES, *identifiers)


@pytest.fixture
def own_limiter():
    """Flask-Limiter keeps the storage (and the fallback state) of the last app it was given:
    give the suite's back afterwards, before the database is emptied and the limits reset."""
    saved = dict(vars(limiter))
    yield
    vars(limiter).clear()
    vars(limiter).update(saved)


def test_with_redis_down_the_lock_still_holds_counted_in_memory(
    database_url, make_member, own_limiter, monkeypatch, caplog
):
    monkeypatch.setenv("LEARNHUB_REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")  # nobody
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    make_member(email="malee@example.org")

    for i in range(throttle.MAX_FAILURES):
        assert attempt(app, "malee@example.org", f"guess-{i}", f"10.6.0.{i}").status_code == 422
    locked = attempt(app, "malee@example.org", PASSWORD, "10.6.1.1")

    assert locked.status_code == 429 and LOCKED in locked.get_data(as_text=True)
    warnings = [r.getMessage() for r in caplog.records if "counted in memory" in r.getMessage()]
    assert warnings and not any("malee" in warning for warning in warnings)
