"""Where certificate PDFs live: a small interface, a local directory by default.

A certificate is rendered once; its bytes are written here and never replaced,
so every download returns exactly the file whose SHA-256 is on record.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from flask import current_app


class Storage(Protocol):
    def save(self, key: str, data: bytes) -> None: ...
    def load(self, key: str) -> bytes: ...
    def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files under a directory; a key is a relative path such as ``2569/LH-2569-000001.pdf``."""

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


def storage() -> Storage:
    configured = current_app.config.get("CERTIFICATE_DIR")
    return LocalStorage(configured or Path(current_app.instance_path) / "certificates")
