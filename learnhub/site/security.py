"""Security headers on every response, and the answer to a request for a foreign host.

Why an ``after_request`` of a few lines and not flask-talisman: every header
here is a constant (no template has an inline script, so no nonce is needed),
and Talisman would also take over what config.py already decides (forcing
HTTPS redirects, the session cookie's flags) and needs per-view decorators for
the lesson images, which set a stricter sandbox policy of their own. A
response that already carries a header keeps it.
"""

from __future__ import annotations

from flask import Flask, Response, request
from flask_babel import gettext as _
from werkzeug.exceptions import SecurityError

# Scripts only from our own files; styles from our stylesheet, plus the style
# attribute that Markdown tables use for text-align (CSS cannot run scripts).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # for browsers that predate frame-ancestors
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
HSTS = "max-age=31536000; includeSubDomains"


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    # Over plain HTTP the header is ignored at best and locks out a test site at worst.
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        """A ``Host`` the site does not serve: no URL can be built, so a page without links."""
        text = _("This address is not served by LearnHub. Check the address and try again.")
        return Response(text + "\n", status=400, mimetype="text/plain")
