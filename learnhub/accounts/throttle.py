"""The per-account log-in lock: after repeated failures an address is locked for a while.

Failures are counted per account name (``services.login_key``: an e-mail, a mobile
number, or a national ID's keyed hash), known or not, in the rate limiter's
storage (Redis when LEARNHUB_REDIS_URL is set, so every process and host shares
the count; process memory otherwise). A stranger therefore sees the same lock,
wording and status for an address that has an account and for one that has
none. The per-address limit is Flask-Limiter's, on the log-in view.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import RateLimitItemPerMinute
from limits.strategies import MovingWindowRateLimiter

from learnhub.extensions import limiter

MAX_FAILURES = 10
LOCK_MINUTES = 15
# Ten failures within fifteen minutes lock the address until the oldest of them is
# fifteen minutes old: at most fifteen minutes, never for ever.
FAILURES = RateLimitItemPerMinute(MAX_FAILURES, LOCK_MINUTES)
LOCKED_MESSAGE = _l(
    "Too many failed log-ins with this log-in name. Wait %(minutes)d minutes and try again, "
    "or reset your password.",
    minutes=LOCK_MINUTES,
)


def _key(email: str) -> str:
    # The address itself never goes into Redis, only a digest of it.
    normalized = (email or "").strip().lower().encode()
    return hashlib.sha256(b"learnhub-login:" + normalized).hexdigest()


def _strategy() -> MovingWindowRateLimiter:
    return MovingWindowRateLimiter(limiter.storage)


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


def is_locked(email: str) -> bool:
    """Whether log-ins with this address are refused for now."""
    if not _enabled():
        return False
    try:
        return not _strategy().test(FAILURES, "login-failures", _key(email))
    except Exception:  # the limiter's storage is down: the per-address limit still holds
        current_app.logger.warning("log-in lock: storage unreachable, lock not checked")
        return False


def record_failure(email: str) -> None:
    if not _enabled():
        return
    try:
        _strategy().hit(FAILURES, "login-failures", _key(email))
    except Exception:
        current_app.logger.warning("log-in lock: storage unreachable, failure not counted")


def forget_failures(email: str) -> None:
    """A successful log-in starts the count again."""
    if not _enabled():
        return
    try:
        _strategy().clear(FAILURES, "login-failures", _key(email))
    except Exception:
        current_app.logger.warning("log-in lock: storage unreachable, count not cleared")
