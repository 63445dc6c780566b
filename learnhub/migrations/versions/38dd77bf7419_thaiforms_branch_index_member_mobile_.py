"""thaiforms branch: index member mobile numbers, a log-in name

Members without e-mail log in with their mobile number, looked up as stored digits;
numbers kept from before they were normalised lose their dashes and spaces here, so
they log in too. (Numbers with +66 or an extension are left as they are: the form
shows them back and normalises them at the next save.)

Revision ID: 38dd77bf7419
Revises: 25760ceac5a3
Create Date: 2026-12-01 20:01:54.204224

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "38dd77bf7419"
down_revision = "25760ceac5a3"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "UPDATE member_profiles SET phone_mobile = REPLACE(REPLACE(phone_mobile, '-', ''), ' ', '')"
        " WHERE phone_mobile IS NOT NULL"
    )
    with op.batch_alter_table("member_profiles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_profiles_phone_mobile"), ["phone_mobile"], unique=False
        )


def downgrade():
    with op.batch_alter_table("member_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_profiles_phone_mobile"))
