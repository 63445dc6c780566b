"""Database errors in the log: what went wrong, never the values (personal data, hashes)."""

from __future__ import annotations

import logging

from learnhub import create_app
from learnhub.accounts import services
from learnhub.extensions import db
from tests.conftest import VALID_IDS


def test_a_database_error_on_a_page_logs_no_email_national_id_or_password_hash(
    app, make_member, caplog
):
    """A unique clash makes PostgreSQL repeat the row in DETAIL, SQLite its values in params."""
    make_member(email="clash@example.org")
    with app.app_context():
        password_hash = services.find_user_by_email("clash@example.org").password_hash
    broken = create_app(
        {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "FIELD_ENCRYPTION_KEY")}
    )

    @broken.route("/__clash")
    def clash():
        users = db.metadata.tables["users"]
        db.session.execute(
            users.insert(),
            {"email": "clash@example.org", "password_hash": password_hash,
             "display_name": VALID_IDS[1], "role": "learner", "locale": "th"},
        )  # fmt: skip
        return "saved"

    with caplog.at_level(logging.INFO):
        response = broken.test_client().get("/__clash")
    assert response.status_code == 500
    assert "เกิดข้อผิดพลาดในระบบของเรา" in response.get_data(as_text=True)
    logged = caplog.text
    assert "database error on GET /__clash" in logged and "IntegrityError" in logged
    assert "statement: INSERT INTO users" in logged  # what failed stays findable
    for secret in ("clash@example.org", password_hash, VALID_IDS[1]):
        assert secret not in logged


def test_a_database_error_logged_elsewhere_is_scrubbed_too(app, make_member, caplog):
    """A job or a command that logs the exception itself goes through the same filter."""
    make_member(email="job@example.org")
    with app.app_context():
        user = services.find_user_by_email("job@example.org")
        password_hash = user.password_hash
        try:
            db.session.execute(
                db.metadata.tables["users"].insert(),
                {"email": "job@example.org", "password_hash": password_hash},
            )
        except Exception:
            db.session.rollback()
            with caplog.at_level(logging.ERROR):
                app.logger.exception("bulk job failed")
    assert "bulk job failed" in caplog.text and "IntegrityError" in caplog.text
    assert "job@example.org" not in caplog.text and password_hash not in caplog.text
