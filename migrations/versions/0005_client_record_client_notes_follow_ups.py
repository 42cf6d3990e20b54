"""Client record, client notes, follow-ups.

The client gains contact details, preferred language, UEN, headcount and two follow-up dates.
Notes move from one assessment to the client: every existing note gets its assessment's client
(notes of an assessment with no client, which the workspace never made, are dropped), keeps the
assessment as a reference, and survives that assessment's deletion. New tables: action-plan steps
marked done, advisors' draft links, calendar feeds, digest subscriptions, and forms kept
across an expired session.

Revision ID: 0005_clients
Revises: 0004_links
Create Date: 2026-12-03 06:59:17.572121

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_clients'
down_revision = '0004_links'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feeds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('show_ids', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_calendar_feeds_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash'))
    )
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feeds_owner_id'), ['owner_id'], unique=False)

    op.create_table('kept_forms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('endpoint', sa.String(length=64), nullable=False),
    sa.Column('target', sa.JSON(), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kept_forms')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_kept_forms_token_hash'))
    )
    with op.batch_alter_table('kept_forms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kept_forms_created_at'), ['created_at'], unique=False)

    op.create_table('digest_subscriptions',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_sent_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_digest_subscriptions_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_digest_subscriptions'))
    )
    op.create_table('action_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=100), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('done_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['assessment_id'], ['assessments.id'], name=op.f('fk_action_steps_assessment_id_assessments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_action_steps_client_id_clients'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_steps')),
    sa.UniqueConstraint('assessment_id', 'rule', name='uq_action_steps_assessment_rule')
    )
    with op.batch_alter_table('action_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_steps_client_id'), ['client_id'], unique=False)

    with op.batch_alter_table('assessment_notes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=16), nullable=False, server_default='note'))
    # Each note goes to the client of its assessment.
    op.execute(
        "UPDATE assessment_notes SET client_id = "
        "(SELECT assessments.client_id FROM assessments WHERE assessments.id = assessment_notes.assessment_id)"
    )
    op.execute("DELETE FROM assessment_notes WHERE client_id IS NULL")
    with op.batch_alter_table('assessment_notes', schema=None) as batch_op:
        batch_op.alter_column('client_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('kind', existing_type=sa.String(length=16), server_default=None)
        batch_op.alter_column('assessment_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_assessment_notes_client_id'), ['client_id'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_assessment_notes_assessment_id_assessments'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_assessment_notes_assessment_id_assessments'), 'assessments', ['assessment_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_assessment_notes_client_id_clients'), 'clients', ['client_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('copy', sa.String(length=16), nullable=False, server_default='internal'))

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('phone', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('preferred_language', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('uen', sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column('employees', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('next_contact_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('reassess_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_clients_uen'), ['uen'], unique=False)



def downgrade():
    with op.batch_alter_table('export_jobs', schema=None) as batch_op:
        batch_op.drop_column('copy')

    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clients_uen'))
        batch_op.drop_column('reassess_on')
        batch_op.drop_column('next_contact_on')
        batch_op.drop_column('employees')
        batch_op.drop_column('uen')
        batch_op.drop_column('preferred_language')
        batch_op.drop_column('email')
        batch_op.drop_column('phone')
        batch_op.drop_column('contact_name')

    # Notes about no assessment (written on the client) cannot go back to one: they are dropped.
    op.execute("DELETE FROM assessment_notes WHERE assessment_id IS NULL")
    with op.batch_alter_table('assessment_notes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assessment_notes_client_id_clients'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_assessment_notes_assessment_id_assessments'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_assessment_notes_assessment_id_assessments'), 'assessments', ['assessment_id'], ['id'], ondelete='CASCADE')
        batch_op.drop_index(batch_op.f('ix_assessment_notes_client_id'))
        batch_op.alter_column('assessment_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('kind')
        batch_op.drop_column('client_id')

    with op.batch_alter_table('action_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_steps_client_id'))

    op.drop_table('action_steps')
    op.drop_table('digest_subscriptions')
    with op.batch_alter_table('kept_forms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kept_forms_created_at'))

    op.drop_table('kept_forms')
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_owner_id'))

    op.drop_table('calendar_feeds')
