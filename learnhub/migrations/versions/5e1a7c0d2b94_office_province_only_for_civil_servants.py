"""office province only for civil servants: member_profiles.province_code nullable

Volunteers, community leaders and citizens are no longer asked for the province of an
office they do not have.

Revision ID: 5e1a7c0d2b94
Revises: 48b890481c14
Create Date: 2026-12-07 04:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e1a7c0d2b94'
down_revision = '48b890481c14'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('member_profiles', schema=None) as batch_op:
        batch_op.alter_column('province_code', existing_type=sa.String(length=2), nullable=True)


def downgrade():
    # Profiles saved without a province get none that means anything ("" shows as no name).
    op.execute("UPDATE member_profiles SET province_code = '' WHERE province_code IS NULL")
    with op.batch_alter_table('member_profiles', schema=None) as batch_op:
        batch_op.alter_column('province_code', existing_type=sa.String(length=2), nullable=False)
