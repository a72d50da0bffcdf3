"""staff photos: a staff member's photo is a stored, cleaned Photo instead of a file name

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 23:58:59.598537

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

FOREIGN_KEY = 'fk_staff_members_photo_id_photos'


def upgrade():
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(FOREIGN_KEY, 'photos', ['photo_id'], ['id'],
                                    ondelete='SET NULL')
        batch_op.drop_column('photo_filename')


def downgrade():
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_filename', sa.String(length=200), nullable=True))
        batch_op.drop_constraint(FOREIGN_KEY, type_='foreignkey')
        batch_op.drop_column('photo_id')
