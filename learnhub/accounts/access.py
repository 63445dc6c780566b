"""Who may do what: the role decorator and a safe redirect target."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from flask import abort
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
