"""A pluggable e-mail sender.

``log`` (the default) writes the message to the application log, which is
what a developer wants, and keeps the last messages for the admins' outbox page;
``smtp`` sends it; ``memory`` keeps it in ``app.extensions["mail_outbox"]`` for
tests, since mail leaves the machine.
"""

from __future__ import annotations

import smtplib
from collections import deque
from email.message import EmailMessage

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> None:
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
