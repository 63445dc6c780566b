"""Error pages in the user's language, and JSON errors for the API."""

from __future__ import annotations

import contextlib

from flask import Flask, current_app, g, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from learnhub import dbguard
from learnhub.extensions import db

MESSAGES = {
    400: (
        _l("The request could not be understood"),
        _l("Something in the request was not right. Go back, reload the page and try again."),
    ),
    403: (_l("You do not have access"), _l("Your account is not allowed to open this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or has moved.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("File too large"), _l("The file you sent is larger than LearnHub accepts.")),
    422: (
        _l("Please check what you entered"),
        _l("Some of the information could not be accepted."),
    ),
    429: (
        _l("Too many requests"),
        _l("You have tried too often in a short time. Wait a minute and try again."),
    ),
    500: (
        _l("Something went wrong on our side"),
        _l("The error has been logged. Please try again in a moment."),
    ),
    503: (
        _l("LearnHub is briefly unavailable"),
        _l(
            "We cannot reach our database right now. Nothing you saved is lost. "
            "Please try again in a minute."
        ),
    ),
}
CSRF_MESSAGE = _l(
    "The form has expired or was sent from another site. Reload the page and try again."
)


def _render(code: int, message: str | None = None):
    title, default = MESSAGES.get(code, MESSAGES[500] if code >= 500 else MESSAGES[400])
    if request.path.startswith("/api/"):
        return jsonify(error=str(title), message=str(message or default), status=code), code
    return render_template(
        "errors/error.html", code=code, title=title, message=message or default
    ), code


def _rollback() -> None:
    # When the connection is gone, the session is discarded at teardown anyway.
    with contextlib.suppress(SQLAlchemyError):
        db.session.rollback()


def unavailable():
    """503 with Retry-After, rendered without the database: no account, no session query.

    The page does not extend base.html, whose menu asks who is logged in; its
    language comes from the session cookie or the browser only.
    """
    g.database_unavailable = True
    # Flask-Login's template context asks for current_user: anonymous, never a query.
    g._login_user = current_app.login_manager.anonymous_user()
    _rollback()
    code = 503
    title, message = MESSAGES[code]
    if request.path.startswith("/api/"):
        response = jsonify(error=str(title), message=str(message), status=code)
    else:
        response = current_app.make_response(
            render_template("errors/unavailable.html", code=code, title=title, message=message)
        )
    response.status_code = code
    response.headers["Retry-After"] = str(current_app.config["RETRY_AFTER"])
    response.headers["Cache-Control"] = "no-store"
    return response


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return _render(400, str(CSRF_MESSAGE))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        response = make_response(_render(error.code))
        for name, value in error.get_headers():  # such as a 405's Allow
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError):
        if dbguard.is_outage(error):
            current_app.logger.warning(
                "database unavailable on %s %s: %s",
                request.method, request.path, dbguard.describe(error),
            )  # fmt: skip
            return unavailable()
        current_app.logger.error(  # the scrubbing filter keeps values out of this
            "database error on %s %s", request.method, request.path, exc_info=error
        )
        _rollback()
        return _render(500)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        _rollback()
        original = getattr(error, "original_exception", None)
        if original is not None and dbguard.is_outage(original):
            return unavailable()
        try:
            return _render(500)
        except SQLAlchemyError:  # the page's menu needs the database, which is gone
            return unavailable()
