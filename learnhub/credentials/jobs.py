"""Background jobs: issuing certificates for many learners at once.

With LEARNHUB_REDIS_URL set the job goes to an RQ queue (run ``rq worker learnhub``);
otherwise it runs in a thread of this process. Either way the starter follows
its progress on the job page, and one failure never stops the rest.
"""

from __future__ import annotations

import datetime as dt
import threading

from flask import current_app
from sqlalchemy import select

from learnhub.accounts.models import User, utcnow
from learnhub.catalog.models import Enrolment
from learnhub.credentials import services
from learnhub.credentials.models import ON_SITE_TRAINING, VALID, BulkJob, Certificate
from learnhub.extensions import db

QUEUE = "learnhub"
_threads: list[threading.Thread] = []


def start_bulk_issue(
    actor, course, *, enrolment_ids: list[int] | None = None, on_site: dict | None = None,
    return_to: str | None = None,
) -> BulkJob:  # fmt: skip
    """Issue to every pending enrolment of the course, or only to ``enrolment_ids``.

    ``on_site`` ({"training_date": ISO date, "training_place", "reason"}) issues on-site
    certificates by hand (a cohort whose members met its attendance rule); then an
    enrolment need not be complete. ``return_to`` is where the job page links back.
    """
    params = {"course_id": course.id}
    if enrolment_ids is not None:
        params["enrolment_ids"] = list(enrolment_ids)
    if on_site:
        params["on_site"] = on_site
    if return_to:
        params["return_to"] = return_to
    job = BulkJob(kind="issue", created_by_id=actor.id, params=params)
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
    training_date = dt.date.fromisoformat(on_site["training_date"])
    enrolment.training_date, enrolment.training_place = training_date, on_site["training_place"]
    services.issue(
        enrolment.user, enrolment.version, enrolment=enrolment,
        issued_by=db.session.get(User, job.created_by_id) if job.created_by_id else None,
        reason=on_site["reason"], completed_on=training_date, basis=ON_SITE_TRAINING,
        training_date=training_date, training_place=on_site["training_place"],
    )  # fmt: skip


def run_bulk_issue(job_id: int) -> None:
    job = db.session.get(BulkJob, job_id)
    enrolments = pending_enrolments(
        job.params["course_id"], job.params.get("enrolment_ids"),
        completed_only=not job.params.get("on_site"),
    )  # fmt: skip
    job.status, job.total = "running", len(enrolments)
    db.session.commit()
    failures = []
    for enrolment in enrolments:
        try:
            _issue_one(job, enrolment)
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
