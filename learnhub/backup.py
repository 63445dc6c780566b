"""``flask backup create|restore|check``: everything a site needs to come back, in one folder.

A backup holds the database (SQLite's online backup, or ``pg_dump`` in its custom
format), every stored file the database points at (certificate, transcript and
เกียรติบัตร PDFs, recognitions' evidence: ``STORED_FILES``), and the keys: the field
key without which no national ID can be decrypted, and the secret key that signs
sessions. It holds the keys, so keep it as safely as the keys themselves.
``manifest.json`` records the SHA-256 of each file, and restore refuses a backup
that does not match it. After a restore, ``check`` proves the result: every
certificate, transcript and เกียรติบัตร is found by its code, every stored file has
the recorded SHA-256, and every national ID (member profiles and imported rosters)
decrypts and still matches its look-up hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import false, null, select
from sqlalchemy.engine import make_url

from learnhub.extensions import db

MANIFEST = "manifest.json"
FORMAT = 2  # 1: only certificate PDFs, under certificates/; 2: every stored file, under files/
FILES = {1: "certificates", 2: "files"}
KEYS = {"FIELD_ENCRYPTION_KEY": "field_key", "SECRET_KEY": "secret_key"}
ENV_KEYS = {"FIELD_ENCRYPTION_KEY": "LEARNHUB_FIELD_KEY", "SECRET_KEY": "LEARNHUB_SECRET_KEY"}


class BackupError(click.ClickException):
    """A backup that cannot be made or restored, said plainly."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def _postgres(url) -> tuple[str, dict]:
    """A libpq URL without the password (it goes in PGPASSWORD, not on a command line)."""
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    plain = url.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt install postgresql-client)")
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def _database_url():
    return make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def dump_database(target: Path) -> str:
    """Copy the live database into ``target``; returns the file's name inside it."""
    url = _database_url()
    if url.get_backend_name() == "sqlite":
        name = "database.sqlite3"
        # The online backup API copies a consistent state while the site keeps running.
        source = sqlite3.connect(url.database)
        copy = sqlite3.connect(target / name)
        with copy:
            source.backup(copy)
        source.close()
        copy.close()
        os.chmod(target / name, 0o600)
        return name
    if url.get_backend_name() == "postgresql":
        name = "database.pgdump"
        libpq, env = _postgres(url)
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={target / name}", libpq], env)
        os.chmod(target / name, 0o600)
        return name
    raise BackupError(f"cannot back up a {url.get_backend_name()} database")


def load_database(source: Path, name: str) -> None:
    """Replace this site's database with the one in the backup."""
    url = _database_url()
    db.session.remove()
    db.engine.dispose()  # no connection of ours may hold the old database open
    if name.endswith(".sqlite3"):
        if url.get_backend_name() != "sqlite":
            raise BackupError("this backup is of a SQLite database; the site runs on PostgreSQL")
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        backup = sqlite3.connect(source / name)
        live = sqlite3.connect(url.database)
        with live:
            backup.backup(live)
        backup.close()
        live.close()
        return
    if url.get_backend_name() != "postgresql":
        raise BackupError("this backup is a pg_dump; the site runs on SQLite")
    libpq, env = _postgres(url)
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
          f"--dbname={libpq}", str(source / name)], env)  # fmt: skip


@dataclass(frozen=True)
class StoredKind:
    """A model whose rows point at a stored file and record its SHA-256."""

    label: str
    # (name in messages, code, storage key, SHA-256, whether the holder's data was erased)
    rows: Callable[[], object]
    find: Callable[[str], object] | None = None  # found again by its code


@dataclass(frozen=True)
class StoredFile:
    kind: str
    name: str
    code: str | None
    key: str
    sha256: str
    erased: bool  # erasure deletes the file and keeps the record: no file is expected


def stored_kinds() -> list[StoredKind]:
    """Every model with a storage key and a SHA-256 (tests/faults/test_backup.py checks
    that the schema holds no other)."""
    from learnhub.credentials import recognitions, services, transcripts
    from learnhub.credentials.models import (
        Certificate,
        Recognition,
        RecognitionEvidence,
        Transcript,
    )

    def rows(model, name, code, key, sha256, erased):
        statement = select(name, code, key, sha256, erased).where(key.is_not(None))
        return lambda: statement.order_by(model.id)

    return [
        StoredKind("certificate", rows(Certificate, Certificate.serial, Certificate.code,
                                       Certificate.pdf_key, Certificate.pdf_sha256,
                                       Certificate.holder_name == ""),
                   find=services.find_by_code),
        StoredKind("transcript", rows(Transcript, Transcript.code, Transcript.code,
                                      Transcript.pdf_key, Transcript.pdf_sha256,
                                      Transcript.holder_name == ""),
                   find=transcripts.find_by_code),
        StoredKind("recognition", rows(Recognition, Recognition.code, Recognition.code,
                                       Recognition.pdf_key, Recognition.pdf_sha256,
                                       Recognition.holder_name == ""),
                   find=recognitions.find_by_code),
        # Erasure deletes evidence rows with their files: every row left has a file.
        StoredKind("evidence", rows(RecognitionEvidence, RecognitionEvidence.storage_key,
                                    null(), RecognitionEvidence.storage_key,
                                    RecognitionEvidence.sha256, false())),
    ]  # fmt: skip


def stored_files() -> Iterator[StoredFile]:
    for kind in stored_kinds():
        for name, code, key, sha256, erased in db.session.execute(kind.rows()):
            yield StoredFile(kind.label, name, code, key, sha256, bool(erased))


def create_backup(target: Path) -> dict:
    """Write a backup of the database, every stored file and the keys into ``target``."""
    from learnhub.credentials.storage import storage

    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; give a new folder")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(target, 0o700)
    database = dump_database(target)
    store = storage()
    copied, missing = Counter(), []
    for stored in list(stored_files()):
        try:
            data = store.load(stored.key)
        except FileNotFoundError:
            if not stored.erased:  # made anyway: a backup with a gap beats none
                missing.append(f"{stored.kind} {stored.name}")
            continue
        _write_private(target / FILES[FORMAT] / stored.key, data)
        copied[stored.kind] += 1
    db.session.rollback()
    for setting, name in KEYS.items():
        _write_private(target / "keys" / name, current_app.config[setting].encode())
    files = sorted(p for p in target.rglob("*") if p.is_file())
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": database,
        "stored_files": dict(copied),
        "missing": missing,
        "files": {str(p.relative_to(target)): _sha256(p) for p in files},
    }
    _write_private(target / MANIFEST, json.dumps(manifest, indent=2).encode())
    return manifest


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{source} holds no readable {MANIFEST}: {error}") from None
    if manifest.get("format") not in FILES:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    for name, digest in manifest["files"].items():
        path = source / name
        if not path.is_file() or _sha256(path) != digest:
            raise BackupError(f"{name} is missing or altered: the backup is not whole")
    return manifest


def _install_keys(source: Path) -> None:
    """The restored data needs the backup's keys: into instance/, or as the environment says."""
    instance = Path(current_app.instance_path)
    for setting, name in KEYS.items():
        key = (source / "keys" / name).read_text().strip()
        from_env = os.environ.get(ENV_KEYS[setting])
        if from_env and from_env.strip() != key:
            raise BackupError(
                f"{ENV_KEYS[setting]} is set to another key than the backup's: set it to the "
                f"content of {source / 'keys' / name} and restore again"
            )
        if not from_env:
            _write_private(instance / name, key.encode())
        current_app.config[setting] = key


def restore_backup(source: Path) -> dict:
    """Put a backup back: keys, database, stored files (stop the site first)."""
    from learnhub.credentials.storage import storage

    manifest = _read_manifest(source)
    _install_keys(source)
    load_database(source, manifest["database"])
    store = storage()
    root = source / FILES[manifest["format"]]
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
    for path in files:
        key = str(path.relative_to(root))
        data = path.read_bytes()
        try:
            store.save(key, data)
        except FileExistsError:  # write-once storage: the same file may already be there
            if store.load(key) != data:
                raise BackupError(f"a different file is already stored as {key}") from None
    db.session.commit()  # the database storage writes in the session's transaction
    return manifest


@dataclass
class Integrity:
    certificates: int = 0
    files: int = 0
    national_ids: int = 0
    problems: list[str] = field(default_factory=list)


def check_integrity() -> Integrity:
    """Every document verifies by code and by file hash; every national ID decrypts."""
    from learnhub.credentials.storage import storage

    result = Integrity()
    store = storage()
    finders = {kind.label: kind.find for kind in stored_kinds()}
    for stored in stored_files():
        what = f"{stored.kind} {stored.name}"
        result.certificates += stored.kind == "certificate"
        find = finders[stored.kind]
        if find is not None and find(stored.code) is None:
            result.problems.append(f"{what}: not found by its code")
        if stored.erased:
            continue
        try:
            data = store.load(stored.key)
        except OSError:
            result.problems.append(f"{what}: its file is missing")
            continue
        result.files += 1
        if hashlib.sha256(data).hexdigest() != stored.sha256:
            result.problems.append(f"{what}: its file does not match its SHA-256")
    _check_national_ids(result)
    return result


def _check_national_ids(result: Integrity) -> None:
    """Every encrypted national ID (member profiles, imported rosters) decrypts and matches
    its look-up hash."""
    from cryptography.fernet import InvalidToken

    from learnhub.accounts.models import MemberProfile
    from learnhub.accounts.privacy import decrypt_national_id, national_id_hash
    from learnhub.coordination.models import RosterRecord

    holders = [("profile", MemberProfile, MemberProfile.id),
               ("roster record", RosterRecord, RosterRecord.user_id)]  # fmt: skip
    for label, model, row_id in holders:
        statement = (
            select(row_id, model.national_id_encrypted, model.national_id_hash)
            .where(model.national_id_encrypted.is_not(None))
            .order_by(row_id)
        )
        for number, encrypted, lookup in db.session.execute(statement):
            result.national_ids += 1
            try:
                digits = decrypt_national_id(encrypted)
            except InvalidToken:
                result.problems.append(f"{label} {number}: the national ID does not decrypt")
                continue
            if national_id_hash(digits) != lookup:
                result.problems.append(f"{label} {number}: the national ID's look-up hash differs")


def _report(result: Integrity) -> None:
    click.echo(
        f"{result.certificates} certificate(s) verified by code and file hash, "
        f"{result.files} stored file(s) match their SHA-256, "
        f"{result.national_ids} national ID(s) decrypted"
    )
    if result.problems:
        raise BackupError("; ".join(result.problems))


@click.group("backup", help="Back up and restore the database, stored files and keys.")
def backup_cli() -> None:
    pass


@backup_cli.command("create")
@click.argument("target", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def create_command(target: Path) -> None:
    """Write a backup into a new folder TARGET (it holds the keys: keep it safe)."""
    manifest = create_backup(target)
    counts = ", ".join(f"{kind} {n}" for kind, n in manifest["stored_files"].items())
    total = sum(manifest["stored_files"].values())
    click.echo(f"backup written to {target}: {manifest['database']}, "
               f"{total} stored file(s) ({counts or 'none'}), keys")  # fmt: skip
    if manifest["missing"]:
        click.echo("not in the storage, so not in the backup: " + ", ".join(manifest["missing"]),
                   err=True)  # fmt: skip


@backup_cli.command("restore")
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.confirmation_option(prompt="This replaces the site's database. Is the site stopped?")
@with_appcontext
def restore_command(source: Path) -> None:
    """Restore the backup in SOURCE over this site's database, files and keys, then check it."""
    restore_backup(source)
    click.echo(f"restored from {source}")
    _report(check_integrity())


@backup_cli.command("check")
@with_appcontext
def check_command() -> None:
    """Verify every document by code and file hash, and decrypt every national ID."""
    _report(check_integrity())
