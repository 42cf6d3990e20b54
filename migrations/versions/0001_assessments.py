"""Initial schema: assessments (anonymous or owned by an advisor).

Revision ID: 0001
Revises: 


"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('step_index', sa.Integer(), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('result_json', sa.Text(), nullable=True),
    sa.Column('ruleset_version', sa.String(length=32), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('company_name', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('client_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessments')),
    sa.UniqueConstraint('report_id', name=op.f('uq_assessments_report_id')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_assessments_token_hash'))
    )
    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessments_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessments_status'), ['status'], unique=False)




def downgrade():

    with op.batch_alter_table('assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assessments_status'))
        batch_op.drop_index(batch_op.f('ix_assessments_owner_id'))
        batch_op.drop_index(batch_op.f('ix_assessments_expires_at'))
        batch_op.drop_index(batch_op.f('ix_assessments_client_id'))

    op.drop_table('assessments')

