"""group homes: the home, its staff, the clinic's mandate to the home per resident

A patient gets the home they live in; an invitation may be one to work at a home; an access
event made under a home's mandate names it. The columns added to tables that exist are plain on
SQLite (0016 says why); PostgreSQL gets their foreign keys.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 15:20:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "group_homes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("municipality", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("lock_minutes", sa.Integer(), server_default="5", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["clinic_id"], ["clinics.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_group_homes_public_id", "group_homes", ["public_id"], unique=True)
    op.create_index("ix_group_homes_clinic_id", "group_homes", ["clinic_id"])
    op.create_table(
        "group_home_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.Enum("manager", "staff", name="homerole", native_enum=False, length=32), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["home_id"], ["group_homes.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["added_by_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["ended_by_id"], ["users.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_group_home_members_public_id", "group_home_members", ["public_id"], unique=True)
    op.create_index("ix_group_home_members_home_id", "group_home_members", ["home_id"])
    op.create_index("ix_group_home_members_user_id", "group_home_members", ["user_id"])
    op.create_table(
        "home_mandates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("scope_see", sa.Boolean(), nullable=False),
        sa.Column("scope_prepare_visits", sa.Boolean(), nullable=False),
        sa.Column("scope_write_to_vardlots", sa.Boolean(), nullable=False),
        sa.Column("scope_change_needs", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "invited",
                "awaiting_verification",
                "active",
                "revoked",
                "expired",
                name="mandatestatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verification_note", sa.Text(), nullable=False),
        sa.Column("revoked_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoke_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["home_id"], ["group_homes.id"]),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["verified_by_id"], ["staff_members.id"]),
        sa.ForeignKeyConstraint(["revoked_by_id"], ["staff_members.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_home_mandates_public_id", "home_mandates", ["public_id"], unique=True)
    op.create_index("ix_home_mandates_home_id", "home_mandates", ["home_id"])
    op.create_index("ix_home_mandates_patient_id", "home_mandates", ["patient_id"])

    op.add_column("patients", sa.Column("group_home_id", sa.Integer(), nullable=True))
    op.create_index("ix_patients_group_home_id", "patients", ["group_home_id"])
    op.add_column("invitations", sa.Column("home_member_id", sa.Integer(), nullable=True))
    op.add_column("access_events", sa.Column("home_mandate_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        op.create_foreign_key(
            "fk_patients_group_home_id", "patients", "group_homes", ["group_home_id"], ["id"]
        )
        op.create_foreign_key(
            "fk_invitations_home_member_id", "invitations", "group_home_members", ["home_member_id"], ["id"]
        )
        op.create_foreign_key(
            "fk_access_events_home_mandate_id", "access_events", "home_mandates", ["home_mandate_id"], ["id"]
        )


def downgrade():
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_access_events_home_mandate_id", "access_events", type_="foreignkey")
        op.drop_constraint("fk_invitations_home_member_id", "invitations", type_="foreignkey")
        op.drop_constraint("fk_patients_group_home_id", "patients", type_="foreignkey")
    op.drop_column("access_events", "home_mandate_id")
    op.drop_column("invitations", "home_member_id")
    op.drop_index("ix_patients_group_home_id", table_name="patients")
    op.drop_column("patients", "group_home_id")
    op.drop_index("ix_home_mandates_patient_id", table_name="home_mandates")
    op.drop_index("ix_home_mandates_home_id", table_name="home_mandates")
    op.drop_index("ix_home_mandates_public_id", table_name="home_mandates")
    op.drop_table("home_mandates")
    op.drop_index("ix_group_home_members_user_id", table_name="group_home_members")
    op.drop_index("ix_group_home_members_home_id", table_name="group_home_members")
    op.drop_index("ix_group_home_members_public_id", table_name="group_home_members")
    op.drop_table("group_home_members")
    op.drop_index("ix_group_homes_clinic_id", table_name="group_homes")
    op.drop_index("ix_group_homes_public_id", table_name="group_homes")
    op.drop_table("group_homes")
