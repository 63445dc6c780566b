"""LearnHub: Thai-first e-learning and certification for anti-corruption training.

create_app() builds the Flask application: configuration, extensions,
blueprints, command-line groups and template filters.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import geothai
from flask import Flask, g, request, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from learnhub import dbguard, thai
from learnhub.config import check_production, load_config
from learnhub.extensions import babel, csrf, db, limiter, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def select_locale() -> str:
    """The user's chosen language (session, then account), Thai by default."""
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    if g.get("database_unavailable"):  # the outage page asks no account for its language
        return request.accept_languages.best_match(languages) or languages[0]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def create_app(overrides: dict | None = None) -> Flask:
    instance_path = os.environ.get("LEARNHUB_INSTANCE_PATH") or str(PROJECT_ROOT / "instance")
    app = Flask(
        __name__,
        instance_path=instance_path,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.update(load_config(app.instance_path))
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(PROJECT_ROOT / "translations")
    if overrides:
        app.config.update(overrides)
    check_production(app.config)
    _protect_instance_files(app)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Trust exactly as many X-Forwarded-* hops as there are proxies we run; a client
        # cannot then pose as another address by sending the header itself.
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    from learnhub.site import observability

    observability.register(app)  # first: every later hook and log line has the request id
    from learnhub.site import assets

    assets.register(app)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = dbguard.engine_options(app.config)
    from learnhub.site import input as site_input

    site_input.register(app)  # before the blueprints add their <int:...> routes
    db.init_app(app)
    with app.app_context():
        dbguard.install(app, db.engine)
    dbguard.scrub_logger(app.logger)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    _init_login(app)

    from learnhub.accounts import admin as accounts_admin
    from learnhub.accounts import views as accounts_views
    from learnhub.accounts.cli import users_cli
    from learnhub.api import views as api_views
    from learnhub.assessment import views as assessment_views
    from learnhub.assessment.cli import questions_cli
    from learnhub.assessment.wiring import connect as connect_assessment
    from learnhub.backup import backup_cli
    from learnhub.catalog import views as catalog_views
    from learnhub.catalog.cli import courses_cli
    from learnhub.coordination import reports as coordination_reports
    from learnhub.coordination import views as coordination_views
    from learnhub.coordination.certificates import connect as connect_coordination
    from learnhub.coordination.imports import connect as connect_rosters
    from learnhub.credentials import views as credentials_views
    from learnhub.credentials.cli import certificates_cli
    from learnhub.credentials.storage_cli import storage_cli
    from learnhub.credentials.wiring import connect as connect_credentials
    from learnhub.demo import demo_cli
    from learnhub.site import errors, security
    from learnhub.site import views as site_views
    from learnhub.site.public_url import warn_if_loopback

    app.register_blueprint(site_views.bp)
    app.register_blueprint(accounts_views.bp)
    app.register_blueprint(accounts_admin.bp)
    app.register_blueprint(catalog_views.bp)
    app.register_blueprint(assessment_views.bp)
    app.register_blueprint(credentials_views.bp)
    app.register_blueprint(coordination_views.bp)
    app.register_blueprint(coordination_reports.bp)
    app.register_blueprint(api_views.bp)
    errors.register(app)
    # E-mails written to the log in development are at INFO: show them by default.
    if app.logger.level == logging.NOTSET:
        app.logger.setLevel(logging.INFO)
    warn_if_loopback(app)
    security.register(app)
    app.cli.add_command(users_cli)
    app.cli.add_command(courses_cli)
    app.cli.add_command(questions_cli)
    app.cli.add_command(certificates_cli)
    app.cli.add_command(storage_cli)
    connect_assessment()
    connect_credentials()
    _connect_personal_data()
    connect_coordination()
    connect_rosters()
    app.cli.add_command(demo_cli)
    app.cli.add_command(backup_cli)
    _register_template_helpers(app)
    return app


def _protect_instance_files(app: Flask) -> None:
    """The instance folder holds keys, the SQLite file and certificates: owner only.

    SQLite creates its -wal and -shm files with the database file's mode, so
    creating the file 0600 before SQLAlchemy opens it covers all three.
    """
    instance = Path(app.instance_path)
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    if instance.stat().st_uid == os.getuid():
        instance.chmod(0o700)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and uri != "sqlite:///:memory:":
        database = Path(uri.removeprefix("sqlite:///"))
        if database.parent.is_dir():  # a missing folder stays missing: /healthz reports it
            os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
            if database.stat().st_uid == os.getuid():
                database.chmod(0o600)


def _connect_personal_data() -> None:
    """Each domain registers its part of a member's data for the PDPA rights (export, erasure)."""
    from learnhub.assessment import pdpa as assessment_pdpa
    from learnhub.catalog import pdpa as catalog_pdpa
    from learnhub.coordination import pdpa as coordination_pdpa
    from learnhub.credentials import pdpa as credentials_pdpa

    for domain in (catalog_pdpa, assessment_pdpa, credentials_pdpa, coordination_pdpa):
        domain.connect()


def _init_login(app: Flask) -> None:
    from learnhub.accounts.models import User

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(session_id: str):
        """The user of a session, unless that session has been ended since it began."""
        user_id, _, version = session_id.partition(":")
        if not (user_id.isdigit() and version.isdigit()):
            return None  # a cookie from before session versions, or a forged one
        user = db.session.get(User, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        return user


def _register_template_helpers(app: Flask) -> None:
    from learnhub.accounts.models import choice_label

    app.add_template_filter(thai.format_thai_date, "thai_date")
    app.add_template_filter(thai.format_thai_datetime, "thai_datetime")
    app.add_template_filter(thai.thai_digits, "thai_digits")
    app.add_template_filter(thai.mask_national_id, "masked_id")

    @app.template_filter("local_datetime")
    def local_datetime(moment):
        """A stored UTC time in Bangkok time: Buddhist era in Thai, Christian era in English."""
        if moment is None:
            return ""
        if str(get_locale()) == "th":
            return thai.format_thai_datetime(moment)
        return f"{thai.to_bangkok(moment):%d %b %Y %H:%M}"

    @app.template_filter("local_date")
    def local_date(value):
        """A date (or a stored UTC time's Bangkok date): Buddhist era in Thai."""
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            value = thai.to_bangkok(value).date()
        if str(get_locale()) == "th":
            return thai.format_thai_date(value)
        return f"{value.day} {value:%B %Y}"

    @app.template_filter("iso_local_date")
    def iso_local_date(value: str | None):
        """A date stored as ISO text, shown like local_date."""
        return local_date(dt.date.fromisoformat(value)) if value else ""

    app.add_template_filter(thai.format_phone, "phone")
    app.add_template_filter(thai.mask_phone, "masked_phone")

    @app.template_filter("province_name")
    def province_name(code):
        """A province's name from its DOPA code, in the user's language."""
        province = geothai.province(code) if code else None
        if province is None:
            return ""
        return province.name_en if str(get_locale()) == "en" else province.name_th

    app.add_template_global(choice_label)
    app.add_template_global(thai.title_text)

    @app.context_processor
    def inject_locale():
        from learnhub.site.public_url import LOOPBACK_WARNING, is_loopback

        url = app.config["PUBLIC_URL"]
        admin = current_user and current_user.is_authenticated and current_user.is_admin
        return {
            "current_locale": str(get_locale()),
            "current_path": request.full_path,
            "public_url_warning": LOOPBACK_WARNING % {"url": url}
            if admin and is_loopback(url)
            else None,
        }
