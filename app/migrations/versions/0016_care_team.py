"""care team: staff duties (roles), requests assigned and booked, the staff note per patient

Existing accounts get the duties of their profession: a vårdlots coordinates and reviews the
log (as every staff member could before), everyone else is a clinician.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 22:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "staff_members", sa.Column("duties", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
    )
    staff = sa.table("staff_members", sa.column("profession", sa.String), sa.column("duties", sa.JSON))
    op.execute(
        staff.update().where(staff.c.profession == "vardlots").values(duties=["coordinator", "log_reviewer"])
    )
    op.execute(staff.update().where(staff.c.profession != "vardlots").values(duties=["clinician"]))
    # Plain ADD COLUMN (as 0015). SQLite cannot add a foreign key to a table that exists (only
    # a copy of the table could, and its foreign keys refuse dropping the old one), so there the
    # columns stay plain; the model declares the keys, and PostgreSQL gets them.
    op.add_column('visit_requests', sa.Column('assigned_to_id', sa.Integer(), nullable=True))
    op.add_column('visit_requests', sa.Column('visit_id', sa.Integer(), nullable=True))
    if op.get_bind().dialect.name != 'sqlite':
        op.create_foreign_key('fk_visit_requests_assigned_to_id', 'visit_requests',
                              'staff_members', ['assigned_to_id'], ['id'])
        op.create_foreign_key('fk_visit_requests_visit_id', 'visit_requests', 'visits',
                              ['visit_id'], ['id'], ondelete='SET NULL')
    op.create_table(
        "staff_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("staff_member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["patient_id"], ["patients.id"]),
        sa.ForeignKeyConstraint(["staff_member_id"], ["staff_members.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_staff_notes_patient_id", "staff_notes", ["patient_id"])


def downgrade():
    op.drop_index("ix_staff_notes_patient_id", table_name="staff_notes")
    op.drop_table("staff_notes")
    op.drop_column("visit_requests", "visit_id")
    op.drop_column("visit_requests", "assigned_to_id")
    op.drop_column("staff_members", "duties")
