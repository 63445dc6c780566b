"""The migrations build exactly the schema the models describe.

The test database is built by running the migrations (see conftest), so a
model changed without a migration shows up here as a difference.
"""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from learnhub.extensions import db


def test_migrations_match_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], f"models and migrations differ; run `flask db migrate`: {differences}"


def test_migrations_are_at_a_single_head(app):
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
    assert len(script.get_heads()) == 1


def test_certificates_revoked_before_categories_publish_other_not_the_staff_note(tmp_path):
    """The http branch's migration: an old revoked row gets the category "other"."""
    from cryptography.fernet import Fernet
    from flask_migrate import upgrade
    from sqlalchemy import create_engine, text

    from learnhub import create_app

    url = f"sqlite:///{tmp_path}/old.db"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode()}
    )
    with app.app_context():
        upgrade(revision="902ca5a340da")
    engine = create_engine(url)
    columns = {
        "serial": "'LH-2568-000001'", "code": "'7K3M-Q9TD-2HXA-P4RW'", "user_id": "1",
        "course_id": "1", "version_id": "1", "holder_name": "'นายสมชาย ใจดี'",
        "course_title": "'x'", "version_label": "'1.0'", "study_hours": "1",
        "completed_on": "'2025-01-01'", "issued_at": "'2025-01-01'", "issuer": "'x'",
        "signatory_name": "'x'", "signatory_position": "'x'", "template": "'standard'",
        "pdf_key": "'k'", "pdf_sha256": "'0'", "pdf_size": "1", "status": "'revoked'",
        "revoked_at": "'2025-02-01'", "revocation_reason": "'ผู้ใหญ่บ้านแจ้งว่าไม่ได้มาอบรม'",
    }  # fmt: skip
    parents = [
        "INSERT INTO users (id, email, password_hash, display_name, role, active, created_at)"
        " VALUES (1, 'a@example.org', 'x', 'x', 'learner', 1, '2025-01-01')",
        "INSERT INTO courses (id, slug, created_at) VALUES (1, 'c', '2025-01-01')",
        "INSERT INTO course_versions (id, course_id, number, version_label, content_hash,"
        " title_th, title_en, summary_th, summary_en, audience, study_hours, listed,"
        " open_enrolment, require_pretest, certificate_template, assessments, imported_at)"
        " VALUES (1, 1, 1, '1.0', 'h', 'x', 'x', 'x', 'x', '[]', 1, 1, 1, 0, 'standard', '{}',"
        " '2025-01-01')",
    ]
    with engine.begin() as connection:
        for statement in parents:
            connection.execute(text(statement))
        names, values = ", ".join(columns), ", ".join(columns.values())
        connection.execute(text(f"INSERT INTO certificates ({names}) VALUES ({values})"))
    engine.dispose()

    with app.app_context():
        upgrade()
    engine = create_engine(url)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT revocation_category, revocation_reason FROM certificates")
        ).one()
    engine.dispose()
    assert row == ("other", "ผู้ใหญ่บ้านแจ้งว่าไม่ได้มาอบรม")
