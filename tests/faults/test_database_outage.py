"""PostgreSQL stops and freezes during traffic: a Thai 503 quickly, then recovery by itself.

Slow (about 20 s): a cluster of the test's own is started, stopped and frozen.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import threading
import time

import pytest
from cryptography.fernet import Fernet
from flask_migrate import upgrade
from werkzeug.serving import make_server

from learnhub import create_app
from learnhub.accounts import services
from learnhub.extensions import db
from tests.conftest import PASSWORD, login, profile_data
from tests.faults.cluster import PostgresCluster, free_port

pytestmark = pytest.mark.slow

# A request may wait this long for a frozen database before the app gives up; the
# client's own limit is a little above it, so a hanging request fails the test.
ANSWER_TIMEOUT = 2.0
CLIENT_LIMIT = 10.0
EMAIL = "outage@example.org"


@pytest.fixture(scope="module")
def cluster():
    cluster = PostgresCluster()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="module")
def site(cluster, tmp_path_factory):
    """The app on the test's cluster, served by a threaded werkzeug server, with a member."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": cluster.url,
            "SECRET_KEY": "outage-test",
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "MAIL_BACKEND": "memory",
            "RATELIMIT_ENABLED": False,
            "CERTIFICATE_DIR": str(tmp_path_factory.mktemp("certs")),
            "DB_CONNECT_TIMEOUT": 2,
            "DB_STATEMENT_TIMEOUT": 2,
            "DB_ANSWER_TIMEOUT": ANSWER_TIMEOUT,
            "DB_POOL_TIMEOUT": 2,
            "HEALTH_TIMEOUT": 1,
            "RETRY_AFTER": 17,
        }
    )
    with app.app_context():
        upgrade()
        services.register_member(EMAIL, PASSWORD, profile_data())
        password_hash = services.find_user_by_email(EMAIL).password_hash
    client = app.test_client()
    login(client, EMAIL)
    cookie = client.get_cookie("session").value
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"app": app, "port": server.port, "cookie": cookie,
           "hash": password_hash}  # fmt: skip
    server.shutdown()
    with app.app_context():
        db.engine.dispose()


def fetch(site, path: str, *, logged_in=True, language: str | None = None):
    """(status, headers, body) of a GET, failing the test if it hangs past CLIENT_LIMIT."""
    headers = {}
    if logged_in:
        headers["Cookie"] = f"session={site['cookie']}"
    if language:
        headers["Accept-Language"] = language
    connection = http.client.HTTPConnection("127.0.0.1", site["port"], timeout=CLIENT_LIMIT)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def traffic(site, paths: list[str]) -> list[tuple]:
    """Many requests at once, as when an outage starts under load."""
    with concurrent.futures.ThreadPoolExecutor(len(paths)) as pool:
        return list(pool.map(lambda path: fetch(site, path), paths))


PAGES = ["/account/profile", "/courses/", "/certificates", "/", "/api/v1/courses", "/healthz"]


def assert_unavailable(results):
    for status, headers, body in results:
        assert status == 503, body[:300]
        assert headers["Retry-After"] == "17"
    pages = [
        body for (_, headers, body) in results if headers["Content-Type"].startswith("text/html")
    ]
    for body in pages:
        assert "LearnHub ไม่พร้อมให้บริการชั่วคราว" in body
        assert "Internal Server Error" not in body and "Traceback" not in body


def assert_served(site):
    for status, _, body in traffic(site, PAGES):
        assert status == 200, body[:300]


def test_a_stopped_database_answers_a_thai_503_and_the_site_recovers_by_itself(
    site, cluster, caplog
):
    assert_served(site)
    cluster.stop()
    try:
        results = traffic(site, PAGES * 2)
        assert_unavailable([r for r in results if r[0] != 200])
        # The home page of a logged-in member needs the account, so it is a 503 too.
        assert {r[0] for r in results} == {503}
        status, headers, body = fetch(site, "/api/v1/courses")
        assert headers["Content-Type"] == "application/json"
        assert '"status":503' in body.replace(" ", "")
        # Someone whose browser asks for English gets the page in English.
        _, _, english = fetch(site, "/courses/", logged_in=False, language="en-US,en;q=0.8")
        assert "LearnHub is briefly unavailable" in english
    finally:
        cluster.start()
    assert_served(site)
    logged = caplog.text
    assert "database unavailable on GET /account/profile" in logged
    assert EMAIL not in logged and site["hash"] not in logged


def test_a_frozen_database_holds_no_request_past_the_timeout_and_is_recovered(
    site, cluster, caplog
):
    assert_served(site)
    cluster.freeze()
    try:
        started = time.monotonic()
        results = traffic(site, PAGES * 2)  # a request hanging past CLIENT_LIMIT raises here
        waited = time.monotonic() - started
        assert_unavailable(results)
        status, _, _ = fetch(site, "/healthz", logged_in=False)
        assert status == 503
    finally:
        cluster.thaw()
    assert_served(site)
    print(f"12 requests against a frozen database all answered 503 within {waited:.1f} s")
    assert "database unavailable on GET" in caplog.text and site["hash"] not in caplog.text
