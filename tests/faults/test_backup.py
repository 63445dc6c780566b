"""Backup and restore: after a round trip onto a new machine every certificate verifies.

On SQLite through the online backup API; on PostgreSQL (when the suite runs there)
through pg_dump and pg_restore into a scratch database of this test's own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from learnhub import backup as backups
from learnhub import create_app
from learnhub.accounts import services as accounts
from learnhub.accounts.models import MemberProfile, Role, User
from learnhub.accounts.privacy import decrypt_national_id, encrypt_national_id, national_id_hash
from learnhub.coordination.models import RosterRecord
from learnhub.credentials import recognitions, services, transcripts
from learnhub.credentials.models import Certificate, Recognition, RecognitionEvidence, Transcript
from learnhub.credentials.storage import storage
from learnhub.extensions import db, limiter
from tests.conftest import PASSWORD
from tests.faults.conftest import LEARNERS, national_id

SCRATCH = "lh_faults_restore"


@pytest.fixture
def certified(app, graduates):
    """Every graduate holds a certificate; returns {code: (holder, sha256)}."""
    from learnhub.catalog.models import Enrolment

    for enrolment in db.session.scalars(select(Enrolment).order_by(Enrolment.id)):
        services.issue(enrolment.user, enrolment.version, enrolment=enrolment)
    return {c.code: (c.holder_name, c.pdf_sha256) for c in db.session.scalars(select(Certificate))}


ROSTER_ID = national_id(77)  # a member a coordinator imported, with no profile of their own


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def records(certified):
    """Beside the certificates, one of every other stored file and encrypted ID: a graduate's
    transcript, an approved recognition with its เกียรติบัตร and an evidence file, and an
    imported roster record. Returns {storage key: SHA-256} of every stored file."""
    graduate = db.session.scalars(select(User).where(User.email == "g0@example.org")).one()
    admin = db.session.scalars(select(User).where(User.role == Role.ADMIN)).one()
    transcripts.current_transcript(graduate)
    recognitions.seed_kinds()
    kind = next(k for k in recognitions.kinds() if k.carries_certificate)
    honour = recognitions.nominate(
        admin, graduate, kind, title="ผู้แจ้งเบาะแสดีเด่น", citation="แจ้งเบาะแสการทุจริต",
        awarded_on=dt.date(2026, 11, 20), awarding_body="ศูนย์ธรรมาภิบาลเขตดุสิต",
        evidence=[recognitions.Upload("คำสั่ง.png", png())],
    )  # fmt: skip
    second_admin = accounts.create_user("admin2@example.org", PASSWORD, "ผู้ดูแล สอง", Role.ADMIN)
    # four eyes: not the nominating admin
    recognitions.approve(honour, second_admin, "ผลงานครบตามเกณฑ์")
    imported = accounts.create_user("roster@example.org", PASSWORD, "สมศรี มีสุข")
    db.session.add(RosterRecord(user_id=imported.id, first_name_th="สมศรี", last_name_th="มีสุข",
                                national_id_encrypted=encrypt_national_id(ROSTER_ID),
                                national_id_hash=national_id_hash(ROSTER_ID)))  # fmt: skip
    db.session.commit()
    return {stored.key: stored.sha256 for stored in backups.stored_files()}


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


def test_a_backup_restored_on_a_new_machine_verifies_every_document_and_decrypts_every_id(
    app, certified, records, new_machine, tmp_path
):
    transcript_code = db.session.scalar(select(Transcript.code))
    honour_code = db.session.scalar(select(Recognition.code))
    assert len(records) == LEARNERS + 3  # certificates, the transcript, เกียรติบัตร, evidence
    backup = tmp_path / "backup-2569-12-01"
    made = app.test_cli_runner().invoke(args=["backup", "create", str(backup)])
    assert made.exit_code == 0, made.output
    assert f"{LEARNERS + 3} stored file(s) (certificate {LEARNERS}, transcript 1, " in made.output
    assert (backup / "keys" / "field_key").stat().st_mode & 0o077 == 0  # the keys: owner only

    site = new_machine()  # its own storage folder, empty: the files come from the backup
    restored = run(site, "backup", "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    assert f"{LEARNERS} certificate(s) verified by code and file hash" in restored.output
    assert f"{LEARNERS + 3} stored file(s) match their SHA-256" in restored.output
    assert f"{LEARNERS + 2} national ID(s) decrypted" in restored.output  # and the roster's

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
        for key, sha256 in records.items():  # the transcript, the เกียรติบัตร, the evidence too
            assert hashlib.sha256(storage().load(key)).hexdigest() == sha256
        assert transcripts.find_by_pdf(storage().load(transcripts.find_by_code(
            transcript_code).pdf_key)) is not None  # fmt: skip
        honour = recognitions.find_by_code(honour_code)
        assert recognitions.find_by_pdf(recognitions.pdf_bytes(honour)) == honour
        assert len(db.session.scalars(select(RecognitionEvidence)).all()) == 1
        for code in (transcript_code, honour_code):
            assert visitor.get(f"/verify/{code}").status_code == 200
        ids = {decrypt_national_id(p.national_id_encrypted)
               for p in db.session.scalars(select(MemberProfile))}  # fmt: skip
        assert ids == {national_id(n) for n in [*range(LEARNERS), 99]}
        roster = db.session.scalars(select(RosterRecord)).one()
        assert decrypt_national_id(roster.national_id_encrypted) == ROSTER_ID
        db.session.remove()
    checked = run(site, "backup", "check")
    assert checked.exit_code == 0, checked.output


def test_the_check_finds_a_lost_evidence_file_and_an_undecryptable_roster_id(app, records):
    evidence = db.session.scalars(select(RecognitionEvidence)).one()
    storage().delete(evidence.storage_key)
    roster = db.session.scalars(select(RosterRecord)).one()
    roster.national_id_encrypted = encrypt_national_id(national_id(78))  # not its hash's ID
    db.session.commit()

    checked = app.test_cli_runner().invoke(args=["backup", "check"])

    assert checked.exit_code != 0
    assert f"evidence {evidence.storage_key}: its file is missing" in checked.output
    assert f"roster record {roster.user_id}: the national ID's look-up hash differs" in (
        checked.output
    )


def test_every_table_with_a_stored_file_or_an_encrypted_national_id_is_backed_up_and_checked():
    """A new model with a storage key (or an encrypted national ID) must join the backup."""
    with_files = {table.name for table in db.metadata.tables.values()
                  if {"pdf_key", "storage_key"} & set(table.columns.keys())}  # fmt: skip
    backed_up = {kind.rows().get_final_froms()[0].name for kind in backups.stored_kinds()}
    assert with_files == backed_up
    with_ids = {table.name for table in db.metadata.tables.values()
                if "national_id_encrypted" in table.columns}  # fmt: skip
    assert with_ids == {MemberProfile.__tablename__, RosterRecord.__tablename__}


def test_an_altered_backup_is_refused_before_anything_is_replaced(
    app, certified, new_machine, tmp_path
):
    backup = tmp_path / "backup"
    assert app.test_cli_runner().invoke(args=["backup", "create", str(backup)]).exit_code == 0
    manifest = json.loads((backup / "manifest.json").read_text())
    pdf = backup / next(name for name in manifest["files"] if name.startswith("files/"))
    pdf.write_bytes(pdf.read_bytes() + b"%")

    refused = run(new_machine(), "backup", "restore", str(backup), "--yes")
    assert refused.exit_code != 0
    assert "is missing or altered: the backup is not whole" in refused.output
    assert app.test_cli_runner().invoke(args=["backup", "create", str(backup)]).exit_code != 0
