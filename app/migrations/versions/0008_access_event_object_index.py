"""access log: an index on what was read, for "read" in Kontakta vårdlotsen and the inbox count

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25 03:40:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # A plain CREATE INDEX: the access log's append-only triggers guard rows, not indexes.
    op.create_index('ix_access_events_object', 'access_events', ['object_id', 'object_type'])


def downgrade():
    op.drop_index('ix_access_events_object', table_name='access_events')
