"""answer templates: each clinic's own easy answers for the vårdlots team (until a clinic saves
its first change, it uses Lotsen's defaults)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 03:07:35.320527

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('answer_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=32), nullable=False),
    sa.Column('clinic_id', sa.Integer(), nullable=False),
    sa.Column('default_key', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clinic_id'], ['clinics.id'], name='fk_answer_templates_clinic_id_clinics'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('answer_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answer_templates_clinic_id'), ['clinic_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answer_templates_public_id'), ['public_id'], unique=True)


def downgrade():
    with op.batch_alter_table('answer_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answer_templates_public_id'))
        batch_op.drop_index(batch_op.f('ix_answer_templates_clinic_id'))

    op.drop_table('answer_templates')
