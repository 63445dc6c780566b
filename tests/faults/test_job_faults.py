"""Redis stops, a worker dies mid-job: the site keeps serving and nobody gets two certificates.

Slow (about 15 s): a Redis of the test's own is killed, and a real ``rq worker``
process is killed with SIGKILL in the middle of a bulk issue.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue, SimpleWorker
from rq.registry import StartedJobRegistry
from sqlalchemy import func, select

from learnhub import create_app
from learnhub.accounts import mail
from learnhub.accounts.mail import development_outbox
from learnhub.credentials import jobs
from learnhub.credentials.models import VALID, BulkJob, Certificate
from learnhub.extensions import db, limiter
from tests.conftest import IsolatedClient, login, signup_form, submit
from tests.coordination.test_progress import seeded
from tests.faults.cluster import RedisServer
from tests.faults.conftest import LEARNERS

pytestmark = pytest.mark.slow


@pytest.fixture
def redis_server():
    server = RedisServer()
    yield server
    server.remove()


@pytest.fixture
def site(app, redis_server, monkeypatch):
    """The app with Redis for its queue and its rate limits, as in production."""
    # Flask-Limiter keeps the storage of the last app it was given: give it back after.
    saved_limiter = dict(vars(limiter))
    queued = create_app(
        {**{k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "FIELD_ENCRYPTION_KEY",
                                       "SECRET_KEY")},
         "REDIS_URL": redis_server.url, "RATELIMIT_STORAGE_URI": redis_server.url,
         "MAIL_BACKEND": "memory"}
    )  # fmt: skip
    # An RQ worker builds its app from the environment: the same database and keys.
    monkeypatch.setenv("LEARNHUB_DATABASE_URL", app.config["SQLALCHEMY_DATABASE_URI"])
    monkeypatch.setenv("LEARNHUB_FIELD_KEY", app.config["FIELD_ENCRYPTION_KEY"])
    monkeypatch.setenv("LEARNHUB_SECRET_KEY", app.config["SECRET_KEY"])
    monkeypatch.setenv("LEARNHUB_REDIS_URL", redis_server.url)
    monkeypatch.setattr(jobs, "RETRY_INTERVALS", [0])  # a dead worker's job runs again at once
    yield queued
    vars(limiter).clear()
    vars(limiter).update(saved_limiter)


def certificates_per_learner() -> dict[int, int]:
    rows = db.session.execute(
        select(Certificate.user_id, func.count()).group_by(Certificate.user_id)
    )
    return dict(rows.all())


def start_bulk(client, version) -> object:
    return submit(client, "/admin/certificates/bulk", {"course": str(version.course_id)},
                  form_url="/admin/certificates")  # fmt: skip


def test_with_redis_gone_pages_still_answer_and_a_bulk_job_says_in_thai_it_cannot_start(
    site, redis_server, graduates
):
    admin = site.test_client()
    login(admin, "admin@example.org")
    redis_server.kill()

    # Rate-limited pages fall back to counting in memory instead of failing.
    assert site.test_client().get("/verify/ABCD-EFGH-JKMN-PQRS").status_code == 404
    assert site.test_client().get("/login").status_code == 200
    login(site.test_client(), "admin@example.org")

    response = start_bulk(admin, graduates)
    assert response.status_code == 303
    desk = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "ระบบงานเบื้องหลังไม่ตอบสนอง จึงยังเริ่มออกวุฒิบัตรไม่ได้" in desk
    assert db.session.scalar(select(func.count(BulkJob.id))) == 0  # nothing half-started

    redis_server.start()  # back: the same request now starts the job, and a worker runs it
    response = start_bulk(admin, graduates)
    assert "/admin/jobs/" in response.headers["Location"]
    connection = Redis.from_url(redis_server.url)
    SimpleWorker([Queue(jobs.QUEUE, connection=connection)], connection=connection).work(burst=True)
    db.session.expire_all()
    assert certificates_per_learner() == {u: 1 for u in certificates_per_learner()}
    assert len(certificates_per_learner()) == LEARNERS


def test_jobs_whose_queue_redis_lost_resume_from_the_database(site, redis_server, graduates):
    admin = site.test_client()
    login(admin, "admin@example.org")
    start_bulk(admin, graduates)
    redis_server.kill()  # no persistence: the queued job is gone with it
    redis_server.start()
    result = site.test_cli_runner().invoke(args=["certificates", "resume-jobs"])
    assert result.exit_code == 0 and "1 unfinished job(s) queued again" in result.output
    connection = Redis.from_url(redis_server.url)
    SimpleWorker([Queue(jobs.QUEUE, connection=connection)], connection=connection).work(burst=True)
    db.session.expire_all()
    job = db.session.scalars(select(BulkJob)).one()
    assert (job.status, job.done, job.total) == ("finished", LEARNERS, LEARNERS)


def wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the worker did not get there in time"
        time.sleep(0.05)


def stored_certificates() -> int:
    db.session.expire_all()
    db.session.rollback()  # see what the worker committed
    return db.session.scalar(select(func.count(Certificate.id)))


def test_a_worker_killed_in_the_middle_of_a_bulk_issue_is_retried_and_issues_each_once(
    site, redis_server, graduates
):
    admin = site.test_client()
    login(admin, "admin@example.org")
    start_bulk(admin, graduates)
    job_id = db.session.scalar(select(BulkJob.id))
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("rq")), "worker", jobs.QUEUE, "--url",
         redis_server.url, "--burst"],
        env=os.environ.copy(), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until(lambda: stored_certificates() >= 1)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)  # the worker and its work horse, mid-job
        worker.wait(10)
    issued_before_death = stored_certificates()
    assert issued_before_death < LEARNERS, "the worker finished before it could be killed"
    job = db.session.get(BulkJob, job_id)
    assert job.status == "running" and job.done <= issued_before_death  # never claims more

    # RQ's maintenance finds the abandoned job (here: as if its time had passed) and retries it.
    connection = Redis.from_url(redis_server.url)
    StartedJobRegistry(jobs.QUEUE, connection=connection).cleanup(time.time() + 10**6)
    SimpleWorker([Queue(jobs.QUEUE, connection=connection)], connection=connection).work(burst=True)

    db.session.expire_all()
    assert certificates_per_learner() == {u: 1 for u in certificates_per_learner()}
    assert len(certificates_per_learner()) == LEARNERS
    assert (
        db.session.scalar(select(func.count(Certificate.id)).where(Certificate.status == VALID))
        == LEARNERS
    )
    job = db.session.get(BulkJob, job_id)
    assert (job.status, job.done, job.total, job.failures) == ("finished", LEARNERS, LEARNERS, [])
    page = admin.get(f"/admin/jobs/{job_id}").get_data(as_text=True)
    assert f"{LEARNERS} จาก {LEARNERS}" in page


@pytest.fixture
def mailing_site(app, redis_server):
    """The app with Redis for its mail queue and a mail backend that goes through it (``log``)."""
    saved_limiter = dict(vars(limiter))
    mailing = create_app(
        {**{k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "FIELD_ENCRYPTION_KEY",
                                       "SECRET_KEY", "PASSWORD_HASH_METHOD")},
         "REDIS_URL": redis_server.url, "RATELIMIT_STORAGE_URI": redis_server.url,
         "MAIL_BACKEND": "log"}
    )  # fmt: skip
    mailing.test_client_class = IsolatedClient  # waits for mail sent in a thread
    yield mailing
    vars(limiter).clear()
    vars(limiter).update(saved_limiter)


def sent_to(mailing_site) -> list[str]:
    with mailing_site.app_context():
        return [message["To"] for message in development_outbox()]


def test_with_redis_gone_reset_sign_up_and_reminders_answer_as_usual_and_mail_still_leaves(
    mailing_site, redis_server, course_folder, make_member, caplog
):
    coordinator, cohort = seeded(mailing_site, course_folder, 2, pre=[40, 50], post=[None, None])
    make_member(email="member@example.org")
    connection = Redis.from_url(redis_server.url)
    redis_server.kill()  # fault 1: the mail queue is gone

    stranger = mailing_site.test_client()
    for address in ("member@example.org", "nobody@example.org"):  # known and unknown alike
        response = submit(stranger, "/account/reset", {"email": address})
        assert response.status_code == 302 and response.headers["Location"].endswith("/login")
        page = stranger.get("/login").get_data(as_text=True)
        assert "ระบบได้ส่งลิงก์ตั้งรหัสผ่านใหม่ไปให้แล้ว" in page
    assert sent_to(mailing_site) == ["member@example.org"]  # sent in this process instead

    duplicate = submit(mailing_site.test_client(), "/signup",
                       signup_form(email="member@example.org"))  # fmt: skip
    assert duplicate.status_code == 303 and duplicate.headers["Location"].endswith("/login")
    assert sent_to(mailing_site) == ["member@example.org"] * 2  # the owner hears of the attempt

    staff = mailing_site.test_client()
    login(staff, "coord@example.org")
    url = f"/coordination/cohorts/{cohort.id}"
    response = submit(staff, f"{url}/remind", {"status": "", "message": "อย่าลืมสอบ"}, form_url=url)
    assert response.status_code == 303
    assert "ส่งข้อความถึงสมาชิก 2 คนแล้ว" in staff.get(url).get_data(as_text=True)
    assert len(sent_to(mailing_site)) == 4

    warnings = [r.getMessage() for r in caplog.records if "cannot be reached" in r.getMessage()]
    assert len(warnings) == 4 and not any("@" in warning for warning in warnings)

    redis_server.start()  # back: mail goes to the queue again, for a worker
    submit(stranger, "/account/reset", {"email": "member@example.org"})
    assert Queue(mail.QUEUE, connection=connection).count == 1
    assert len(sent_to(mailing_site)) == 4
