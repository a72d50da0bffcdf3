"""sign-in codes lock after too many wrong ones; reset links hold the password they were issued under

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26 09:00:00.000000

"""
import hashlib

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('code_locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('code_locks', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('login_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issued_for', sa.String(length=64), server_default='',
                                      nullable=False))

    # Links still open keep working until they expire, as long as the password stays the same:
    # they get the fingerprint of the password and address they were mailed under
    # (User.credentials_fingerprint, as it is in this release).
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT r.id, u.password_hash, u.email FROM password_resets r "
        "JOIN users u ON u.id = r.user_id WHERE r.used_at IS NULL")).all()
    for reset_id, password_hash, email in rows:
        fingerprint = hashlib.sha256(f"{password_hash or ''}\n{email}".encode()).hexdigest()
        conn.execute(sa.text("UPDATE password_resets SET issued_for = :f WHERE id = :id"),
                     {"f": fingerprint, "id": reset_id})


def downgrade():
    with op.batch_alter_table('password_resets', schema=None) as batch_op:
        batch_op.drop_column('issued_for')
    with op.batch_alter_table('login_codes', schema=None) as batch_op:
        batch_op.drop_column('confirmed_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('code_locks')
        batch_op.drop_column('code_locked_until')
