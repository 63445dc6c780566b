"""Security headers on every response, and the answer to a request for a foreign host.

Every answer to a logged-in person, and every answer to a form (it may echo what was
typed, a national ID included), is sent with ``Cache-Control: no-store``, so a shared
office PC's cache or a proxy keeps no copy of a page with personal data for the next
person. Only what is the same for everyone may be cached: static files, fonts, course
images and the public verification records, whose views are marked ``@cacheable``.

Why an ``after_request`` of a few lines and not flask-talisman: every header
here is a constant but one nonce (no template has an inline script; the charts of
the learning-gain report carry their own ``<style>``, allowed by a per-response
nonce), and Talisman would also take over what config.py already decides (forcing
HTTPS redirects, the session cookie's flags) and needs per-view decorators for
the lesson images, which set a stricter sandbox policy of their own. A
response that already carries a header keeps it.
"""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g, request, session
from flask_babel import gettext as _
from markupsafe import Markup
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


def style_nonce() -> str:
    """This response's nonce for ``<style>`` elements (server-drawn SVG charts)."""
    if "style_nonce" not in g:
        g.style_nonce = secrets.token_urlsafe(16)
    return g.style_nonce


def nonced(svg: Markup) -> Markup:
    """An inline SVG whose ``<style>`` elements the CSP lets through by this response's nonce."""
    # Our own cleaned SVG and a URL-safe nonce: nothing here comes from a user.
    marked = str(svg).replace("<style", f'<style nonce="{style_nonce()}"')
    return Markup(marked)  # noqa: S704  # nosec B704


def cacheable(view):
    """Mark a view whose answer is the same for everyone, logged in or not: it keeps the
    caching it chooses instead of ``no-store``."""
    view.cacheable = True
    return view


def _may_be_cached() -> bool:
    if request.endpoint == "static":
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "cacheable", False)


def add_cache_policy(response: Response) -> Response:
    """``no-store`` for a logged-in person (or one just logged in) and for every form's answer."""
    if request.method not in ("GET", "HEAD") or not _may_be_cached() and "_user_id" in session:
        response.headers["Cache-Control"] = "no-store"
    return response


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    nonce = g.get("style_nonce")
    if nonce and "Content-Security-Policy" in response.headers:
        response.headers["Content-Security-Policy"] = response.headers[
            "Content-Security-Policy"
        ].replace("style-src 'self'", f"style-src 'self' 'nonce-{nonce}'", 1)
    # Over plain HTTP the header is ignored at best and locks out a test site at worst.
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def register(app: Flask) -> None:
    app.after_request(add_security_headers)
    app.after_request(add_cache_policy)
    app.add_template_filter(nonced, "nonced")

    @app.errorhandler(SecurityError)
    def untrusted_host(error):
        """A ``Host`` the site does not serve: no URL can be built, so a page without links."""
        text = _("This address is not served by LearnHub. Check the address and try again.")
        return Response(text + "\n", status=400, mimetype="text/plain")
