"""merge: public profiles and stored files

Revision ID: 48b890481c14
Revises: 18711c9eb893, 98ca11e05763
Create Date: 2026-12-01 22:48:24.767133

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '48b890481c14'
down_revision = ('18711c9eb893', '98ca11e05763')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
