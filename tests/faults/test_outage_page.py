"""The outage page needs no database: checked on a site whose SQLite file cannot be opened.

(tests/faults/test_database_outage.py does the same against a real PostgreSQL that
stops and freezes; this one runs everywhere, in a blink.)
"""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from learnhub import create_app
from learnhub.extensions import limiter


@pytest.fixture
def gone(tmp_path):
    saved_limiter = dict(vars(limiter))
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/gone/learnhub.db",
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
        }
    )
    yield app
    vars(limiter).clear()
    vars(limiter).update(saved_limiter)


def logged_in(app):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:0"  # a member who logged in before the outage (id:session version)
    return client


def test_a_logged_in_member_gets_a_thai_503_with_retry_after_not_a_bare_500(gone):
    for path in ("/", "/account/profile", "/courses/", "/certificates"):
        response = logged_in(gone).get(path)
        page = response.get_data(as_text=True)
        assert response.status_code == 503, path
        assert response.headers["Retry-After"] == "30"
        assert "LearnHub ไม่พร้อมให้บริการชั่วคราว" in page and "Internal Server Error" not in page


def test_the_outage_page_speaks_the_language_of_the_cookie_or_the_browser(gone):
    english = logged_in(gone).get("/courses/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "LearnHub is briefly unavailable" in english.get_data(as_text=True)
    client = logged_in(gone)
    with client.session_transaction() as session:
        session["lang"] = "th"
    chosen = client.get("/courses/", headers={"Accept-Language": "en"})
    assert "ไม่พร้อมให้บริการชั่วคราว" in chosen.get_data(as_text=True)


def test_the_api_and_the_health_check_answer_503_in_json(gone):
    api = logged_in(gone).get("/api/v1/courses")
    assert api.status_code == 503 and api.headers["Retry-After"] == "30"
    assert api.get_json()["status"] == 503
    health = gone.test_client().get("/healthz")
    assert health.status_code == 503 and health.headers["Retry-After"] == "30"
    assert health.get_json() == {"status": "error", "database": "error"}
