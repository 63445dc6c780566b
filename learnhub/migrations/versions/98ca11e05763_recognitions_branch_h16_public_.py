"""recognitions (branch h16): public revocation category; a declined or revoked one no longer blocks a new nomination

Revision ID: 98ca11e05763
Revises: d72ba39b4309
Create Date: 2026-12-01 21:43:05.991997

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '98ca11e05763'
down_revision = 'd72ba39b4309'
branch_labels = None
depends_on = None

CATEGORIES = ("issued_in_error", "replaced", "obtained_dishonestly", "holder_request", "other")
LIVE = sa.text("status IN ('nominated', 'approved')")


def upgrade():
    with op.batch_alter_table('recognitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revocation_category', sa.String(length=30), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_recognitions_member_kind_date'), type_='unique')
        batch_op.create_index('uq_recognitions_live_member_kind_date',
                              ['user_id', 'kind_id', 'awarded_on'], unique=True,
                              sqlite_where=LIVE, postgresql_where=LIVE)

    # Revoked before the public was told a category: "other reason".
    op.execute("UPDATE recognitions SET revocation_category = 'other' WHERE status = 'revoked'")

    with op.batch_alter_table('recognitions', schema=None) as batch_op:
        batch_op.create_check_constraint(
            'revocation_category_known',
            "revocation_category IS NULL OR revocation_category IN ("
            + ", ".join(f"'{key}'" for key in CATEGORIES)
            + ")",
        )
        batch_op.create_check_constraint(
            'revoked_categorised', "status <> 'revoked' OR revocation_category IS NOT NULL"
        )


def downgrade():
    with op.batch_alter_table('recognitions', schema=None) as batch_op:
        batch_op.drop_constraint('revoked_categorised', type_='check')
        batch_op.drop_constraint('revocation_category_known', type_='check')
        batch_op.drop_index('uq_recognitions_live_member_kind_date',
                            sqlite_where=LIVE, postgresql_where=LIVE)
        # Fails if two recognitions now share member, kind and date (a renomination after
        # a decline): resolve those by hand before going back.
        batch_op.create_unique_constraint(batch_op.f('uq_recognitions_member_kind_date'),
                                          ['user_id', 'kind_id', 'awarded_on'])
        batch_op.drop_column('revocation_category')
