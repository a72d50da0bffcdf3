"""health questionnaires: the questions before the health check, one per round

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 11:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "health_questionnaires",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("health_check_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("who", sa.String(length=10), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("acting_as", sa.String(length=32), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.Column("times_sent", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["health_check_id"], ["health_checks.id"]),
        sa.ForeignKeyConstraint(["mandate_id"], ["mandates.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["sent_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("health_check_id"),
    )
    op.create_index("ix_health_questionnaires_patient_id", "health_questionnaires", ["patient_id"])
    op.create_index("ix_health_questionnaires_public_id", "health_questionnaires", ["public_id"], unique=True)


def downgrade():
    op.drop_index("ix_health_questionnaires_public_id", table_name="health_questionnaires")
    op.drop_index("ix_health_questionnaires_patient_id", table_name="health_questionnaires")
    op.drop_table("health_questionnaires")
