"""Settings read from LEARNHUB_* environment variables, with safe defaults.

With nothing set, LearnHub runs on SQLite in ``instance/`` and generates its
secret key and field-encryption key there on first start, so no secret ever
lives in the repository.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet


def _instance_secret(instance_path: Path, name: str, make) -> str:
    """Read a secret kept in the instance folder, creating it on first use.

    The file is created with mode 0600 and O_EXCL so two processes starting at
    once cannot write two different keys.
    """
    path = instance_path / name
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(make())
    return path.read_text().strip()


def _bool(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


LOOPBACK_HOSTS = ("localhost", "127.0.0.1")


class ConfigurationError(RuntimeError):
    """The settings are unsafe for the mode they are used in; the app refuses to start."""


def _trusted_hosts(env, public_url: str) -> list[str]:
    """The host names requests may carry: configured, or the public one plus loopback.

    A request with any other ``Host`` gets a 400, so no link or redirect can be
    built on an attacker's host name.
    """
    configured = env.get("LEARNHUB_TRUSTED_HOSTS", "")
    hosts = [host.strip() for host in configured.split(",") if host.strip()]
    if hosts:
        return hosts
    public_host = urlsplit(public_url).hostname
    return list(dict.fromkeys([h for h in (public_host, *LOOPBACK_HOSTS) if h]))


def check_production(config: dict) -> None:
    """Refuse production mode without a real public address and explicit trusted hosts, or
    served over HTTPS with a session cookie that the browser would also send over HTTP."""
    if config["LEARNHUB_ENV"] != "production":
        return
    problems = []
    if not config["TRUSTED_HOSTS_CONFIGURED"]:
        problems.append("set LEARNHUB_TRUSTED_HOSTS to the site's host names")
    host = urlsplit(config["PUBLIC_URL"]).hostname or ""
    if host in LOOPBACK_HOSTS or host.startswith("127.") or host == "::1" or not host:
        problems.append("set LEARNHUB_PUBLIC_URL to the site's public address")
    elif host not in config["TRUSTED_HOSTS"]:
        problems.append("LEARNHUB_TRUSTED_HOSTS must include the host of LEARNHUB_PUBLIC_URL")
    # Refused rather than turned on quietly: the setting says what the cookie does.
    if urlsplit(config["PUBLIC_URL"]).scheme == "https" and not config["SESSION_COOKIE_SECURE"]:
        problems.append("LEARNHUB_PUBLIC_URL is https: set LEARNHUB_SECURE_COOKIES=1")
    if problems:
        raise ConfigurationError("LEARNHUB_ENV=production: " + "; ".join(problems))


STORAGE_KINDS = ("local", "database")


def _storage_kind(value: str | None) -> str:
    kind = (value or "local").strip().lower()
    if kind not in STORAGE_KINDS:
        raise ConfigurationError(f"LEARNHUB_STORAGE must be one of {', '.join(STORAGE_KINDS)}")
    return kind


def _networks(value: str | None) -> tuple:
    import ipaddress

    try:
        return tuple(ipaddress.ip_network(part.strip()) for part in (value or "").split(",")
                     if part.strip())  # fmt: skip
    except ValueError as error:
        raise ConfigurationError(f"LEARNHUB_METRICS_NETWORKS: {error}") from None


def load_config(instance_path: str, environ: dict[str, str] | None = None) -> dict:
    """Build the Flask config mapping from the environment."""
    env = os.environ if environ is None else environ
    instance = Path(instance_path)
    database_url = env.get("LEARNHUB_DATABASE_URL") or f"sqlite:///{instance / 'learnhub.db'}"
    redis_url = env.get("LEARNHUB_REDIS_URL") or None
    # Every link in an e-mail and under a QR code starts with this, never with the request's host.
    public_url = env.get("LEARNHUB_PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/")
    config = {
        "SECRET_KEY": env.get("LEARNHUB_SECRET_KEY")
        or _instance_secret(instance, "secret_key", lambda: secrets.token_urlsafe(48)),
        "FIELD_ENCRYPTION_KEY": env.get("LEARNHUB_FIELD_KEY")
        or _instance_secret(instance, "field_key", lambda: Fernet.generate_key().decode()),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # Limits on every wait for the database (seconds); see learnhub/dbguard.py. The
        # answer timeout stays under gunicorn's 30 s so a worker answers 503, not dies.
        "DB_CONNECT_TIMEOUT": float(env.get("LEARNHUB_DB_CONNECT_TIMEOUT", "5")),
        "DB_STATEMENT_TIMEOUT": float(env.get("LEARNHUB_DB_STATEMENT_TIMEOUT", "20")),
        "DB_ANSWER_TIMEOUT": float(env.get("LEARNHUB_DB_ANSWER_TIMEOUT", "25")),
        "DB_POOL_TIMEOUT": float(env.get("LEARNHUB_DB_POOL_TIMEOUT", "10")),
        "HEALTH_TIMEOUT": float(env.get("LEARNHUB_HEALTH_TIMEOUT", "3")),
        # What a 503 tells browsers and load balancers to wait before trying again.
        "RETRY_AFTER": int(env.get("LEARNHUB_RETRY_AFTER", "30")),
        "REDIS_URL": redis_url,
        "RATELIMIT_STORAGE_URI": redis_url or "memory://",
        # Redis down: count in this process's memory until it is back, never a 500.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_STORAGE_OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        "RATELIMIT_ENABLED": _bool(env.get("LEARNHUB_RATELIMIT"), True),
        # A moving window: a fixed one lets a burst through at every minute's turn.
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_HEADERS_ENABLED": True,
        "BABEL_DEFAULT_LOCALE": "th",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Bangkok",
        "LANGUAGES": ("th", "en"),
        "MAIL_BACKEND": env.get("LEARNHUB_MAIL_BACKEND", "log"),
        "MAIL_SENDER": env.get("LEARNHUB_MAIL_SENDER", "LearnHub <no-reply@learnhub.local>"),
        "SMTP_HOST": env.get("LEARNHUB_SMTP_HOST", "localhost"),
        "SMTP_PORT": int(env.get("LEARNHUB_SMTP_PORT", "25")),
        # Werkzeug's scrypt at its default cost (about 0.1 s a hash); only the test suite
        # lowers it ("scrypt:1024:8:1"), so its thousands of log-ins do not cost minutes.
        "PASSWORD_HASH_METHOD": "scrypt",
        "PASSWORD_RESET_MAX_AGE": int(env.get("LEARNHUB_PASSWORD_RESET_MAX_AGE", "3600")),
        "PRIVACY_NOTICE_VERSION": "2026-12",
        # How long the audit log (and decided name changes) are kept: the privacy notice
        # states it, and `flask users purge-expired` applies it.
        "AUDIT_RETENTION_YEARS": int(env.get("LEARNHUB_AUDIT_RETENTION_YEARS", "5")),
        "CERTIFICATE_DIR": env.get("LEARNHUB_CERTIFICATE_DIR") or None,
        # Where certificate PDFs and evidence files live: "local" (the directory above, one
        # host) or "database" (the stored_files table, which every host shares).
        "STORAGE": _storage_kind(env.get("LEARNHUB_STORAGE")),
        "ISSUER_NAME": env.get("LEARNHUB_ISSUER_NAME", "LearnHub เครือข่ายต่อต้านการทุจริต"),
        # The address printed under the QR code; set it to the public site's URL.
        "PUBLIC_URL": public_url,
        "LEARNHUB_ENV": env.get("LEARNHUB_ENV", "development").strip().lower(),
        "TRUSTED_HOSTS": _trusted_hosts(env, public_url),
        "TRUSTED_HOSTS_CONFIGURED": bool(env.get("LEARNHUB_TRUSTED_HOSTS", "").strip()),
        # How many proxies in front of the app set X-Forwarded-*; 0 trusts none.
        "PROXY_COUNT": int(env.get("LEARNHUB_PROXY_COUNT", "0") or 0),
        # JSON log lines with a request id (the default in production), or plain text.
        "LOG_FORMAT": (
            env.get("LEARNHUB_LOG_FORMAT")
            or ("json" if env.get("LEARNHUB_ENV", "").strip().lower() == "production" else "text")
        )
        .strip()
        .lower(),
        # One log line per request (method, route, status, duration); on with JSON logs.
        "REQUEST_LOG": _bool(env.get("LEARNHUB_REQUEST_LOG"), None),
        # Who may read /metrics: a bearer token, and/or client networks (CIDR, comma-separated).
        "METRICS_TOKEN": env.get("LEARNHUB_METRICS_TOKEN") or None,
        "METRICS_NETWORKS": _networks(env.get("LEARNHUB_METRICS_NETWORKS")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(env.get("LEARNHUB_SECURE_COOKIES"), False),
        # Used only when the person ticks "remember me"; otherwise the cookie ends with the browser.
        "PERMANENT_SESSION_LIFETIME": dt.timedelta(days=14),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
    }
    if config["REQUEST_LOG"] is None:
        config["REQUEST_LOG"] = config["LOG_FORMAT"] == "json"
    return config
