"""helpers: who began a preparation, suggestions in the inbox, a patient's own preferences

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 05:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('preparations') as batch:
        batch.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch.create_foreign_key('fk_preparations_created_by_id_users', 'users',
                                 ['created_by_id'], ['id'])
    # Drafts from before: the last person to save one is the best guess of who began it.
    op.execute('UPDATE preparations SET created_by_id = updated_by_id')
    with op.batch_alter_table('conversations') as batch:
        batch.add_column(sa.Column('kind', sa.Enum('message', 'suggestion', name='conversationkind',
                                                   native_enum=False, length=32),
                                   nullable=False, server_default='message'))
        batch.add_column(sa.Column('about', sa.String(length=40), nullable=False,
                                   server_default=''))
    op.create_table(
        'patient_preferences',
        sa.Column('patient_id', sa.Integer(), nullable=False),
        sa.Column('text_size', sa.String(length=16), nullable=False),
        sa.Column('speech_rate', sa.String(length=16), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['patient_id'], ['patients.id']),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('patient_id'),
    )


def downgrade():
    op.drop_table('patient_preferences')
    with op.batch_alter_table('conversations') as batch:
        batch.drop_column('about')
        batch.drop_column('kind')
    with op.batch_alter_table('preparations') as batch:
        batch.drop_constraint('fk_preparations_created_by_id_users', type_='foreignkey')
        batch.drop_column('created_by_id')
