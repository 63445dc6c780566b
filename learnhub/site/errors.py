"""Error pages in the user's language, and JSON errors for the API."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

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

    @app.errorhandler(InternalServerError)
    def server_error(error):
        db.session.rollback()
        return _render(500)
