"""Background jobs: issuing certificates for many learners at once.

With LEARNHUB_REDIS_URL set the job goes to an RQ queue (run ``rq worker learnhub``);
otherwise it runs in a thread of this process. Either way the starter follows
its progress on the job page, and one failure never stops the rest.
"""

from __future__ import annotations

import threading

from flask import current_app
from sqlalchemy import select

from learnhub.accounts.models import utcnow
from learnhub.catalog.models import Enrolment
from learnhub.credentials import services
from learnhub.credentials.models import VALID, BulkJob, Certificate
from learnhub.extensions import db

QUEUE = "learnhub"
_threads: list[threading.Thread] = []


def start_bulk_issue(actor, course) -> BulkJob:
    job = BulkJob(kind="issue", created_by_id=actor.id, params={"course_id": course.id})
    db.session.add(job)
    db.session.commit()
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url:
        from redis import Redis
        from rq import Queue

        Queue(QUEUE, connection=Redis.from_url(redis_url)).enqueue(run_in_new_app, job.id)
    else:
        app = current_app._get_current_object()
        thread = threading.Thread(target=_run_with_app, args=(app, job.id), daemon=True)
        _threads.append(thread)
        thread.start()
    return job


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


def pending_enrolments(course_id: int) -> list[Enrolment]:
    """Completed enrolments of a course that have no valid certificate yet."""
    certified = select(Certificate.version_id).where(
        Certificate.user_id == Enrolment.user_id,
        Certificate.version_id == Enrolment.version_id,
        Certificate.status == VALID,
    )
    return list(
        db.session.scalars(
            select(Enrolment)
            .where(Enrolment.course_id == course_id, Enrolment.completed_at.is_not(None))
            .where(~certified.exists())
            .order_by(Enrolment.id)
        )
    )


def run_bulk_issue(job_id: int) -> None:
    job = db.session.get(BulkJob, job_id)
    enrolments = pending_enrolments(job.params["course_id"])
    job.status, job.total = "running", len(enrolments)
    db.session.commit()
    failures = []
    for enrolment in enrolments:
        try:
            services.issue(enrolment.user, enrolment.version, enrolment=enrolment)
        except Exception as error:  # one learner's failure must not stop the others
            db.session.rollback()
            failures.append({"enrolment_id": enrolment.id, "learner": enrolment.user.name,
                             "error": str(error)[:300]})  # fmt: skip
        job = db.session.get(BulkJob, job_id)
        job.done += 1
        job.failures = list(failures)
        db.session.commit()
    job.status = "finished" if not failures else "finished_with_errors"
    job.finished_at = utcnow()
    db.session.commit()
