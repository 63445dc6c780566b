"""What an operator sees of a running site: a request id, JSON log lines, Prometheus metrics.

Request id: the ``X-Request-ID`` the proxy sends (nginx: ``$request_id``), or a new one;
it is echoed in the response and carried by every log line written during the request,
so one id finds a request in nginx's log, in the app's and in the person's report.

Logs: with ``LEARNHUB_LOG_FORMAT=json`` (the default in production) every line on
stderr is one JSON object (python-json-logger) with ``time``, ``level``, ``logger``,
``message`` and ``request_id``, and each request writes one line of its own (method,
route, status, duration). Query strings are never logged: a search may hold a name.

Metrics: prometheus-flask-exporter counts requests and their latencies per route (the
URL rule, not the path, so ids do not multiply the series); a collector adds the bulk
jobs by status and the RQ queue's queued, started and failed jobs. ``/metrics`` answers
only a request bearing ``LEARNHUB_METRICS_TOKEN`` or coming from a network of
``LEARNHUB_METRICS_NETWORKS``; anyone else, and everyone when neither is set, gets the
site's 404. Under gunicorn with several workers set ``PROMETHEUS_MULTIPROC_DIR`` (see
deploy/gunicorn.conf.py) so that every worker's counts are added up.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import os
import re
import sys
import time
import uuid
from functools import wraps

from flask import Flask, abort, current_app, g, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like; anything else (or nothing) gets a fresh id, so a
# client cannot write arbitrary text into the logs through this header.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
UNTRACKED = ("/healthz", "/static/", "/fonts/")  # load balancers and files: not worth a series

request_log = logging.getLogger("learnhub.request")


def request_id() -> str:
    return g.get("request_id", "-") if has_request_context() else "-"


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id()
        return True


def json_handler() -> logging.Handler:
    from pythonjsonlogger.json import JsonFormatter

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
        rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        json_ensure_ascii=False,  # Thai stays readable
    ))  # fmt: skip
    handler.addFilter(RequestIdFilter())
    handler.learnhub_json = True
    return handler


def _install_json_logs(app: Flask) -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "learnhub_json", False)]:
        root.removeHandler(handler)  # one handler however many apps a process builds
    root.addHandler(json_handler())
    if root.level in (logging.NOTSET, logging.WARNING):
        root.setLevel(logging.INFO)
        logging.getLogger("weasyprint").setLevel(logging.WARNING)  # a line per CSS step
        logging.getLogger("fontTools").setLevel(logging.WARNING)
    app.logger.removeHandler(default_handler)  # its lines go through the root handler


def _begin_request() -> None:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = offered if _REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _end_request(response):
    response.headers.setdefault(REQUEST_ID_HEADER, request_id())
    if current_app.config["REQUEST_LOG"] and not request.path.startswith(UNTRACKED):
        elapsed = time.perf_counter() - g.get("request_started", time.perf_counter())
        request_log.info(
            "%s %s %s", request.method, request.path, response.status_code,
            extra={"method": request.method, "path": request.path,
                   "route": request.url_rule.rule if request.url_rule else None,
                   "status": response.status_code, "duration_ms": round(elapsed * 1000, 1),
                   "client": request.remote_addr},
        )  # fmt: skip
    return response


def _allowed_to_read_metrics() -> bool:
    config = current_app.config
    token = config.get("METRICS_TOKEN")
    offered = request.headers.get("Authorization", "")
    bearer = offered.removeprefix("Bearer ").encode()
    if token and offered.startswith("Bearer ") and hmac.compare_digest(bearer, token.encode()):
        return True
    networks = config.get("METRICS_NETWORKS") or ()
    try:
        client = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(client in network for network in networks)


def protected(view):
    """Metrics for the monitoring only: a 404 for anyone else, as if there were none."""

    @wraps(view)
    def guarded(*args, **kwargs):
        if not _allowed_to_read_metrics():
            abort(404)
        return view(*args, **kwargs)

    return guarded


class JobsCollector:
    """At each scrape: the bulk jobs by status, and the RQ queue's jobs by state."""

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily
        from sqlalchemy import func, select

        from learnhub.credentials.jobs import QUEUE
        from learnhub.credentials.models import BulkJob
        from learnhub.extensions import db

        bulk = GaugeMetricFamily(
            "learnhub_bulk_jobs", "Bulk certificate jobs by status", labels=["status"]
        )
        counts = dict(db.session.execute(
            select(BulkJob.status, func.count()).group_by(BulkJob.status)
        ).all())  # fmt: skip
        for status in dict.fromkeys(("queued", "running", "finished", "failed", *counts)):
            bulk.add_metric([status], counts.get(status, 0))
        yield bulk
        redis_url = current_app.config.get("REDIS_URL")
        if not redis_url:
            return
        rq_jobs = GaugeMetricFamily(
            "learnhub_rq_jobs", "RQ jobs by queue and state", labels=["queue", "state"]
        )
        up = GaugeMetricFamily("learnhub_rq_up", "1 when Redis answered this scrape")
        try:
            from redis import Redis
            from redis.exceptions import RedisError
            from rq import Queue

            connection = Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)
            queue = Queue(QUEUE, connection=connection)
            states = {
                "queued": queue.count,
                "started": queue.started_job_registry.count,
                "failed": queue.failed_job_registry.count,
                "scheduled": queue.scheduled_job_registry.count,
            }
        except RedisError:
            up.add_metric([], 0)
        else:
            for state, count in states.items():
                rq_jobs.add_metric([QUEUE, state], count)
            up.add_metric([], 1)
            yield rq_jobs
        yield up


def _install_metrics(app: Flask) -> None:
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

    options = {
        "group_by": "url_rule",
        "defaults_prefix": "learnhub",
        "excluded_paths": [f"^{path}" for path in UNTRACKED],
    }
    multiprocess = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
    if multiprocess:
        from prometheus_flask_exporter.multiprocess import GunicornPrometheusMetrics

        # Each worker writes its counts to files; a scrape adds up every worker's.
        metrics = GunicornPrometheusMetrics(app, **options)
    else:
        from prometheus_flask_exporter import PrometheusMetrics

        # A registry of this app's own: a process that builds several apps (the tests)
        # would otherwise register the same series twice.
        metrics = PrometheusMetrics(app, path=None, registry=CollectorRegistry(), **options)
    app.extensions["metrics"] = metrics

    @metrics.do_not_track()
    @protected
    def prometheus_metrics():
        """Prometheus metrics, for the monitoring only (404 for anyone else)."""
        if multiprocess:
            from prometheus_client.multiprocess import MultiProcessCollector

            registry = CollectorRegistry()
            MultiProcessCollector(registry)
        else:
            registry = CollectorRegistry()
            registry.register(_Registered(metrics.registry))
        registry.register(JobsCollector())
        return generate_latest(registry), 200, {"Content-Type": CONTENT_TYPE_LATEST}

    app.add_url_rule("/metrics", "metrics", prometheus_metrics)


class _Registered:
    """This process's own series (one worker, or the tests), under a scrape's registry."""

    def __init__(self, registry):
        self.registry = registry

    def collect(self):
        return self.registry.collect()


def register(app: Flask) -> None:
    app.before_request(_begin_request)
    app.after_request(_end_request)
    if app.config["LOG_FORMAT"] == "json":
        _install_json_logs(app)
    _install_metrics(app)
