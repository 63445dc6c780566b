"""gunicorn settings for LearnHub: ``gunicorn --config deploy/gunicorn.conf.py wsgi:app``.

Every setting can be changed by an environment variable (the systemd unit's
EnvironmentFile) or on the command line, which wins over this file.
"""

import multiprocessing
import os
import shutil
from pathlib import Path

# nginx talks to gunicorn on the loopback (or a unix socket: "unix:/run/learnhub/web.sock").
bind = os.environ.get("LEARNHUB_BIND", "127.0.0.1:8000")
# Sync workers, two per core (a request that waits on PostgreSQL leaves the core to another).
workers = int(os.environ.get("LEARNHUB_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
# Above the app's own database limit (LEARNHUB_DB_ANSWER_TIMEOUT, 25 s): a slow request
# answers a Thai 503 before gunicorn would kill its worker.
timeout = int(os.environ.get("LEARNHUB_WORKER_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5  # nginx keeps connections to the upstream open (see deploy/nginx/learnhub.conf)
# A worker is replaced after this many requests, so no slow leak lasts.
max_requests = 10000
max_requests_jitter = 1000
# Uploads and answers are read by nginx first: a worker never waits on a slow client.
limit_request_line = 8190
# The app writes one JSON line per request with its request id (LEARNHUB_LOG_FORMAT=json),
# so gunicorn's own access log would only repeat it. Its error log goes to stderr (journald).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LEARNHUB_LOG_LEVEL", "info")
# The app trusts X-Forwarded-* through werkzeug's ProxyFix (LEARNHUB_PROXY_COUNT);
# gunicorn itself then needs to trust nothing.
forwarded_allow_ips = "127.0.0.1"
proc_name = "learnhub-web"


def _metrics_dir() -> Path | None:
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return Path(folder) if folder else None


def on_starting(server):
    """Metrics of several workers: each writes its counts to files in this (empty) folder."""
    folder = _metrics_dir()
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True, mode=0o700)


def child_exit(server, worker):
    """A worker that ended: its live gauges no longer count (its counters still do)."""
    if _metrics_dir():
        from prometheus_flask_exporter.multiprocess import GunicornInternalPrometheusMetrics

        GunicornInternalPrometheusMetrics.mark_process_dead_on_child_exit(worker.pid)


# gunicorn's own lines (start, workers booting, a worker killed) as JSON too, like the app's.
_json = os.environ.get("LEARNHUB_LOG_FORMAT", "").lower() == "json" or (
    not os.environ.get("LEARNHUB_LOG_FORMAT")
    and os.environ.get("LEARNHUB_ENV", "").lower() == "production"
)
if _json:
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }},  # fmt: skip
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json",
                                "stream": "ext://sys.stderr"}},  # fmt: skip
        "loggers": {"gunicorn.error": {"level": "INFO", "handlers": ["stderr"],
                                       "propagate": False}},  # fmt: skip
        # The app puts its own JSON handler (with the request id) on the root logger.
        "root": {"level": "INFO", "handlers": []},
    }
