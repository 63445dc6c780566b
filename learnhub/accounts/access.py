"""Who may do what: the role decorator, a safe redirect target, pages never cached."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort, make_response
from flask_login import current_user, login_required


def role_required(*roles: str):
    """Let in only logged-in users holding one of ``roles``; others get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def no_store(view):
    """Send the page with ``Cache-Control: no-store``: it shows personal data.

    A shared office PC's cache, or a proxy, then keeps no copy for the next person. Every
    answer to a logged-in person gets it anyway (learnhub/site/security.py); the mark
    says so where the page is written, and holds even for a visitor not logged in.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        response = make_response(view(*args, **kwargs))
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapped


def safe_next(target: str | None, default: str) -> str:
    """A redirect target on this site only, so ?next= cannot send users elsewhere.

    A control character (a line break cannot go into a header) or a backslash (browsers
    read ``/\\evil.example`` as ``//evil.example``) makes the target fall back to ``default``.
    """
    if not target or any(ord(c) < 0x20 or c in "\x7f\\" for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
