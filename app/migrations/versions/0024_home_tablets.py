"""home tablets: a group home's marked devices, who signed in in full on each, a personal PIN,
the lock of a session on the tablet, and a resident's photo for the tiles

The columns added to tables that exist are plain on SQLite (0016 says why); PostgreSQL gets the
photo's foreign key.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-04 15:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "home_devices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["home_id"], ["group_homes.id"]),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_home_devices_public_id", "home_devices", ["public_id"], unique=True)
    op.create_index("ix_home_devices_home_id", "home_devices", ["home_id"])
    op.create_index("ix_home_devices_token_hash", "home_devices", ["token_hash"], unique=True)
    op.create_table(
        "home_device_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["home_devices.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_id", "user_id", name="uq_home_device_user"),
    )
    op.create_index("ix_home_device_users_device_id", "home_device_users", ["device_id"])
    op.create_index("ix_home_device_users_user_id", "home_device_users", ["user_id"])
    op.add_column("users", sa.Column("pin_hash", sa.String(length=255), nullable=True))
    op.add_column("users", sa.Column("pin_failures", sa.Integer(), server_default="0", nullable=False))
    op.add_column("auth_sessions", sa.Column("locked_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("patients", sa.Column("photo_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(
            "fk_patients_photo_id_photos", "patients", "photos", ["photo_id"], ["id"], ondelete="SET NULL"
        )


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_patients_photo_id_photos", "patients", type_="foreignkey")
    op.drop_column("patients", "photo_id")
    op.drop_column("auth_sessions", "locked_at")
    op.drop_column("users", "pin_failures")
    op.drop_column("users", "pin_hash")
    op.drop_index("ix_home_device_users_user_id", table_name="home_device_users")
    op.drop_index("ix_home_device_users_device_id", table_name="home_device_users")
    op.drop_table("home_device_users")
    op.drop_index("ix_home_devices_token_hash", table_name="home_devices")
    op.drop_index("ix_home_devices_home_id", table_name="home_devices")
    op.drop_index("ix_home_devices_public_id", table_name="home_devices")
    op.drop_table("home_devices")
