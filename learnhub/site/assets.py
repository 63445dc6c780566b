"""Static file URLs carry a digest of the file (``/static/css/site.css?v=3f2a9c1b``).

nginx serves ``/static/`` with a cache lifetime of a month (deploy/nginx/learnhub.conf);
a changed file gets a new URL at the next deploy, so no browser keeps an old style sheet.
Served by the app itself (``make run``, gunicorn without nginx), a URL whose ``v`` is the
file's digest is kept by browsers for a year without asking again, so a page costs one
request instead of six (style sheet, scripts, icon) on a phone's slow connection.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, request

A_YEAR = 365 * 24 * 3600


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

    @app.after_request
    def cache_versioned(response: Response) -> Response:
        if request.endpoint != "static" or response.status_code not in (200, 304):
            return response
        filename = (request.view_args or {}).get("filename", "")
        if request.args.get("v") and request.args["v"] == digest(filename):
            response.cache_control.no_cache = None
            response.cache_control.public = True
            response.cache_control.max_age = A_YEAR
            response.cache_control.immutable = True
        return response
