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
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write-once: never overwrite an issued certificate's file.
        with open(path, "xb") as handle:
            handle.write(data)

    def load(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


def storage() -> Storage:
    configured = current_app.config.get("CERTIFICATE_DIR")
    return LocalStorage(configured or Path(current_app.instance_path) / "certificates")
