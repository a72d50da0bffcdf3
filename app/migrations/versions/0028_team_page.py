"""team page: each staff member's presentation in English and Arabic, whether they are on
"Vem jobbar här?", and where the vårdlots put them in its order

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-04 18:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("staff_members", sa.Column("presentation_en", sa.Text(), nullable=False, server_default=""))
    op.add_column("staff_members", sa.Column("presentation_ar", sa.Text(), nullable=False, server_default=""))
    op.add_column("staff_members", sa.Column("on_team_page", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("staff_members", sa.Column("team_position", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("staff_members") as batch:
        batch.drop_column("team_position")
        batch.drop_column("on_team_page")
        batch.drop_column("presentation_ar")
        batch.drop_column("presentation_en")
