"""alerts and views: event changes, notifications, outgoing mail, per-change deliveries

Deliveries are unique per (subscription, event, change), so a watched event's every change
alerts once; subscriptions gain a watched event, genres and a radius.

Revision ID: 0010
Revises: 0003
Create Date: 2026-12-07 04:27:09.268687
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB(astext_type=Text()))
from sqlalchemy.dialects import postgresql

revision: str = '0010'
down_revision: str | Sequence[str] | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('alert_cursors',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('last_id', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_alert_cursors'))
    )
    op.create_table('mail_suppressions',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('email', name=op.f('pk_mail_suppressions'))
    )
    op.create_table('outbound_mails',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('to_addr', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_outbound_mails_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_mails'))
    )
    with op.batch_alter_table('outbound_mails', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_mails_status'), ['status'], unique=False)

    op.create_table('event_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('old', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('new', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_changes_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['feed_runs.id'], name=op.f('fk_event_changes_run_id_feed_runs'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_changes'))
    )
    with op.batch_alter_table('event_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_changes_event_id'), ['event_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('delivery_id', sa.Integer(), nullable=True),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['delivery_id'], ['deliveries.id'], name=op.f('fk_notifications_delivery_id_deliveries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_notifications_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('delivery_id', name=op.f('uq_notifications_delivery_id'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('change', sa.String(length=40), server_default='new', nullable=False))
        batch_op.add_column(sa.Column('mail_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_deliveries_subscription_id_event_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_deliveries_subscription_id_event_id_change'), ['subscription_id', 'event_id', 'change'])
        batch_op.create_foreign_key(batch_op.f('fk_deliveries_mail_id_outbound_mails'), 'outbound_mails', ['mail_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('event_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('genre_ids', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('radius_km', sa.Integer(), server_default='50', nullable=False))
        batch_op.create_index(batch_op.f('ix_subscriptions_event_id'), ['event_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_subscriptions_event_id_events'), 'events', ['event_id'], ['id'], ondelete='CASCADE')



def downgrade() -> None:
    with op.batch_alter_table('subscriptions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_subscriptions_event_id_events'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_subscriptions_event_id'))
        batch_op.drop_column('radius_km')
        batch_op.drop_column('genre_ids')
        batch_op.drop_column('event_id')

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_deliveries_mail_id_outbound_mails'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_deliveries_subscription_id_event_id_change'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_deliveries_subscription_id_event_id'), ['subscription_id', 'event_id'])
        batch_op.drop_column('mail_id')
        batch_op.drop_column('change')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('event_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_changes_event_id'))

    op.drop_table('event_changes')
    with op.batch_alter_table('outbound_mails', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_mails_status'))

    op.drop_table('outbound_mails')
    op.drop_table('mail_suppressions')
    op.drop_table('alert_cursors')
