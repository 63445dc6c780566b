"""merge heads: pdpa, faults, matrix, courses and coord branches

Revision ID: 25760ceac5a3
Revises: 0ef2f51e4f9f, 58ff0b8fa6f2, a3bf691cc941, e000a8863fd6
Create Date: 2026-12-01 19:13:08.621046

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '25760ceac5a3'
down_revision = ('0ef2f51e4f9f', '58ff0b8fa6f2', 'a3bf691cc941', 'e000a8863fd6')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
