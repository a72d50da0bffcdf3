"""pilot statistics: attendance on visits (came, did not come, cancelled late), the server's own
counts of read-aloud plays and easy-read pages per clinic and day (numbers only, no person), and
an index for counting a clinic's visits per month

Revision ID: 0030
Revises: 0029
Create Date: 2026-12-04 18:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "visits",
        sa.Column(
            "attendance",
            sa.Enum("came", "no_show", "late_cancel", name="attendance", native_enum=False, length=32),
            nullable=True,
        ),
    )
    op.add_column("visits", sa.Column("attendance_at", sa.DateTime(timezone=True), nullable=True))
    # Plain ADD COLUMN (as 0016): SQLite cannot add a foreign key to a table that exists.
    op.add_column("visits", sa.Column("attendance_by_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(
            "fk_visits_attendance_by_id", "visits", "staff_members", ["attendance_by_id"], ["id"]
        )
    op.create_index("ix_visits_clinic_starts", "visits", ["clinic_id", "starts_at"])
    op.create_table(
        "usage_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinics.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("clinic_id", "day", "kind", name="uq_usage_count"),
    )


def downgrade():
    op.drop_table("usage_counts")
    op.drop_index("ix_visits_clinic_starts", table_name="visits")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_visits_attendance_by_id", "visits", type_="foreignkey")
    op.drop_column("visits", "attendance_by_id")
    op.drop_column("visits", "attendance_at")
    op.drop_column("visits", "attendance")
