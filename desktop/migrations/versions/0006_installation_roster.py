"""installation roster: several PCs per township, held packages of pending PCs

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00

The county's pinned township keys (``sync_trust``, one per township) become roster entries
(``sync_installations``, any number per township), each bound to its owner and key; the
installation that sent the township's latest package is the one the key belongs to. A township's
``reset`` marker (no key) stays in ``sync_trust``. Packages of pending installations are kept in
``sync_held``. Every installation gets a PC label (empty until ``init --pc-label``); the inbox
remembers the signing key and PC label of each package.
"""
from datetime import datetime
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('sync_installations',
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.Column('verify_key', sa.String(length=64), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('owner', sa.String(length=12), nullable=False),
    sa.Column('installation_id', sa.String(length=36), nullable=True),
    sa.Column('pc_label', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.Column('first_sequence', sa.Integer(), nullable=True),
    sa.Column('last_sequence', sa.Integer(), nullable=True),
    sa.Column('first_period', sa.String(length=7), nullable=True),
    sa.Column('last_period', sa.String(length=7), nullable=True),
    sa.Column('last_package_at', sa.DateTime(), nullable=True),
    sa.Column('enrolled_by', sa.String(length=64), nullable=True),
    sa.Column('enrolled_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('retired_after', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('key_id', name=op.f('pk_sync_installations')),
    sa.UniqueConstraint('installation_id', name=op.f('uq_sync_installations_installation_id')),
    sa.UniqueConstraint('verify_key', name=op.f('uq_sync_installations_verify_key'))
    )
    with op.batch_alter_table('sync_installations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_installations_owner'), ['owner'], unique=False)
    op.create_table('sync_held',
    sa.Column('manifest_sha256', sa.String(length=64), nullable=False),
    sa.Column('key_id', sa.String(length=32), nullable=False),
    sa.Column('owner', sa.String(length=12), nullable=False),
    sa.Column('installation_id', sa.String(length=36), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('received_by', sa.String(length=64), nullable=False),
    sa.Column('file_name', sa.String(length=255), nullable=False),
    sa.Column('records', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('manifest_sha256', name=op.f('pk_sync_held'))
    )
    with op.batch_alter_table('sync_held', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_held_key_id'), ['key_id'], unique=False)
    with op.batch_alter_table('installation', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('pc_label', sa.String(length=64), server_default='', nullable=False)
        )
    with op.batch_alter_table('sync_inbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('key_id', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('pc_label', sa.String(length=64), nullable=True))
    _move_pinned_township_keys()


def _move_pinned_township_keys() -> None:
    bind = op.get_bind()
    trust = sa.table(
        'sync_trust', sa.column('owner'), sa.column('verify_key'), sa.column('fingerprint'),
        sa.column('method'), sa.column('pinned_at'), sa.column('pinned_by'),
    )
    inbox = sa.table(
        'sync_inbox', sa.column('kind'), sa.column('owner'), sa.column('installation_id'),
        sa.column('sequence'), sa.column('period'), sa.column('imported_at'),
    )
    roster = sa.table(
        'sync_installations', *(sa.column(c) for c in (
            'key_id', 'verify_key', 'fingerprint', 'owner', 'installation_id', 'pc_label',
            'status', 'method', 'first_seen_at', 'first_sequence', 'last_sequence',
            'first_period', 'last_period', 'last_package_at', 'enrolled_by', 'enrolled_at',
        )),
    )
    pinned = bind.execute(
        sa.select(trust).where(trust.c.owner != 'county', trust.c.verify_key.is_not(None))
    ).all()
    for row in pinned:
        latest = bind.execute(
            sa.select(inbox.c.installation_id, inbox.c.imported_at)
            .where(inbox.c.kind == 'data', inbox.c.owner == row.owner)
            .order_by(inbox.c.imported_at.desc(), inbox.c.sequence.desc())
            .limit(1)
        ).first()
        installation = None
        if latest is not None and latest.imported_at >= row.pinned_at:
            installation = latest.installation_id
        stats = None
        if installation is not None:
            stats = bind.execute(
                sa.select(
                    sa.func.min(inbox.c.sequence), sa.func.max(inbox.c.sequence),
                    sa.func.min(inbox.c.period), sa.func.max(inbox.c.period),
                    sa.func.max(inbox.c.imported_at),
                ).where(inbox.c.kind == 'data', inbox.c.installation_id == installation)
            ).one()
        fingerprint = row.fingerprint or ''
        bind.execute(
            roster.insert().values(
                key_id=fingerprint.replace('-', '').lower(),
                verify_key=row.verify_key,
                fingerprint=fingerprint,
                owner=row.owner,
                installation_id=installation,
                pc_label='',
                status='active',
                method=row.method,
                first_seen_at=row.pinned_at or datetime.now(),
                first_sequence=stats[0] if stats else None,
                last_sequence=stats[1] if stats else None,
                first_period=stats[2] if stats else None,
                last_period=stats[3] if stats else None,
                last_package_at=stats[4] if stats else None,
                enrolled_by=row.pinned_by,
                enrolled_at=row.pinned_at,
            )
        )
        bind.execute(sa.delete(trust).where(trust.c.owner == row.owner))


def downgrade() -> None:
    """Downgrade schema (the roster and held packages are dropped)."""
    with op.batch_alter_table('sync_inbox', schema=None) as batch_op:
        batch_op.drop_column('pc_label')
        batch_op.drop_column('key_id')
    with op.batch_alter_table('installation', schema=None) as batch_op:
        batch_op.drop_column('pc_label')
    with op.batch_alter_table('sync_held', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_held_key_id'))
    op.drop_table('sync_held')
    with op.batch_alter_table('sync_installations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_installations_owner'))
    op.drop_table('sync_installations')
