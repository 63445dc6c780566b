"""Request input the database cannot hold is refused before any view sees it.

Ids beyond the integer columns and NUL characters (which PostgreSQL text columns
cannot store) would otherwise reach a query and end in a 500 instead of a 404 or 400.
"""

from __future__ import annotations

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

# Every id column is an INTEGER: PostgreSQL's is 32-bit, and SQLite's 64-bit
# integers overflow Python's driver beyond 2**63. One bound keeps both honest.
MAX_ID = 2**31 - 1


class BoundedIntegerConverter(IntegerConverter):
    """``<int:...>`` that matches only what an INTEGER column can hold; beyond it, 404."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def requested_page(per_page: int) -> int:
    """The ``?page=`` asked for, from 1 to the last page whose offset an INTEGER can hold."""
    page = request.args.get("page", 1, type=int)
    return min(max(page, 1), MAX_ID // per_page)


def refuse_nul_characters() -> None:
    """400 for a NUL in the path, the query or a form: no one types it, no column takes it."""
    pairs = list(request.args.items(multi=True))
    if request.mimetype in {"application/x-www-form-urlencoded", "multipart/form-data"}:
        pairs += request.form.items(multi=True)
    if "\x00" in request.path or any("\x00" in key + value for key, value in pairs):
        abort(400)


def register(app: Flask) -> None:
    """Install the bounded ``int`` converter (before any route is added) and the NUL check."""
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(refuse_nul_characters)
