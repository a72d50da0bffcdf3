"""preparations.answered_by: who answered the questions (the patient, a helper for them, or both)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 06:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('preparations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answered_by', sa.String(length=20), server_default='',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('preparations', schema=None) as batch_op:
        batch_op.drop_column('answered_by')
