"""The site as deploy/ runs it: gunicorn with deploy/gunicorn.conf.py, production settings,
two workers behind a proxy. Security headers, the request id, JSON log lines and the
protected Prometheus metrics (counted across both workers). About 10 s.
"""

from __future__ import annotations

import hashlib
import json
import re
import tempfile

import pytest
import requests

from tests.deploy.servers import PROJECT, Instance

pytestmark = pytest.mark.slow

HOST = "learnhub.example.go.th"
TOKEN = "metrics-token-for-the-test"
BEHIND_NGINX = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}


@pytest.fixture
def production(app):
    site = Instance({
        "LEARNHUB_ENV": "production",
        "LEARNHUB_PUBLIC_URL": f"https://{HOST}",
        "LEARNHUB_TRUSTED_HOSTS": HOST,
        "LEARNHUB_PROXY_COUNT": "1",
        "LEARNHUB_SECURE_COOKIES": "1",
        "LEARNHUB_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "LEARNHUB_SECRET_KEY": "production-test-secret",
        "LEARNHUB_FIELD_KEY": app.config["FIELD_ENCRYPTION_KEY"],
        "LEARNHUB_METRICS_TOKEN": TOKEN,
        "LEARNHUB_METRICS_NETWORKS": "10.20.0.0/16",
        "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(prefix="lh-metrics-"),
        "LEARNHUB_WORKERS": "2",
    }, config=str(PROJECT / "deploy" / "gunicorn.conf.py"), workers=2)  # fmt: skip
    try:
        site.wait_ready(host=HOST)
        yield site
    finally:
        site.stop()


def get(site, path, **headers):
    return requests.get(f"{site.url}{path}", headers={**BEHIND_NGINX, **headers},
                        allow_redirects=False, timeout=10)  # fmt: skip


def json_lines(site) -> list[dict]:
    found = []
    for line in site.lines():
        try:
            found.append(json.loads(line))
        except ValueError:
            found.append({"not json": line})
    return found


def test_production_answers_with_its_headers_request_ids_json_logs_and_guarded_metrics(
    production,
):
    # Behind nginx over HTTPS: the security headers, HSTS and a Secure session cookie.
    page = get(production, "/login", **{"X-Request-ID": "nginx-7f3a9c"})
    assert page.status_code == 200
    headers = page.headers
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    cookie = headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert get(production, "/", Host="evil.example.com").status_code == 400

    # The proxy's request id is echoed; without one the app makes its own.
    assert headers["X-Request-ID"] == "nginx-7f3a9c"
    own = get(production, "/").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", own)
    forged = get(production, "/", **{"X-Request-ID": 'x" "level": "CRITICAL'})
    assert re.fullmatch(r"[0-9a-f]{32}", forged.headers["X-Request-ID"])  # not written to logs

    # Metrics: a 404 for the public, a wrong token or a forged address; counted per route.
    for refused in (
        get(production, "/metrics"),
        get(production, "/metrics", Authorization="Bearer wrong"),
        get(production, "/metrics", **{"X-Forwarded-For": "10.20.1.1, 203.0.113.9"}),
    ):
        assert refused.status_code == 404
        assert "learnhub_http_request" not in refused.text
    for _ in range(6):  # both workers serve some of these
        get(production, "/")
    metrics = get(production, "/metrics", Authorization=f"Bearer {TOKEN}")
    assert metrics.status_code == 200
    served = re.search(
        r"learnhub_http_request_duration_seconds_count"
        r'\{method="GET",status="200",url_rule="/"\} ([\d.]+)',
        metrics.text,
    )
    assert served and float(served.group(1)) >= 8, re.findall(r".*url_rule=\"/\".*", metrics.text)
    assert 'learnhub_http_request_duration_seconds_bucket{le="0.1",method="GET"' in metrics.text
    assert 'learnhub_bulk_jobs{status="failed"} 0.0' in metrics.text
    from_monitoring = get(production, "/metrics", **{"X-Forwarded-For": "10.20.4.2"})
    assert from_monitoring.status_code == 200  # the monitoring network, through the proxy

    # Every line on stderr is JSON; the app's carry the request id, one line per request.
    production.stop()
    lines = json_lines(production)
    assert not [line for line in lines if "not json" in line], lines[:5]
    app_lines = [line for line in lines if line["logger"].startswith("learnhub")]
    assert app_lines and all("request_id" in line for line in app_lines)
    login_line = next(line for line in app_lines if line.get("request_id") == "nginx-7f3a9c")
    assert (login_line["logger"], login_line["path"], login_line["status"]) == (
        "learnhub.request", "/login", 200,
    )  # fmt: skip
    assert login_line["client"] == "203.0.113.9" and login_line["duration_ms"] >= 0
    assert any(line.get("request_id") == own for line in app_lines)


def test_static_urls_change_with_their_files_so_nginx_may_cache_them_long(app, client):
    page = client.get("/login").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/css/site\.css\?v=([0-9a-f]{10}))"', page)
    assert stylesheet, "the style sheet's URL carries no version"
    served = client.get(stylesheet.group(1))
    assert served.status_code == 200
    assert hashlib.sha256(served.data).hexdigest().startswith(stylesheet.group(2))
