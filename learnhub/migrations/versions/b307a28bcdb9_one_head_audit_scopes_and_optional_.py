"""one head: audit scopes and optional office province

Revision ID: b307a28bcdb9
Revises: 08789a940839, 5e1a7c0d2b94
Create Date: 2026-12-07 04:33:36.970757

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b307a28bcdb9'
down_revision = ('08789a940839', '5e1a7c0d2b94')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
