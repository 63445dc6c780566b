"""Certificate files in either storage, and `flask storage move` between them, hash-checked.

With several hosts the files live in the database (LEARNHUB_STORAGE=database), which
every host shares; a site that grew from one host moves its local files there.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import select

from learnhub.config import ConfigurationError, load_config
from learnhub.credentials.models import Certificate, StoredFile
from learnhub.credentials.storage import DatabaseStorage, LocalStorage, storage
from learnhub.extensions import db


@pytest.fixture(params=["local", "database"])
def configured(request, app, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE", request.param)
    return request.param


@pytest.fixture
def local_storage_only(app, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE", "local")


def stored_keys() -> list[str]:
    return list(db.session.scalars(select(StoredFile.key).order_by(StoredFile.key)))


def local_root(app) -> Path:
    return Path(app.instance_path) / "certificates"


def test_a_graduate_downloads_the_very_file_on_record_from_either_storage(
    configured, app, client, graduate
):
    certificate = db.session.scalars(select(Certificate)).one()
    response = client.get(f"/certificates/{certificate.id}.pdf")
    assert response.status_code == 200
    assert hashlib.sha256(response.data).hexdigest() == certificate.pdf_sha256
    on_disk = (local_root(app) / certificate.pdf_key).is_file()
    in_table = stored_keys() == [certificate.pdf_key]
    assert (on_disk, in_table) == ((True, False) if configured == "local" else (False, True))
    row = db.session.get(StoredFile, certificate.pdf_key) if configured == "database" else None
    if row:
        assert (row.sha256, row.size) == (certificate.pdf_sha256, len(response.data))


def test_either_storage_is_write_once_and_says_when_a_file_is_missing(configured, app):
    store = storage()
    assert isinstance(store, LocalStorage if configured == "local" else DatabaseStorage)
    store.save("2569/a.pdf", b"first")
    db.session.commit()
    with pytest.raises(FileExistsError):
        store.save("2569/a.pdf", b"second")
    assert store.load("2569/a.pdf") == b"first"
    assert list(store.keys()) == ["2569/a.pdf"]
    store.delete("2569/a.pdf")
    db.session.commit()
    with pytest.raises(FileNotFoundError):
        store.load("2569/a.pdf")


def test_in_the_database_a_file_saved_by_a_rolled_back_issue_is_gone_with_it(app, monkeypatch):
    monkeypatch.setitem(app.config, "STORAGE", "database")
    storage().save("2569/crashed.pdf", b"half an issue")
    assert storage().load("2569/crashed.pdf") == b"half an issue"  # the same transaction sees it
    db.session.rollback()
    with pytest.raises(FileNotFoundError):
        storage().load("2569/crashed.pdf")


def test_an_unknown_storage_is_refused_at_start(tmp_path):
    with pytest.raises(ConfigurationError, match="LEARNHUB_STORAGE"):
        load_config(str(tmp_path), {"LEARNHUB_STORAGE": "s3"})
    assert load_config(str(tmp_path), {})["STORAGE"] == "local"


def test_the_files_of_one_host_move_into_the_database_checked_and_back_again(
    local_storage_only, app, client, graduate, monkeypatch
):
    certificate = db.session.scalars(select(Certificate)).one()
    LocalStorage(local_root(app)).save("2569/left-by-a-crash.pdf", b"no record names me")
    runner = app.test_cli_runner()

    moved = runner.invoke(args=["storage", "move", "--to", "database"])
    assert moved.exit_code == 0, moved.output
    assert "copied=2 already_there=0 unrecorded=1 problems=0" in moved.output
    assert "LEARNHUB_STORAGE=database" in moved.output
    db.session.expire_all()
    assert stored_keys() == sorted([certificate.pdf_key, "2569/left-by-a-crash.pdf"])

    again = runner.invoke(args=["storage", "move", "--to", "database"])
    assert "copied=0 already_there=2 unrecorded=0 problems=0" in again.output  # idempotent

    # The site now runs on the database: the local folder can go, the download still works.
    monkeypatch.setitem(app.config, "STORAGE", "database")
    for path in sorted(local_root(app).rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    response = client.get(f"/certificates/{certificate.id}.pdf")
    assert hashlib.sha256(response.data).hexdigest() == certificate.pdf_sha256

    back = runner.invoke(args=["storage", "move", "--to", "local"])
    assert "copied=2 already_there=0 unrecorded=1 problems=0" in back.output, back.output
    data = (local_root(app) / certificate.pdf_key).read_bytes()
    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256


def test_a_corrupted_file_is_reported_and_not_copied(local_storage_only, app, graduate):
    certificate = db.session.scalars(select(Certificate)).one()
    path = local_root(app) / certificate.pdf_key
    path.write_bytes(path.read_bytes()[:-10] + b"tampered!!")  # a disk error, or a hand

    moved = app.test_cli_runner().invoke(args=["storage", "move", "--to", "database"])
    assert moved.exit_code == 1
    assert f"PROBLEM {certificate.pdf_key}: corrupted" in moved.output
    assert "copied=0 already_there=0 unrecorded=0 problems=1" in moved.output
    assert "Set LEARNHUB_STORAGE" not in moved.output
    db.session.expire_all()
    assert stored_keys() == []


def test_a_recorded_file_missing_from_the_source_is_reported(local_storage_only, app, graduate):
    certificate = db.session.scalars(select(Certificate)).one()
    (local_root(app) / certificate.pdf_key).unlink()
    moved = app.test_cli_runner().invoke(args=["storage", "move", "--to", "database"])
    assert moved.exit_code == 1
    assert f"PROBLEM {certificate.pdf_key}: missing from the local storage" in moved.output
