"""Two gunicorn instances (two "hosts") sharing one database and one Redis serve the same users.

A load balancer may send each request of a person to either host. Here the instances
have separate instance folders, so nothing is shared but what production shares: the
database (SQLite file here, PostgreSQL when LEARNHUB_DATABASE_URL is set), Redis, the
keys and the database storage of certificate files. About 15 s.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from pathlib import Path

import pytest
import requests
from redis import Redis
from rq import Queue
from sqlalchemy import select

from learnhub.accounts.models import Role
from learnhub.catalog.importer import import_path
from learnhub.catalog.models import CourseVersion, Enrolment
from learnhub.credentials import jobs
from learnhub.credentials.models import BulkJob, Certificate, StoredFile
from learnhub.extensions import db
from tests.conftest import PASSWORD
from tests.deploy.servers import BIN, PROJECT, Instance
from tests.faults.cluster import RedisServer
from tests.faults.conftest import national_id

pytestmark = pytest.mark.slow


@pytest.fixture
def redis_server():
    server = RedisServer()  # a Redis of the test's own: the shared one's numbers stay free
    yield server
    server.remove()


@pytest.fixture
def hosts(app, redis_server):
    """Instances A and B, and the environment a third host (the RQ worker) gets."""
    env = {
        "LEARNHUB_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "LEARNHUB_REDIS_URL": redis_server.url,
        "LEARNHUB_SECRET_KEY": app.config["SECRET_KEY"],
        "LEARNHUB_FIELD_KEY": app.config["FIELD_ENCRYPTION_KEY"],
        "LEARNHUB_STORAGE": "database",
        "LEARNHUB_MAIL_BACKEND": "log",
        "LEARNHUB_METRICS_TOKEN": "scraper",
    }
    db.session.remove()  # the test holds no transaction the instances would wait for
    a, b = Instance(env), Instance(env)
    try:
        a.wait_ready()
        b.wait_ready()
        yield a, b, {**a.env, "LEARNHUB_INSTANCE_PATH": a.instance}
    finally:
        a.stop()
        b.stop()


@pytest.fixture
def people(app, course_folder, make_member):
    """A graduate owed a certificate, a member trained on site, and an admin."""
    import_path(course_folder().path)
    version = db.session.scalars(select(CourseVersion)).one()
    graduate = make_member(email="graduate@example.org", national_id=national_id(1))
    make_member(email="onsite@example.org", national_id=national_id(2))
    make_member(email="admin@example.org", role=Role.ADMIN, national_id=national_id(3))
    db.session.add(Enrolment(user_id=graduate, course_id=version.course_id,
                             version_id=version.id, completed_at=jobs.utcnow()))  # fmt: skip
    db.session.commit()
    course_id = version.course_id
    db.session.remove()
    return course_id


def token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def log_in(browser: requests.Session, host: Instance, email: str) -> None:
    page = browser.get(f"{host.url}/login")
    answer = browser.post(f"{host.url}/login", allow_redirects=False,
                          data={"csrf_token": token(page.text), "email": email,
                                "password": PASSWORD})  # fmt: skip
    assert answer.status_code == 302, answer.text


def test_two_hosts_share_sessions_forms_rate_limits_jobs_and_certificate_files(
    people, hosts, redis_server
):
    a, b, worker_env = hosts
    course_id = people

    # The admin logs in on A; the cookie opens B's pages too (one secret key, no host state).
    admin = requests.Session()
    log_in(admin, a, "admin@example.org")
    desk_on_b = admin.get(f"{b.url}/admin/certificates", allow_redirects=False)
    assert desk_on_b.status_code == 200 and 'name="course"' in desk_on_b.text
    assert admin.get(f"{b.url}/login", allow_redirects=False).status_code == 302  # logged in

    # A form rendered by A is posted to B: its CSRF token holds there.
    desk_on_a = admin.get(f"{a.url}/admin/certificates").text
    started = admin.post(
        f"{b.url}/admin/certificates/bulk",
        allow_redirects=False,
        data={"csrf_token": token(desk_on_a), "course": str(course_id)},
    )
    assert started.status_code in (302, 303), started.text
    job_id = db.session.scalar(select(BulkJob.id))
    assert started.headers["Location"].endswith(f"/admin/jobs/{job_id}")

    # The job B queued is in the one Redis: A's page shows it waiting, RQ holds it.
    queue = Queue(jobs.QUEUE, connection=Redis.from_url(redis_server.url))
    assert f"learnhub-bulk-{job_id}" in queue.job_ids
    assert "<progress" in admin.get(f"{a.url}/admin/jobs/{job_id}").text
    metrics = requests.get(
        f"{a.url}/metrics", headers={"Authorization": "Bearer scraper"}, timeout=10
    ).text
    assert 'learnhub_bulk_jobs{status="queued"} 1.0' in metrics
    waiting = re.search(r'learnhub_rq_jobs\{queue="learnhub",state="queued"\} ([\d.]+)', metrics)
    assert waiting and float(waiting.group(1)) >= 1, metrics[-1500:]
    db.session.remove()
    # A worker on a third host runs it, storing the PDF in the database.
    subprocess.run([str(BIN / "rq"), "worker", jobs.QUEUE, "--url", redis_server.url, "--burst"],
                   env=worker_env, cwd=PROJECT, check=True, timeout=120,
                   capture_output=True)  # fmt: skip
    job = db.session.get(BulkJob, job_id)
    assert (job.status, job.done, job.total) == ("finished", 1, 1)

    # A certificate issued by hand through A is stored in the database, not in A's folder...
    desk = admin.get(f"{a.url}/admin/certificates").text
    issued = admin.post(f"{a.url}/admin/certificates/issue", allow_redirects=False, data={
        "csrf_token": token(desk), "email": "onsite@example.org", "course": str(course_id),
        "training_date": (dt.date.today() - dt.timedelta(days=3)).isoformat(),
        "training_place": "ศาลากลางจังหวัดเชียงใหม่", "reason": "อบรมครบตามหลักสูตร",
    })  # fmt: skip
    assert issued.status_code == 303, issued.text
    db.session.remove()
    certificates = {c.user.email: c for c in db.session.scalars(select(Certificate))}
    assert set(certificates) == {"graduate@example.org", "onsite@example.org"}
    stored = set(db.session.scalars(select(StoredFile.key)))
    assert stored == {c.pdf_key for c in certificates.values()}
    assert not any(p.is_file() for p in Path(a.instance).rglob("*.pdf"))

    # ...and each holder, logged in on one host, downloads the very file from the other.
    for email, (first, second) in {"onsite@example.org": (a, b),
                                   "graduate@example.org": (b, a)}.items():  # fmt: skip
        holder = requests.Session()
        log_in(holder, first, email)
        certificate = certificates[email]
        pdf = holder.get(f"{second.url}/certificates/{certificate.id}.pdf")
        assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
        assert hashlib.sha256(pdf.content).hexdigest() == certificate.pdf_sha256
    db.session.remove()

    # Log-ins are limited per address to 10 a minute across the site, not per host: three
    # were made (the admin and the two holders); the next ones alternate B, A, B...
    made = 3
    stranger = requests.Session()
    answers = []
    for attempt in range(12):
        host = (b, a)[attempt % 2]
        form = stranger.get(f"{host.url}/login").text
        answer = stranger.post(f"{host.url}/login", allow_redirects=False, data={
            "csrf_token": token(form), "email": f"nobody{attempt}@example.org",
            "password": "wrong-password-1",
        })  # fmt: skip
        answers.append((host.port, answer.status_code))
        if answer.status_code == 429:
            break
    assert answers[-1][1] == 429, answers
    assert len(answers) == 10 - made + 1, answers  # the 11th log-in of the minute, on one host
    for port in (a.port, b.port):  # each host alone saw fewer than 10
        assert sum(1 for p, _ in answers if p == port) < 10
