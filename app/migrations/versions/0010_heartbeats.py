"""heartbeats: the row the readiness check (/halsa/redo) writes, to prove the database takes writes

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26 12:00:00.000000

"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    table = op.create_table(
        'heartbeats',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('beat_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )
    op.bulk_insert(table, [{'name': 'readiness', 'beat_at': datetime.now(UTC)}])


def downgrade():
    op.drop_table('heartbeats')
