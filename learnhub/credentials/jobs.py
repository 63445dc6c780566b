"""Background jobs: issuing certificates for many learners at once.

With LEARNHUB_REDIS_URL set the job goes to an RQ queue (run ``rq worker learnhub``);
otherwise it runs in a thread of this process. Either way the starter follows
its progress on the job page, and one failure never stops the rest.

A job survives its worker: the learners it covers are fixed when it starts,
issuing is idempotent per learner and course version (the partial unique index
on valid certificates), and its progress is counted from the certificates
stored, so a job retried after a worker died, or re-queued with ``flask
certificates resume-jobs`` after Redis lost its queue, finishes what is left,
gives nobody a second certificate and never claims more than is stored.
"""

from __future__ import annotations

import datetime as dt
import threading

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from learnhub.accounts.models import User, utcnow
from learnhub.catalog.models import Enrolment
from learnhub.credentials import services
from learnhub.credentials.models import ON_SITE_TRAINING, VALID, BulkJob, Certificate
from learnhub.dbguard import describe
from learnhub.extensions import db

QUEUE = "learnhub"
UNFINISHED = ("queued", "running")
# A worker that dies leaves its job "started" until RQ's maintenance finds it
# abandoned; it is then run again, up to this many times.
RETRIES = 3
RETRY_INTERVALS = [30, 120, 600]  # seconds: a job that failed whole (database down) waits
JOB_TIMEOUT = 3600
_threads: list[threading.Thread] = []


class JobQueueUnavailable(Exception):
    """The job queue (Redis) cannot be reached, so the job was not started."""


def _queue(redis_url: str):
    from redis import Redis
    from rq import Queue

    # Short timeouts: a page that starts a job answers at once when Redis is down.
    connection = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
    return Queue(QUEUE, connection=connection)


def _enqueue(job: BulkJob) -> None:
    from redis.exceptions import RedisError
    from rq import Retry

    try:
        _queue(current_app.config["REDIS_URL"]).enqueue(
            run_in_new_app, job.id, job_id=f"learnhub-bulk-{job.id}",
            retry=Retry(max=RETRIES, interval=RETRY_INTERVALS), job_timeout=JOB_TIMEOUT,
        )  # fmt: skip
    except RedisError as error:
        raise JobQueueUnavailable(str(error)) from error


def start_bulk_issue(
    actor, course, *, enrolment_ids: list[int] | None = None, on_site: dict | None = None,
    return_to: str | None = None,
) -> BulkJob:  # fmt: skip
    """Record the job and the learners it covers, then queue it (or run it in a thread).

    It issues to every pending enrolment of the course, or only to ``enrolment_ids``.
    ``on_site`` ({"training_date": ISO date, "training_place", "reason"}) issues on-site
    certificates by hand (a cohort whose members met its attendance rule); then an
    enrolment need not be complete. ``return_to`` is where the job page links back.
    Raises JobQueueUnavailable, with nothing recorded, when Redis is down.
    """
    targets = [
        enrolment.id
        for enrolment in pending_enrolments(course.id, enrolment_ids, completed_only=not on_site)
    ]
    params = {"course_id": course.id, "enrolment_ids": targets}
    if on_site:
        params["on_site"] = on_site
    if return_to:
        params["return_to"] = return_to
    job = BulkJob(kind="issue", created_by_id=actor.id, total=len(targets), params=params)
    db.session.add(job)
    db.session.commit()
    if current_app.config.get("REDIS_URL"):
        try:
            _enqueue(job)
        except JobQueueUnavailable:
            db.session.delete(job)
            db.session.commit()
            raise
    else:
        _start_thread(job.id)
    return job


def _start_thread(job_id: int) -> None:
    app = current_app._get_current_object()
    thread = threading.Thread(target=_run_with_app, args=(app, job_id), daemon=True)
    _threads.append(thread)
    thread.start()


def resume_unfinished_jobs() -> list[int]:
    """Queue again every job not finished (after Redis lost its queue, or a restart)."""
    ids = list(db.session.scalars(select(BulkJob.id).where(BulkJob.status.in_(UNFINISHED))))
    for job_id in ids:
        job = db.session.get(BulkJob, job_id)
        if current_app.config.get("REDIS_URL"):
            _enqueue(job)
        else:
            _start_thread(job_id)
    return ids


def wait_for_jobs(timeout: float = 60) -> None:
    """Wait for in-process jobs (tests and the command line use this)."""
    while _threads:
        _threads.pop().join(timeout)


def run_in_new_app(job_id: int) -> None:
    """The RQ entry point: a worker has no app of its own."""
    from learnhub import create_app

    _run_with_app(create_app(), job_id)


def _run_with_app(app, job_id: int) -> None:
    with app.app_context():
        run_bulk_issue(job_id)


def pending_enrolments(
    course_id: int, enrolment_ids: list[int] | None = None, completed_only: bool = True
) -> list[Enrolment]:
    """Enrolments of a course (completed ones, unless told) that have no valid certificate yet."""
    certified = select(Certificate.version_id).where(
        Certificate.user_id == Enrolment.user_id,
        Certificate.version_id == Enrolment.version_id,
        Certificate.status == VALID,
    )
    statement = select(Enrolment).where(Enrolment.course_id == course_id, ~certified.exists())
    if completed_only:
        statement = statement.where(Enrolment.completed_at.is_not(None))
    if enrolment_ids is not None:
        statement = statement.where(Enrolment.id.in_(enrolment_ids))
    return list(db.session.scalars(statement.order_by(Enrolment.id)))


def _issue_one(job: BulkJob, enrolment: Enrolment) -> None:
    on_site = job.params.get("on_site")
    if not on_site:
        services.issue(enrolment.user, enrolment.version, enrolment=enrolment)
        return
    issuer = db.session.get(User, job.created_by_id) if job.created_by_id else None
    refusal = services.hand_issue_refusal(issuer, enrolment.user_id)
    if refusal is not None:  # issued by hand: never by staff to themselves
        raise services.CertificateRefused(refusal)
    training_date = dt.date.fromisoformat(on_site["training_date"])
    enrolment.training_date, enrolment.training_place = training_date, on_site["training_place"]
    services.issue(
        enrolment.user, enrolment.version, enrolment=enrolment, issued_by=issuer,
        reason=on_site["reason"], completed_on=training_date, basis=ON_SITE_TRAINING,
        training_date=training_date, training_place=on_site["training_place"],
    )  # fmt: skip


def certified_count(job: BulkJob) -> int:
    """How many of the job's learners hold a valid certificate now, as stored."""
    return db.session.scalar(
        select(func.count(Enrolment.id))
        .where(Enrolment.id.in_(job.params["enrolment_ids"]))
        .where(
            select(Certificate.id)
            .where(
                Certificate.user_id == Enrolment.user_id,
                Certificate.version_id == Enrolment.version_id,
                Certificate.status == VALID,
            )
            .exists()
        )
    )


def _reason(error: Exception) -> str:
    """What the job page says went wrong: a database error's values stay out of it."""
    if isinstance(error, SQLAlchemyError):
        return describe(error)[:300]
    return str(error)[:300]


def run_bulk_issue(job_id: int) -> None:
    """Issue what is left of a job; run again after a crash, it finishes the rest."""
    job = db.session.get(BulkJob, job_id)
    if job is None or job.status not in UNFINISHED:
        return
    if "enrolment_ids" not in job.params:  # a job queued before its learners were recorded
        targets = [e.id for e in pending_enrolments(job.params["course_id"])]
        job.params = {**job.params, "enrolment_ids": targets}
        job.total = len(targets)
    remaining = pending_enrolments(
        job.params["course_id"], job.params["enrolment_ids"],
        completed_only=not job.params.get("on_site"),
    )  # fmt: skip
    failures: list[dict] = []  # a retry tries the failed ones again
    job.status, job.failures = "running", []
    job.done = certified_count(job)
    db.session.commit()
    for enrolment in remaining:
        try:
            _issue_one(job, enrolment)
        except Exception as error:  # one learner's failure must not stop the others
            db.session.rollback()
            failures.append({"enrolment_id": enrolment.id, "learner": enrolment.user.name,
                             "error": _reason(error)})  # fmt: skip
        job = db.session.get(BulkJob, job_id)
        job.failures = list(failures)
        # Counted from what is stored, in the transaction that records the failures.
        job.done = certified_count(job) + len(failures)
        db.session.commit()
    job.status = "finished" if not failures else "finished_with_errors"
    job.finished_at = utcnow()
    db.session.commit()
