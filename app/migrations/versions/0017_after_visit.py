"""after the visit: the easy-read summary, its sent versions, its next steps and read marks

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 02:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "after_visits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinics.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["staff_members.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["updated_by_id"], ["staff_members.id"]),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", name="uq_after_visit_visit"),
    )
    op.create_index("ix_after_visits_clinic_id", "after_visits", ["clinic_id"])
    op.create_index("ix_after_visits_patient_id", "after_visits", ["patient_id"])
    op.create_index("ix_after_visits_public_id", "after_visits", ["public_id"], unique=True)
    op.create_table(
        "after_visit_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("why", sa.JSON(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["sent_by_id"], ["staff_members.id"]),
        sa.ForeignKeyConstraint(["summary_id"], ["after_visits.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("summary_id", "number", name="uq_after_visit_version"),
    )
    op.create_index("ix_after_visit_versions_summary_id", "after_visit_versions", ["summary_id"])
    op.create_table(
        "after_visit_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("who", sa.String(length=20), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("text", sa.JSON(), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("done_acting_as", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["done_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["summary_id"], ["after_visits.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("summary_id", "key", name="uq_after_visit_step"),
    )
    op.create_index("ix_after_visit_steps_patient_id", "after_visit_steps", ["patient_id"])
    op.create_index("ix_after_visit_steps_public_id", "after_visit_steps", ["public_id"], unique=True)
    op.create_index("ix_after_visit_steps_summary_id", "after_visit_steps", ["summary_id"])
    op.create_table(
        "after_visit_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("summary_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("first_read_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("understood_version", sa.Integer(), nullable=False),
        sa.Column("understood_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("question_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("acting_as", sa.String(length=32), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.ForeignKeyConstraint(["mandate_id"], ["mandates.id"]),
        sa.ForeignKeyConstraint(["summary_id"], ["after_visits.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("summary_id", "user_id", name="uq_after_visit_read"),
    )
    op.create_index("ix_after_visit_reads_summary_id", "after_visit_reads", ["summary_id"])


def downgrade():
    op.drop_index("ix_after_visit_reads_summary_id", table_name="after_visit_reads")
    op.drop_table("after_visit_reads")
    op.drop_index("ix_after_visit_steps_summary_id", table_name="after_visit_steps")
    op.drop_index("ix_after_visit_steps_public_id", table_name="after_visit_steps")
    op.drop_index("ix_after_visit_steps_patient_id", table_name="after_visit_steps")
    op.drop_table("after_visit_steps")
    op.drop_index("ix_after_visit_versions_summary_id", table_name="after_visit_versions")
    op.drop_table("after_visit_versions")
    op.drop_index("ix_after_visits_public_id", table_name="after_visits")
    op.drop_index("ix_after_visits_patient_id", table_name="after_visits")
    op.drop_index("ix_after_visits_clinic_id", table_name="after_visits")
    op.drop_table("after_visits")
