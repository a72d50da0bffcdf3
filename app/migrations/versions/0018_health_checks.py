"""health checks: the clinic's interval, health-check visit types, one row per round of the check

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 05:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD and DROP COLUMN (as 0016): SQLite cannot copy a table other tables point to.
    op.add_column("clinics", sa.Column("health_check_months", sa.Integer(), nullable=False, server_default="12"))
    op.add_column("visit_types", sa.Column("health_check", sa.Boolean(), nullable=False, server_default=sa.false()))
    # The visit types a clinic already has under the name of the check are health checks.
    op.execute("UPDATE visit_types SET health_check = true WHERE lower(name) LIKE 'hälsokontroll%'")
    op.create_table(
        "health_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("invited_by_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.String(length=20), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_acting_as", sa.String(length=32), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome_by_id", sa.Integer(), nullable=True),
        sa.Column("followed_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("followed_up_by_id", sa.Integer(), nullable=True),
        sa.Column("follow_up_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["answered_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinics.id"]),
        sa.ForeignKeyConstraint(["followed_up_by_id"], ["staff_members.id"]),
        sa.ForeignKeyConstraint(["invited_by_id"], ["staff_members.id"]),
        sa.ForeignKeyConstraint(["outcome_by_id"], ["staff_members.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_health_checks_clinic_id", "health_checks", ["clinic_id"])
    op.create_index("ix_health_checks_done_on", "health_checks", ["done_on"])
    op.create_index("ix_health_checks_patient_id", "health_checks", ["patient_id"])
    op.create_index("ix_health_checks_public_id", "health_checks", ["public_id"], unique=True)
    op.create_index("ix_health_checks_visit_id", "health_checks", ["visit_id"])


def downgrade():
    op.drop_table("health_checks")
    op.drop_column("visit_types", "health_check")
    op.drop_column("clinics", "health_check_months")
