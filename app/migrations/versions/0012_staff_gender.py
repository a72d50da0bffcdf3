"""staff gender: a staff member's grammatical gender, for Arabic role names and verb forms

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 05:45:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'gender',
            sa.Enum('female', 'male', 'unspecified', name='gender', native_enum=False, length=32),
            nullable=False, server_default='unspecified'))


def downgrade():
    with op.batch_alter_table('staff_members', schema=None) as batch_op:
        batch_op.drop_column('gender')
