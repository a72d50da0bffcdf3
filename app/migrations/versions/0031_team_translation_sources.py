"""team page: the Swedish presentation each English and Arabic one was written from, so that
the author is told when they edit the Swedish and the others may no longer say the same

Revision ID: 0031_team
Revises: 0030
Create Date: 2026-12-04 22:10:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0031_team"
down_revision = "0030"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("staff_members", sa.Column("presentation_en_from", sa.Text(), nullable=True))
    op.add_column("staff_members", sa.Column("presentation_ar_from", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("staff_members") as batch:
        batch.drop_column("presentation_ar_from")
        batch.drop_column("presentation_en_from")
