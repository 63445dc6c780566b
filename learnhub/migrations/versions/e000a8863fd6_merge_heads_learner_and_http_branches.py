"""merge heads: learner and http branches

Revision ID: e000a8863fd6
Revises: 1979d0dd58e9, b3cd2f99c411
Create Date: 2026-12-01 19:06:10.165291

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e000a8863fd6'
down_revision = ('1979d0dd58e9', 'b3cd2f99c411')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
