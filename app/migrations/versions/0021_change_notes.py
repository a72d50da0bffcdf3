"""change notes and measurements: "Något har ändrats" and the numbers recorded at checks

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 11:40:00.000000

The conversation kind "change" needs nothing here: kinds are stored as short strings
(app/models/user.py enum_column), not as a database enum type.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "change_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("area", sa.String(length=20), nullable=False),
        sa.Column("since", sa.String(length=10), nullable=False),
        sa.Column("how", sa.Text(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("form_key", sa.String(length=40), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acting_as", sa.String(length=32), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinics.id"]),
        sa.ForeignKeyConstraint(["conversation_id"], ["conversations.id"]),
        sa.ForeignKeyConstraint(["mandate_id"], ["mandates.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("form_key"),
    )
    op.create_index("ix_change_notes_clinic_id", "change_notes", ["clinic_id"])
    op.create_index("ix_change_notes_conversation_id", "change_notes", ["conversation_id"])
    op.create_index("ix_change_notes_patient_id", "change_notes", ["patient_id"])
    op.create_index("ix_change_notes_public_id", "change_notes", ["public_id"], unique=True)
    op.create_table(
        "measurements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("weight_kg", "blood_pressure", name="measurementkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("weight_kg", sa.Numeric(precision=5, scale=1, asdecimal=False), nullable=True),
        sa.Column("bp_systolic", sa.Integer(), nullable=True),
        sa.Column("bp_diastolic", sa.Integer(), nullable=True),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("health_check_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinics.id"]),
        sa.ForeignKeyConstraint(["health_check_id"], ["health_checks.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["staff_members.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_measurements_clinic_id", "measurements", ["clinic_id"])
    op.create_index("ix_measurements_measured_on", "measurements", ["measured_on"])
    op.create_index("ix_measurements_patient_id", "measurements", ["patient_id"])
    op.create_index("ix_measurements_public_id", "measurements", ["public_id"], unique=True)


def downgrade():
    op.drop_table("measurements")
    op.drop_table("change_notes")
