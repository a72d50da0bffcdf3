"""need_revisions.passport: the order the person chose for the vårdpass's "must know" part

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 06:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('need_revisions') as batch:
        batch.add_column(sa.Column('passport', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('need_revisions') as batch:
        batch.drop_column('passport')
