"""The e-mails about accounts, written and sent by background jobs.

A job receives plain values (an address, a user id, a language), so the request
that starts it does the same work whatever the answer will be: a password-reset
request for an address with no account takes as long as one for a member.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from learnhub.accounts import services
from learnhub.accounts.mail import public_link, send_mail
from learnhub.accounts.models import User
from learnhub.extensions import db


def send_reset_link(email: str, locale: str) -> None:
    """Mail a reset link if an active account uses ``email``; otherwise do nothing."""
    user = services.find_user_by_email(email)
    if user is None or not user.active or not user.has_email:
        return
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(locale):
        send_mail(
            user.email,
            _("Reset your LearnHub password"),
            _(
                "Open this link to choose a new password. It works once, "
                "for %(minutes)d minutes:\n\n%(link)s\n\n"
                "If you did not ask for this, ignore this message.",
                minutes=minutes,
                link=public_link("accounts.reset_password", token=services.make_reset_token(user)),
            ),
        )


def tell_owner_of_signup_attempt(user_id: int) -> None:
    """Tell the owner of the address or ID that a sign-up was tried with it, in their language."""
    owner = db.session.get(User, user_id)
    if owner is None or not owner.has_email:
        return
    with force_locale(owner.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        send_mail(
            owner.email,
            _("Someone tried to sign up with your details"),
            _(
                "Someone tried to create a LearnHub account with your e-mail address or "
                "national ID. No account was created.\n\n"
                "If it was you, log in with your existing account: %(login)s\n"
                "If you have forgotten your password, reset it: %(reset)s\n\n"
                "If it was not you, you need do nothing; your account is unchanged.",
                login=public_link("accounts.login"),
                reset=public_link("accounts.reset_request"),
            ),
        )
