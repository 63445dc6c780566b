"""Static file URLs carry a digest of the file (``/static/css/site.css?v=3f2a9c1b``).

nginx serves ``/static/`` with a cache lifetime of a month (deploy/nginx/learnhub.conf);
a changed file gets a new URL at the next deploy, so no browser keeps an old style sheet.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask


def register(app: Flask) -> None:
    root = Path(app.static_folder)

    @lru_cache(maxsize=256)
    def digest(filename: str) -> str | None:
        path = (root / filename).resolve()
        if root.resolve() not in path.parents or not path.is_file():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()[:10]

    @app.url_defaults
    def versioned_static(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "v" not in values and not app.debug:
            version = digest(values.get("filename", ""))
            if version:
                values["v"] = version
