"""A pluggable e-mail sender, and a queue so no request waits for the mail server.

``log`` (the default) writes the message to the application log, which is
what a developer wants, and keeps the last messages for the admins' outbox page;
``smtp`` sends it; ``memory`` keeps it in ``app.extensions["mail_outbox"]`` for
tests, since mail leaves the machine.

Views never send mail themselves: ``run_later`` hands a task (accounts/notices.py)
to a job, on the RQ queue when LEARNHUB_REDIS_URL is set, else (or while Redis is
down) in a thread, so no answer waits for the mail server or depends on whether an
address is known.
"""

from __future__ import annotations

import importlib
import smtplib
import threading
from collections import deque
from email.message import EmailMessage

from flask import current_app

QUEUE = "learnhub"
_threads: list[threading.Thread] = []
_threads_lock = threading.Lock()


def send_mail(to: str, subject: str, body: str) -> None:
    """Deliver one message now, through the configured backend."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    backend = current_app.config["MAIL_BACKEND"]
    if backend == "memory":
        current_app.extensions.setdefault("mail_outbox", []).append(message)
    elif backend == "smtp":
        with smtplib.SMTP(current_app.config["SMTP_HOST"], current_app.config["SMTP_PORT"]) as smtp:
            smtp.send_message(message)
    else:
        current_app.logger.info("E-mail to %s: %s\n%s", to, subject, body)
        development_outbox().appendleft(message)


OUTBOX_SIZE = 50


def development_outbox() -> deque:
    """The last e-mails the ``log`` backend wrote, newest first (this process only)."""
    return current_app.extensions.setdefault("mail_log", deque(maxlen=OUTBOX_SIZE))


def run_later(task, *args) -> None:
    """Run ``task(*args)`` in the app but outside the request: RQ with Redis, else a thread.

    When Redis is configured but cannot be reached, the task runs in a thread of this
    process instead: a reset link or a cohort's reminder still leaves, and the page
    answers as usual (a warning is logged, naming the task, never the recipient).
    ``task`` is a module-level function taking plain values (a worker imports it by name).
    """
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url and current_app.config["MAIL_BACKEND"] != "memory":
        from redis.exceptions import RedisError

        try:
            _enqueue(redis_url, task, args)
            return
        except RedisError as error:
            current_app.logger.warning(
                "the job queue cannot be reached (%s): %s runs in this process",
                type(error).__name__,
                task.__name__,
            )
    app = current_app._get_current_object()
    thread = threading.Thread(target=_run, args=(app, task, args), daemon=True)
    with _threads_lock:
        _threads.append(thread)
    thread.start()


def _enqueue(redis_url: str, task, args: tuple) -> None:
    from redis import Redis
    from rq import Queue

    # Short timeouts: with Redis down the page falls back at once instead of waiting.
    connection = Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=5)
    Queue(QUEUE, connection=connection).enqueue(
        run_in_new_app, f"{task.__module__}:{task.__name__}", *args
    )


def send_many(messages: list[tuple[str, str, str]]) -> None:
    """Deliver (to, subject, body) messages one by one, a task for ``run_later``: a cohort's
    reminders or invitations leave the request at once, and one refused address does not
    stop the others (it is logged, without the message)."""
    for to, subject, body in messages:
        try:
            send_mail(to, subject, body)
        except Exception:
            current_app.logger.exception("an e-mail could not be sent")


def _run(app, task, args) -> None:
    with app.app_context():
        try:
            task(*args)
        except Exception:  # a mail server's failure is logged, never shown to the requester
            app.logger.exception("background task %s failed", task.__name__)


def run_in_new_app(task_name: str, *args) -> None:
    """The RQ entry point: a worker has no app of its own."""
    from learnhub import create_app

    module, _, name = task_name.partition(":")
    _run(create_app(), getattr(importlib.import_module(module), name), args)


def wait_for_mail(timeout: float = 30) -> None:
    """Wait for messages still being sent in threads (tests and the command line)."""
    while True:
        with _threads_lock:
            if not _threads:
                return
            thread = _threads.pop()
        thread.join(timeout)


def public_link(endpoint: str, **values) -> str:
    """An absolute link for an e-mail, on the configured public address.

    Never built from the request's Host header: with ``Host: evil.example`` a
    reset link would otherwise carry its token to the attacker's site. Works
    with or without a request, so background jobs can build links too.
    """
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"] + path
