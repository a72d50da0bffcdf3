"""home events, and the home's mandate on every row that says who acted

"Vem gjorde vad" lists what happened at a group home that touches no one resident (staff invited,
removed, the tablet marked): a table of its own. A row written under the clinic's mandate to a
home (a message, a visit request, a change of the needs) names that mandate, as access events
already do, so that every page can say "Jonas Lund (Solgläntan)". The columns added to tables
that exist are plain on SQLite (0016 says why); PostgreSQL gets their foreign keys.

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-04 18:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

# The tables whose rows say who acted (app.models.base.WhoActed), but for access_events (0023).
WHO_ACTED = (
    "after_visit_reads",
    "callback_requests",
    "change_notes",
    "contact_messages",
    "health_questionnaires",
    "need_revisions",
    "usual_revisions",
    "visit_requests",
)


def upgrade():
    op.create_table(
        "home_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("home_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["home_id"], ["group_homes.id"]),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["group_home_members.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_home_events_home_id", "home_events", ["home_id"])
    op.create_index("ix_home_events_at", "home_events", ["at"])
    op.create_index("ix_home_events_actor_id", "home_events", ["actor_id"])
    op.create_index("ix_home_events_member_id", "home_events", ["member_id"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table in WHO_ACTED:
        op.add_column(table, sa.Column("home_mandate_id", sa.Integer(), nullable=True))
        if not sqlite:
            op.create_foreign_key(
                f"fk_{table}_home_mandate_id", table, "home_mandates", ["home_mandate_id"], ["id"]
            )
    op.add_column("preparations", sa.Column("submitted_home_mandate_id", sa.Integer(), nullable=True))
    if not sqlite:
        op.create_foreign_key(
            "fk_preparations_submitted_home_mandate_id",
            "preparations",
            "home_mandates",
            ["submitted_home_mandate_id"],
            ["id"],
        )


def downgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.drop_constraint("fk_preparations_submitted_home_mandate_id", "preparations", type_="foreignkey")
    op.drop_column("preparations", "submitted_home_mandate_id")
    for table in reversed(WHO_ACTED):
        if not sqlite:
            op.drop_constraint(f"fk_{table}_home_mandate_id", table, type_="foreignkey")
        op.drop_column(table, "home_mandate_id")
    op.drop_index("ix_home_events_member_id", table_name="home_events")
    op.drop_index("ix_home_events_actor_id", table_name="home_events")
    op.drop_index("ix_home_events_at", table_name="home_events")
    op.drop_index("ix_home_events_home_id", table_name="home_events")
    op.drop_table("home_events")
