"""Where certificate PDFs and evidence files live: a local directory, or the database.

A certificate is rendered once; its bytes are written here and never replaced,
so every download returns exactly the file whose SHA-256 is on record.

``LEARNHUB_STORAGE=local`` (the default) keeps files under ``instance/certificates``
(or ``LEARNHUB_CERTIFICATE_DIR``): right for one host. ``LEARNHUB_STORAGE=database``
keeps them in the ``stored_files`` table of the site's database, which every host of a
site with several hosts already shares. ``flask storage move --to database|local``
copies every file from one to the other and checks each hash.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

from flask import current_app, has_app_context
from sqlalchemy import Engine, delete, insert, select

LOCAL, DATABASE = "local", "database"
KINDS = (LOCAL, DATABASE)


class Storage(Protocol):
    def save(self, key: str, data: bytes) -> None: ...
    def load(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...
    def keys(self) -> Iterator[str]: ...


class LocalStorage:
    """Files under a directory; a key is a relative path such as ``2569/LH-2569-000001.pdf``."""

    kind = LOCAL

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"bad storage key {key!r}")
        return path

    def save(self, key: str, data: bytes) -> None:
        path = self._path(key)
        # Certificates are personal data: folders and files readable by the owner only.
        root = self.root.resolve()
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        for folder in reversed([path.parent, *path.parent.parents]):
            if root in folder.parents:
                folder.mkdir(mode=0o700, exist_ok=True)
        # Write-once (O_EXCL): never overwrite an issued certificate's file.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)

    def load(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self) -> Iterator[str]:
        if not self.root.is_dir():
            return iter(())
        files = sorted(p for p in self.root.rglob("*") if p.is_file())
        return (p.relative_to(self.root).as_posix() for p in files)


class DatabaseStorage:
    """Files as rows of ``stored_files`` (key, bytes, SHA-256, size, time written).

    Inside an app context a file is written and read through the request's database
    session: a saved file joins the transaction of the record that names it, so a
    rolled-back issue leaves no file behind and SQLite never waits on itself. Outside
    one (a ZIP streamed after its request) a read takes a connection of its own.
    """

    kind = DATABASE

    def __init__(self, engine: Engine):
        self.engine = engine

    @staticmethod
    def _table():
        from learnhub.credentials.models import StoredFile

        return StoredFile.__table__

    def _execute(self, statement):
        if has_app_context():
            from learnhub.extensions import db

            return db.session.execute(statement)
        with self.engine.connect() as connection:
            return connection.execute(statement).all()

    def save(self, key: str, data: bytes) -> None:
        from learnhub.accounts.models import utcnow
        from learnhub.extensions import db

        table = self._table()
        if db.session.execute(select(table.c.key).where(table.c.key == key)).first():
            raise FileExistsError(key)  # write-once, as the local storage
        db.session.execute(insert(table).values(
            key=key, data=data, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
            created_at=utcnow(),
        ))  # fmt: skip

    def load(self, key: str) -> bytes:
        table = self._table()
        rows = list(self._execute(select(table.c.data).where(table.c.key == key)))
        if not rows:
            raise FileNotFoundError(key)
        return bytes(rows[0][0])

    def delete(self, key: str) -> None:
        from learnhub.extensions import db

        table = self._table()
        db.session.execute(delete(table).where(table.c.key == key))

    def keys(self) -> Iterator[str]:
        table = self._table()
        return (row[0] for row in self._execute(select(table.c.key).order_by(table.c.key)))


def local_storage() -> LocalStorage:
    configured = current_app.config.get("CERTIFICATE_DIR")
    return LocalStorage(configured or Path(current_app.instance_path) / "certificates")


def storage_of(kind: str) -> Storage:
    if kind == DATABASE:
        from learnhub.extensions import db

        return DatabaseStorage(db.engine)
    if kind == LOCAL:
        return local_storage()
    raise ValueError(f"unknown storage {kind!r}: LEARNHUB_STORAGE is one of {', '.join(KINDS)}")


def storage() -> Storage:
    """The storage the site is configured with (LEARNHUB_STORAGE)."""
    return storage_of(current_app.config.get("STORAGE", LOCAL))
