"""visit reminders: the day before and the morning of a visit, each sent once; who wants them;
the clinic's address and entrance photo for the kallelse

Nobody has chosen yet: patients and group-home staff get reminders, personal helpers do not,
until each chooses in Inställningar (app/visits/reminders.py says why). The
conversation kind "visit_change" ("Avboka eller flytta") needs nothing here: kinds are stored as
short strings (app/models/user.py enum_column).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-04 15:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    # None: not chosen yet, so the default for who one is (app/visits/reminders.py).
    op.add_column("users", sa.Column("visit_reminders", sa.Boolean(), nullable=True))
    op.add_column("clinics", sa.Column("address", sa.String(length=200), nullable=False, server_default=""))
    # Plain ADD COLUMN (as 0016): SQLite cannot add a foreign key to a table that exists.
    op.add_column("clinics", sa.Column("entrance_photo_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(
            "fk_clinics_entrance_photo_id", "clinics", "photos", ["entrance_photo_id"], ["id"], ondelete="SET NULL"
        )
    op.create_table(
        "visit_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.Enum("day_before", "morning", name="reminderkind", native_enum=False, length=32), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", "user_id", "kind", "starts_at", name="uq_visit_reminder"),
    )
    op.create_index("ix_visit_reminders_visit_id", "visit_reminders", ["visit_id"])


def downgrade():
    op.drop_index("ix_visit_reminders_visit_id", table_name="visit_reminders")
    op.drop_table("visit_reminders")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_clinics_entrance_photo_id", "clinics", type_="foreignkey")
    op.drop_column("clinics", "entrance_photo_id")
    op.drop_column("clinics", "address")
    op.drop_column("users", "visit_reminders")
