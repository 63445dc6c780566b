"""http branch: session versions, revocation categories

Every user gets a session version (raised to end all their sessions); every
revoked certificate gets a public revocation category, "other" for those revoked
before categories existed, so their free-text reason is no longer published.

Revision ID: 1979d0dd58e9
Revises: 902ca5a340da
Create Date: 2026-12-01 18:21:37.500494

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1979d0dd58e9'
down_revision = '902ca5a340da'
branch_labels = None
depends_on = None

CATEGORIES = ("issued_in_error", "replaced", "obtained_dishonestly", "holder_request", "other")


def upgrade():
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revocation_category', sa.String(length=30), nullable=True))

    op.execute("UPDATE certificates SET revocation_category = 'other' WHERE status <> 'valid'")

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'revocation_category_known',
            "revocation_category IS NULL OR revocation_category IN ("
            + ", ".join(f"'{key}'" for key in CATEGORIES)
            + ")",
        )
        batch_op.create_check_constraint(
            'revoked_categorised', "status = 'valid' OR revocation_category IS NOT NULL"
        )

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')

    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint('revoked_categorised', type_='check')
        batch_op.drop_constraint('revocation_category_known', type_='check')
        batch_op.drop_column('revocation_category')
