"""visit change requests keep what was asked (cancel or move) and why, so that the visit page
and the staff's visit page can say it in words (app/contact/visit_change.py)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-04 18:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("conversations", sa.Column("details", sa.JSON(), nullable=True))


def downgrade():
    op.drop_column("conversations", "details")
