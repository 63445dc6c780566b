"""Counts per account that slow down guessing: the log-in lock, refused profile changes.

A profile edit that gives a national ID or mobile number the member cannot use is
refused in words that hold whether or not someone else holds it; after
``MAX_PROFILE_REFUSALS`` such refusals in an hour the account cannot save its
profile until the hour has passed, so the edit page is no oracle for IDs.

Failures are counted per account name (``services.login_key``: an e-mail, a mobile
number, or a national ID's keyed hash), known or not, in the rate limiter's
storage (Redis when LEARNHUB_REDIS_URL is set, so every process and host shares
the count; process memory otherwise). While that storage cannot be reached the
counts go to this process's memory, as Flask-Limiter's own limits do
(RATELIMIT_IN_MEMORY_FALLBACK_ENABLED): a Redis outage never lifts a lock. A
stranger sees the same lock, wording and status for an address that has an
account and for one that has none. The per-address limit is Flask-Limiter's, on
the log-in view.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from flask_babel import lazy_gettext as _l
from limits import RateLimitItem, RateLimitItemPerHour, RateLimitItemPerMinute
from limits.storage import MemoryStorage
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


MAX_PROFILE_REFUSALS = 5
PROFILE_REFUSALS_WINDOW = RateLimitItemPerHour(MAX_PROFILE_REFUSALS)
PROFILE_LOCKED_MESSAGE = _l(
    "Too many national IDs or mobile numbers that cannot be used were tried with this "
    "account. Wait an hour and try again, or contact your network coordinator."
)


class WindowCounter:
    """Events per name within a moving window; ``exceeded`` once ``item`` is used up."""

    def __init__(self, namespace: str, item: RateLimitItem):
        self.namespace, self.item = namespace, item

    def _run(self, operation: str, name: str):
        key = _key(self.namespace, name)
        try:
            return getattr(MovingWindowRateLimiter(limiter.storage), operation)(
                self.item, self.namespace, key
            )
        except Exception:  # the limiter's storage is down: count in this process instead
            current_app.logger.warning("%s: limiter storage unreachable, counted in memory",
                                       self.namespace)  # fmt: skip
            memory = current_app.extensions.setdefault("throttle_memory", MemoryStorage())
            return getattr(MovingWindowRateLimiter(memory), operation)(
                self.item, self.namespace, key
            )

    def exceeded(self, name: str) -> bool:
        return _enabled() and not self._run("test", name)

    def hit(self, name: str) -> None:
        if _enabled():
            self._run("hit", name)

    def clear(self, name: str) -> None:
        if _enabled():
            self._run("clear", name)


def _key(namespace: str, name: str) -> str:
    # The name itself (an address, a user id) never goes into Redis, only a digest of it.
    normalized = (name or "").strip().lower().encode()
    return hashlib.sha256(f"learnhub-{namespace}:".encode() + normalized).hexdigest()


def _enabled() -> bool:
    return bool(current_app.config.get("RATELIMIT_ENABLED", True))


LOGIN_FAILURES = WindowCounter("login-failures", FAILURES)


def is_locked(email: str) -> bool:
    """Whether log-ins with this address are refused for now."""
    return LOGIN_FAILURES.exceeded(email)


def record_failure(email: str) -> None:
    LOGIN_FAILURES.hit(email)


def forget_failures(email: str) -> None:
    """A successful log-in starts the count again."""
    LOGIN_FAILURES.clear(email)


# Keyed by the account's id: the refusals of one member, whichever address they come from.
PROFILE_REFUSALS = WindowCounter("profile-refusals", PROFILE_REFUSALS_WINDOW)
