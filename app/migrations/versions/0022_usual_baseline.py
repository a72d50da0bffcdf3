"""usual baseline: "Så brukar jag vara", versioned like the needs profile

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 11:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "usual_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("texts", sa.JSON(), nullable=False),
        sa.Column("acting_as", sa.String(length=32), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["mandate_id"], ["mandates.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("patient_id", "number", name="uq_usual_revision_number"),
    )
    op.create_index("ix_usual_revisions_patient_id", "usual_revisions", ["patient_id"])


def downgrade():
    op.drop_index("ix_usual_revisions_patient_id", table_name="usual_revisions")
    op.drop_table("usual_revisions")
