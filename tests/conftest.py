"""Test fixtures: a real database built through the migrations, and helpers for forms.

The suite runs on SQLite by default. With LEARNHUB_DATABASE_URL set (CI sets
it to PostgreSQL) the same suite runs there, on a schema created fresh.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from flask import has_app_context
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import create_engine, make_url, text

from learnhub import create_app
from learnhub.accounts import services
from learnhub.accounts.mail import wait_for_mail
from learnhub.accounts.models import Role
from learnhub.extensions import db, limiter
from tests.databases import create_database_if_missing

pytest_plugins = ["tests.course_fixtures", "tests.journeys"]

PASSWORD = "correct-horse-42"


# Under pytest-xdist ("make test" runs two workers) each worker has its own database,
# Redis database and instance folder; outside it WORKER is empty.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
TEST_REDIS_URL = f"redis://127.0.0.1:6379/{8 + int(WORKER[2:] or 0)}"


def _worker_database(url: str) -> str:
    """The PostgreSQL database of this worker: ``test`` for one process, ``test_gw1``…"""
    if not WORKER:
        return url
    url = make_url(url).set(database=f"{make_url(url).database}_{WORKER}")
    create_database_if_missing(url.render_as_string(hide_password=False))
    return url.render_as_string(hide_password=False)


def _fresh_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in a fresh context, like a real request.

    Flask reuses an app context that is already pushed (pytest-flask pushes one
    for each test), so without this ``g`` and the database session would leak
    from one request to the next and hide bugs such as a stale CSRF token.
    """

    def open(self, *args, **kwargs):
        def in_own_context():
            try:
                return super(IsolatedClient, self).open(*args, **kwargs)
            finally:
                self._context_stack.close()  # pop preserved contexts where they were pushed

        response = contextvars.Context().run(in_own_context)
        wait_for_mail()  # mail goes out in a background job; the test reads it when it is sent
        if has_app_context():
            db.session.expire_all()  # the test then reads what the request wrote
        return response


class LeakWatch(logging.Handler):
    """Everything the suite logs and writes to the audit log, for tests/test_zz_*.py to grep."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
        self.logs: list[str] = []
        self.audit: list[str] = []
        # Every national ID the suite registered, typed or looked up (see record_national_ids).
        self.national_ids: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.logs.append(self.format(record))  # with the traceback, when there is one
        except Exception:  # a record that cannot be formatted is still worth grepping
            self.logs.append(f"{record.msg} {record.args}")


LEAK_WATCH = LeakWatch()
_ID_LAYOUT = re.compile(r"[\s\-.]")  # dashes, spaces and dots people put between the digits
_DIGITS = re.compile(r"\d{13,}")


def record_national_ids() -> None:
    """Add to the watch every national ID the app encrypts or hashes, whoever passes it
    (sign-up, a profile, a roster import, a search, a fixture): both go through
    privacy's ``normalize_national_id``, which this wraps for the whole run."""
    from learnhub.accounts import privacy

    normalize = privacy.normalize_national_id
    if getattr(normalize, "records_for_leak_watch", False):
        return

    def recording(text: str) -> str:
        digits = normalize(text)
        if len(digits) == 13 and digits.isdigit():
            LEAK_WATCH.national_ids.add(digits)
        return digits

    recording.records_for_leak_watch = True
    privacy.normalize_national_id = recording


def watched_ids() -> set[str]:
    return LEAK_WATCH.national_ids | set(VALID_IDS)


def national_id_leaks(lines: list[str]) -> list[tuple[str, str]]:
    """(ID, line) for every line holding a national ID the suite used, however it is laid out."""
    watched, found = watched_ids(), []
    for line in lines:
        for run in _DIGITS.findall(_ID_LAYOUT.sub("", line)):
            windows = {run[i : i + 13] for i in range(len(run) - 12)}
            found += [(national_id, line) for national_id in sorted(windows & watched)]
    return found


def pytest_configure(config):
    """One folder where every worker leaves what its leak watch found (see below)."""
    record_national_ids()
    if not hasattr(config, "workerinput") and "LEARNHUB_LEAK_DIR" not in os.environ:
        os.environ["LEARNHUB_LEAK_DIR"] = tempfile.mkdtemp(prefix="learnhub-leaks-")


def pytest_sessionfinish(session, exitstatus):
    """After the whole run, in every worker: no log line or audit entry held a national ID.

    tests/test_zz_no_national_id_leaks.py checks this as a test in the worker that runs
    it; this hook covers every worker, and the run fails if any of them saw a leak.
    """
    folder = Path(os.environ.get("LEARNHUB_LEAK_DIR", tempfile.gettempdir()))
    found = national_id_leaks(LEAK_WATCH.logs) + national_id_leaks(LEAK_WATCH.audit)
    (folder / f"leaks-{WORKER or 'main'}.json").write_text(json.dumps(found))
    if hasattr(session.config, "workerinput"):
        return  # the controller reads every worker's file once they have all finished
    leaked = [leak for file in folder.glob("leaks-*.json") for leak in json.loads(file.read_text())]
    if leaked:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        for national_id, line in leaked[:20]:
            reporter.write_line(f"NATIONAL ID {national_id} LEAKED: {line[:300]}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session", autouse=True)
def watch_for_leaks():
    """Collect every log line of the whole session (root, app and werkzeug loggers)."""
    root = logging.getLogger()
    root.addHandler(LEAK_WATCH)
    app_logger = logging.getLogger("learnhub")
    level = app_logger.level
    app_logger.setLevel(logging.INFO)  # the app's own information lines too
    yield LEAK_WATCH
    app_logger.setLevel(level)
    root.removeHandler(LEAK_WATCH)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("LEARNHUB_DATABASE_URL")
    if url and url.startswith("postgresql"):
        url = _worker_database(url)
        _fresh_postgres(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    os.environ["LEARNHUB_INSTANCE_PATH"] = str(tmp_path_factory.mktemp("instance"))
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "test-secret-key",
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "MAIL_BACKEND": "memory",
            # scrypt at a 32nd of its memory and work: the suite logs in thousands of times
            # (tests/accounts/test_password.py checks the production cost).
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()  # the schema comes from the migrations, exactly as in production
    return app


@pytest.fixture(autouse=True)
def clean_database(app):
    """Every test starts with empty tables and an empty outbox."""
    yield
    empty_database(app)


def empty_database(app) -> None:
    """Empty every table, the outbox, the stored certificates and the rate limits."""
    if has_app_context():
        db.session.remove()  # end the test's own transaction, or TRUNCATE would wait for it
    with app.app_context():
        tables = [t.name for t in reversed(db.metadata.sorted_tables)]
        with db.engine.begin() as connection:
            rows = connection.execute(text("SELECT action, detail, ip_address FROM audit_events"))
            LEAK_WATCH.audit.extend(" ".join(str(value) for value in row) for row in rows)
            if connection.dialect.name == "postgresql":
                _empty_postgres(connection, tables)
            else:
                connection.exec_driver_sql(
                    "PRAGMA foreign_keys=OFF"
                )  # rows that point at each other
                for table in tables:
                    connection.execute(text(f"DELETE FROM {table}"))
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    app.extensions.get("mail_outbox", []).clear()
    shutil.rmtree(Path(app.instance_path) / "certificates", ignore_errors=True)
    limiter.reset()


def _empty_postgres(connection, tables: list[str]) -> None:
    """TRUNCATE only the tables a test filled, and restart every sequence it used.

    A TRUNCATE of every table costs about 0.1 s whatever they hold (a new file per
    table); most tests fill a handful, so this is a few milliseconds.
    """
    connection.execute(
        text(
            "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, 1, false)"
            " FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL"
        )
    )
    probe = " UNION ALL ".join(
        f"SELECT '{table}' WHERE EXISTS (SELECT 1 FROM {table})" for table in tables
    )
    filled = connection.execute(text(probe)).scalars().all()
    if filled:
        connection.execute(text(f"TRUNCATE {', '.join(filled)} CASCADE"))


@pytest.fixture
def outbox(app):
    return app.extensions.setdefault("mail_outbox", [])


VALID_IDS = ["1101700230708", "3100600123450", "1409900456780", "1234567890121", "5555555555554"]


def profile_data(**overrides) -> dict:
    data = {
        "title": "mr",
        "first_name_th": "สมชาย",
        "last_name_th": "ใจดี",
        "national_id": VALID_IDS[0],
        "birth_date": dt.date(1980, 1, 31),
        "education": "bachelor",
        "member_type": "civil_servant",
        "sector": "central",
        "ministry": "กระทรวงยุติธรรม",
        "department": "สำนักงาน ป.ป.ท.",
        "province_code": "10",
        "phone_mobile": "0812345678",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_member(app):
    """Create a member with a profile; returns the user's id."""

    def make(email="member@example.org", role=Role.LEARNER, **profile):
        # A mobile number is a log-in name, so each member gets one of their own.
        national_id = profile.get("national_id", VALID_IDS[0])
        if national_id != VALID_IDS[0]:
            profile.setdefault("phone_mobile", "08" + national_id[-8:])
        with app.app_context():
            user = services.register_member(email, PASSWORD, profile_data(**profile))
            if role != Role.LEARNER:
                user.role = role
                db.session.commit()
            return user.id

    return make


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "the page has no CSRF token"
    return match.group(1)


def submit(client, url: str, data: dict, *, form_url: str | None = None, **kwargs):
    """Open the page holding the form, then post it with its CSRF token, as a browser would."""
    page = client.get(form_url or url)
    payload = {"csrf_token": csrf_token(page.get_data(as_text=True))}
    payload.update({k: v for k, v in data.items() if v is not None})
    return client.post(url, data=payload, **kwargs)


def login(client, email: str, password: str = PASSWORD):
    response = submit(client, "/login", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def signup_form(**overrides) -> dict:
    """What a person types into the sign-up page."""
    data = {
        "email": "somchai@example.org",
        "password": PASSWORD,
        "password_confirm": PASSWORD,
        "consent": "y",
        **{k: str(v) for k, v in profile_data().items()},
    }
    data.update(overrides)
    return data
