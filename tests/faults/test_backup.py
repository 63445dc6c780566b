"""Backup and restore: after a round trip onto a new machine every certificate verifies.

On SQLite through the online backup API; on PostgreSQL (when the suite runs there)
through pg_dump and pg_restore into a scratch database of this test's own.
"""

from __future__ import annotations

import hashlib
import json

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from learnhub import create_app
from learnhub.accounts.models import MemberProfile
from learnhub.accounts.privacy import decrypt_national_id
from learnhub.credentials import services
from learnhub.credentials.models import Certificate
from learnhub.credentials.storage import storage
from learnhub.extensions import db, limiter
from tests.faults.conftest import LEARNERS, national_id

SCRATCH = "lh_faults_restore"


@pytest.fixture
def certified(app, graduates):
    """Every graduate holds a certificate; returns {code: (holder, sha256)}."""
    from learnhub.catalog.models import Enrolment

    for enrolment in db.session.scalars(select(Enrolment).order_by(Enrolment.id)):
        services.issue(enrolment.user, enrolment.version, enrolment=enrolment)
    return {c.code: (c.holder_name, c.pdf_sha256) for c in db.session.scalars(select(Certificate))}


@pytest.fixture
def new_machine(database_url, tmp_path, monkeypatch):
    """An empty site elsewhere: its own instance folder (with keys of its own) and database."""
    saved_limiter = dict(vars(limiter))
    monkeypatch.setenv("LEARNHUB_INSTANCE_PATH", str(tmp_path / "new-instance"))
    if database_url.startswith("postgresql"):
        server = make_url(database_url).set(database="postgres")
        engine = create_engine(server, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)"))
            connection.execute(text(f"CREATE DATABASE {SCRATCH}"))
        url = make_url(database_url).set(database=SCRATCH).render_as_string(hide_password=False)
    else:
        url = f"sqlite:///{tmp_path / 'new-instance' / 'learnhub.db'}"

    def make():
        return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})

    yield make
    vars(limiter).clear()
    vars(limiter).update(saved_limiter)
    if database_url.startswith("postgresql"):
        with engine.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {SCRATCH} WITH (FORCE)"))
        engine.dispose()


def run(site, *args: str):
    """A command on ``site``: its own app context, not the one the test runs in."""
    with site.app_context():
        return site.test_cli_runner().invoke(args=list(args))


def test_a_backup_restored_on_a_new_machine_verifies_every_certificate_and_decrypts_every_id(
    app, certified, new_machine, tmp_path
):
    backup = tmp_path / "backup-2569-12-01"
    made = app.test_cli_runner().invoke(args=["backup", "create", str(backup)])
    assert made.exit_code == 0, made.output
    assert f"{LEARNERS} certificate file(s)" in made.output
    assert (backup / "keys" / "field_key").stat().st_mode & 0o077 == 0  # the keys: owner only

    site = new_machine()
    restored = run(site, "backup", "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    assert f"{LEARNERS} certificate(s) verified by code and file hash" in restored.output
    assert f"{LEARNERS + 1} national ID(s) decrypted" in restored.output

    # A fresh start of the restored site (keys read back from its instance folder) verifies
    # each certificate by code, on the public page, and by the hash of its stored file.
    site = new_machine()
    visitor = site.test_client()
    with site.app_context():
        for code, (holder, sha256) in certified.items():
            certificate = services.find_by_code(code)
            data = storage().load(certificate.pdf_key)
            assert hashlib.sha256(data).hexdigest() == sha256
            assert services.find_by_pdf(data) == certificate
            page = visitor.get(f"/verify/{code}")
            assert page.status_code == 200 and holder in page.get_data(as_text=True)
        ids = {decrypt_national_id(p.national_id_encrypted)
               for p in db.session.scalars(select(MemberProfile))}  # fmt: skip
        assert ids == {national_id(n) for n in [*range(LEARNERS), 99]}
        db.session.remove()
    checked = run(site, "backup", "check")
    assert checked.exit_code == 0, checked.output


def test_an_altered_backup_is_refused_before_anything_is_replaced(
    app, certified, new_machine, tmp_path
):
    backup = tmp_path / "backup"
    assert app.test_cli_runner().invoke(args=["backup", "create", str(backup)]).exit_code == 0
    manifest = json.loads((backup / "manifest.json").read_text())
    pdf = backup / next(name for name in manifest["files"] if name.startswith("certificates/"))
    pdf.write_bytes(pdf.read_bytes() + b"%")

    refused = run(new_machine(), "backup", "restore", str(backup), "--yes")
    assert refused.exit_code != 0
    assert "is missing or altered: the backup is not whole" in refused.output
    assert app.test_cli_runner().invoke(args=["backup", "create", str(backup)]).exit_code != 0
