"""Pages and endpoints that belong to no single domain."""

from __future__ import annotations

import fontpkg_sarabun
from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import text

from learnhub.accounts.access import safe_next
from learnhub.catalog import services as catalog
from learnhub.dbguard import answer_deadline, describe
from learnhub.extensions import db, limiter
from learnhub.site.security import cacheable

bp = Blueprint("site", __name__)

# The Sarabun weights the stylesheet uses, served from the installed package so
# no font is ever fetched from the internet.
FONT_FILES = {"Sarabun-Regular.ttf", "Sarabun-Bold.ttf", "Sarabun-SemiBold.ttf"}


@bp.route("/")
def home():
    """The welcome page; for a learner who is logged in, their courses and next steps."""
    if not current_user.is_authenticated:
        return render_template("site/home.html")
    courses = catalog.my_courses(current_user)
    member_type = current_user.profile.member_type if current_user.profile else None
    return render_template(
        "site/dashboard.html",
        in_progress=[c for c in courses if c.enrolment.completed_at is None],
        completed=[c for c in courses if c.enrolment.completed_at is not None],
        suggested=catalog.suggested_courses(
            current_user, member_type, started={c.enrolment.course_id for c in courses}
        ),
    )


@bp.route("/language", methods=["POST"])
def set_language():
    """Switch the interface language; the choice sticks in the session and on the account."""
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    # The cookie's lifetime is not touched: only "remember me" at log-in makes it outlast
    # the browser, so a shared office PC forgets the last person when it is closed.
    session["lang"] = lang
    if current_user.is_authenticated:
        current_user.locale = lang
        db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("site.home")), 303)


@bp.route("/fonts/<name>")
@cacheable
def font(name: str):
    """A Sarabun font file from the fontpkg-sarabun package."""
    if name not in FONT_FILES:
        abort(404)
    return send_from_directory(fontpkg_sarabun.ROOT / "files", name, max_age=365 * 24 * 3600)


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with answer_deadline(current_app.config["HEALTH_TIMEOUT"]):
            db.session.execute(text("SELECT 1"))
    except Exception as error:  # any failure to reach the database means "not ready"
        db.session.rollback()
        current_app.logger.warning("health check: database unreachable: %s", describe(error))
        response = jsonify(status="error", database="error")
        response.headers["Retry-After"] = str(current_app.config["RETRY_AFTER"])
        return response, 503
    return jsonify(status="ok", database="ok")
