"""merge heads: recog and thaiforms branches

Revision ID: 36a1eb30a6b6
Revises: 38dd77bf7419, 8f96e7fcae88
Create Date: 2026-12-01 20:15:46.257634

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '36a1eb30a6b6'
down_revision = ('38dd77bf7419', '8f96e7fcae88')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
