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
