"""applications: Ansök om SMO, sent from the public form, decided by the vårdlots

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-04 18:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("new", "accepted", "declined", name="applicationstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("personnummer", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinics.id"]),
        sa.ForeignKeyConstraint(["decided_by_id"], ["staff_members.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_applications_public_id", "applications", ["public_id"], unique=True)
    op.create_index("ix_applications_clinic_id", "applications", ["clinic_id"])
    op.create_index("ix_applications_personnummer", "applications", ["personnummer"])
    op.create_index("ix_applications_decided_at", "applications", ["decided_at"])


def downgrade():
    op.drop_index("ix_applications_decided_at", table_name="applications")
    op.drop_index("ix_applications_personnummer", table_name="applications")
    op.drop_index("ix_applications_clinic_id", table_name="applications")
    op.drop_index("ix_applications_public_id", table_name="applications")
    op.drop_table("applications")
