"""A pluggable e-mail sender, and a queue so no request waits for the mail server.

``log`` (the default) writes the message to the application log, which is
what a developer wants; ``smtp`` sends it; ``memory`` keeps it in
``app.extensions["mail_outbox"]`` for tests, since mail leaves the machine.

Views call ``queue_mail``: the message is written in the request (in the
reader's language) and delivered by a job, on the RQ queue when
LEARNHUB_REDIS_URL is set, else in a thread. A reset request for a known
address then answers as fast as one for an unknown address.
"""

from __future__ import annotations

import smtplib
import threading
from email.message import EmailMessage

from flask import current_app, has_request_context, request, url_for

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


def queue_mail(to: str, subject: str, body: str) -> None:
    """Send a message outside the request: an RQ job with Redis, a thread without."""
    subject, body = str(subject), str(body)
    redis_url = current_app.config.get("REDIS_URL")
    if redis_url and current_app.config["MAIL_BACKEND"] != "memory":
        from redis import Redis
        from rq import Queue

        Queue(QUEUE, connection=Redis.from_url(redis_url)).enqueue(
            deliver_in_new_app, to, subject, body
        )
        return
    app = current_app._get_current_object()
    thread = threading.Thread(target=_deliver, args=(app, to, subject, body), daemon=True)
    with _threads_lock:
        _threads.append(thread)
    thread.start()


def _deliver(app, to: str, subject: str, body: str) -> None:
    with app.app_context():
        try:
            send_mail(to, subject, body)
        except Exception:  # a mail server's failure is logged, never shown to the requester
            app.logger.exception("could not send e-mail to %s", to)


def deliver_in_new_app(to: str, subject: str, body: str) -> None:
    """The RQ entry point: a worker has no app of its own."""
    from learnhub import create_app

    _deliver(create_app(), to, subject, body)


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
    reset link would otherwise carry its token to the attacker's site.
    """
    path = url_for(endpoint, **values)
    if has_request_context():
        path = path.removeprefix(request.script_root) or "/"
    return current_app.config["PUBLIC_URL"] + path
