"""Assessment links and versions: several revocable links per assessment series (the owner's and
read-only shares), each stored as a hash, and numbered versions ("Change my answers").

Every existing assessment becomes version 1 of its own series and its single token becomes the
series' owner link, with the same hash, expiry and revocation: links given out before keep working
exactly as long as they did.

Revision ID: 0004_links
Revises: 0003
Create Date: 2026-12-03 07:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_links'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assessment_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('series_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_assessment_links_token_hash'))
    )
    with op.batch_alter_table('assessment_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_links_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_links_series_id'), ['series_id'], unique=False)

    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('series_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.create_index(batch_op.f('ix_assessments_series_id'), ['series_id'], unique=False)

    op.execute("UPDATE assessments SET series_id = id, version = 1")
    op.execute(
        "INSERT INTO assessment_links (series_id, token_hash, kind, created_at, expires_at, revoked_at) "
        "SELECT id, token_hash, 'owner', created_at, expires_at, revoked_at FROM assessments"
    )

    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.alter_column('version', server_default=None)
        batch_op.drop_index(batch_op.f('ix_assessments_expires_at'))
        batch_op.drop_constraint(batch_op.f('uq_assessments_token_hash'), type_='unique')
        batch_op.drop_column('token_hash')
        batch_op.drop_column('expires_at')
        batch_op.drop_column('revoked_at')


def downgrade():
    # Back to one token per assessment: each version keeps its series' newest owner link (hash,
    # expiry, revocation). Versions after the first have none of their own: they get a random,
    # unusable hash so the column can be unique and required, and an expiry of now.
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))

    newest_owner_link = (
        "SELECT {col} FROM assessment_links l WHERE l.series_id = assessments.id AND l.kind = 'owner' "
        "ORDER BY l.created_at DESC, l.id DESC LIMIT 1"
    )
    for col in ('token_hash', 'expires_at', 'revoked_at'):
        op.execute(
            f"UPDATE assessments SET {col} = ({newest_owner_link.format(col='l.' + col)}) "
            "WHERE series_id = id"
        )
    # Rows still without a hash (later versions, or a series without an owner link): dead links.
    op.execute(
        "UPDATE assessments SET token_hash = 'x' || report_id || '-' || CAST(id AS VARCHAR(20)), "
        "expires_at = created_at WHERE token_hash IS NULL"
    )
    op.execute("UPDATE assessments SET expires_at = created_at WHERE expires_at IS NULL")

    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.alter_column('token_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.alter_column('expires_at', existing_type=sa.DateTime(timezone=True), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_assessments_token_hash'), ['token_hash'])
        batch_op.create_index(batch_op.f('ix_assessments_expires_at'), ['expires_at'], unique=False)
        batch_op.drop_index(batch_op.f('ix_assessments_series_id'))
        batch_op.drop_column('version')
        batch_op.drop_column('series_id')

    with op.batch_alter_table('assessment_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessment_links_series_id'))
        batch_op.drop_index(batch_op.f('ix_assessment_links_expires_at'))

    op.drop_table('assessment_links')
