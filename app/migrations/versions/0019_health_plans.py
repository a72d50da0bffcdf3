"""health plans: Min hälsoplan, its sent versions and its goals' done marks

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 05:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "health_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("health_check_id", sa.Integer(), nullable=True),
        sa.Column("previous_id", sa.Integer(), nullable=True),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinics.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_members.id"]),
        sa.ForeignKeyConstraint(["health_check_id"], ["health_checks.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["previous_id"], ["health_plans.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["staff_members.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_health_plans_clinic_id", "health_plans", ["clinic_id"])
    op.create_index("ix_health_plans_patient_id", "health_plans", ["patient_id"])
    op.create_index("ix_health_plans_public_id", "health_plans", ["public_id"], unique=True)
    op.create_table(
        "health_plan_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["plan_id"], ["health_plans.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sent_by_id"], ["staff_members.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "number", name="uq_health_plan_version"),
    )
    op.create_index("ix_health_plan_versions_plan_id", "health_plan_versions", ["plan_id"])
    op.create_table(
        "health_plan_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("who", sa.String(length=20), nullable=False),
        sa.Column("look_on", sa.Date(), nullable=True),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("done_acting_as", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["done_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["health_plans.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "key", name="uq_health_plan_goal"),
    )
    op.create_index("ix_health_plan_goals_patient_id", "health_plan_goals", ["patient_id"])
    op.create_index("ix_health_plan_goals_plan_id", "health_plan_goals", ["plan_id"])
    op.create_index("ix_health_plan_goals_public_id", "health_plan_goals", ["public_id"], unique=True)


def downgrade():
    op.drop_table("health_plan_goals")
    op.drop_table("health_plan_versions")
    op.drop_table("health_plans")
