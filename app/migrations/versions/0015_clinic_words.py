"""clinic words: the clinic's texts in easy Swedish, English and Arabic, step variants for a
need, and the language of a message

The Swedish texts stay in their columns; the other forms go in a `translations` JSON column
(app/clinic_words.py), empty for every row there is.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 06:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

OWNERS = ('clinics', 'visit_types', 'visit_steps', 'visits', 'visit_changes', 'answer_templates')


def upgrade():
    # Plain ALTER TABLE (SQLite has had ADD and DROP COLUMN since 3.35): a batch would copy
    # each table, and SQLite's foreign keys refuse dropping the old one.
    for table in OWNERS:
        op.add_column(table, sa.Column('translations', sa.JSON(), nullable=False,
                                       server_default=sa.text("'{}'")))
    op.add_column('contact_messages', sa.Column('language', sa.String(length=10),
                                                nullable=False, server_default='sv'))
    op.create_table(
        'visit_step_variants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('public_id', sa.String(length=32), nullable=False),
        sa.Column('step_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('need', sa.String(length=40), nullable=False),
        sa.Column('text', sa.String(length=200), nullable=False),
        sa.Column('pictogram', sa.String(length=40), nullable=False),
        sa.Column('translations', sa.JSON(), nullable=False, server_default=sa.text("'{}'")),
        sa.ForeignKeyConstraint(['step_id'], ['visit_steps.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_visit_step_variants_public_id', 'visit_step_variants', ['public_id'],
                    unique=True)
    op.create_index('ix_visit_step_variants_step_id', 'visit_step_variants', ['step_id'])


def downgrade():
    op.drop_index('ix_visit_step_variants_step_id', table_name='visit_step_variants')
    op.drop_index('ix_visit_step_variants_public_id', table_name='visit_step_variants')
    op.drop_table('visit_step_variants')
    op.drop_column('contact_messages', 'language')
    for table in OWNERS:
        op.drop_column(table, 'translations')
