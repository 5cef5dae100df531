"""plans: rounds of the quality plan with their windows and targets; issued (frozen) reports

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 09:00:00

A stored database gets its existing targets as the first plan, ``2018`` (the 2018 implementation
opinions, window 2019-01-01…2022-12-31 or whatever the database's counting-window settings
said), with the categories' ``related_target_ids`` as the plan's category links. A fresh database
has no targets yet: the seed creates the same plan from the release's reference files.
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

FIRST_PLAN = {
    'id': '2018',
    'name_zh': '泰顺县质量提升行动实施意见(2019—2022年)',
    'name_en': 'Taishun county quality improvement action plan (2019-2022)',
    'document': '关于开展质量提升行动的实施意见(征求意见稿)',
    'document_number': '',
    'issuer': '泰顺县质量强县工作领导小组办公室',
    'issued_on': '2018-11-21',
    'notes': '',
    'sort_order': 0,
    'hlc': 0,
}


def upgrade() -> None:
    """Upgrade schema."""
    plans = op.create_table('plans',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name_zh', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('document', sa.String(length=300), nullable=False),
    sa.Column('document_number', sa.String(length=100), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.String(length=10), nullable=False),
    sa.Column('window_start', sa.String(length=10), nullable=False),
    sa.Column('window_end', sa.String(length=10), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans'))
    )
    plan_targets = op.create_table('plan_targets',
    sa.Column('id', sa.String(length=100), nullable=False),
    sa.Column('plan_id', sa.String(length=32), nullable=False),
    sa.Column('target_id', sa.String(length=64), nullable=False),
    sa.Column('comparison', sa.String(length=8), nullable=False),
    sa.Column('target_value', sa.Float(), nullable=True),
    sa.Column('target_text', sa.String(length=64), nullable=False),
    sa.Column('deadline_year', sa.Integer(), nullable=True),
    sa.Column('category_codes', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('hlc', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_targets'))
    )
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_targets_plan_id'), ['plan_id'], unique=False)
    op.create_table('issued_reports',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('plan_id', sa.String(length=32), nullable=False),
    sa.Column('township_code', sa.String(length=12), nullable=True),
    sa.Column('issued_by', sa.String(length=64), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('as_of', sa.String(length=10), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('record_ids', sa.JSON(), nullable=False),
    sa.Column('workbook', sa.LargeBinary(), nullable=False),
    sa.Column('workbook_name', sa.String(length=200), nullable=False),
    sa.Column('workbook_sha256', sa.String(length=64), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_reports'))
    )
    with op.batch_alter_table('issued_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_reports_period'), ['period'], unique=False)
    _first_plan(plans, plan_targets)


def _first_plan(plans: sa.Table, plan_targets: sa.Table) -> None:
    """The stored targets become plan 2018; categories' links become its category links."""
    connection = op.get_bind()
    targets = connection.execute(sa.text(
        'SELECT id, comparison, target_value, target_text, deadline_year, sort_order '
        'FROM targets ORDER BY sort_order'
    )).all()
    if not targets:
        return
    settings = dict(connection.execute(sa.text(
        "SELECT key, value FROM settings "
        "WHERE key IN ('counting_window_start', 'counting_window_end')"
    )).all())
    links: dict[str, list[str]] = {}
    for code, related in connection.execute(sa.text(
        'SELECT code, related_target_ids FROM categories ORDER BY sort_order'
    )):
        for target_id in (related or '').replace(',', ';').split(';'):
            if target_id.strip():
                links.setdefault(target_id.strip(), []).append(code)
    op.bulk_insert(plans, [{
        **FIRST_PLAN,
        'window_start': (settings.get('counting_window_start') or '2019-01-01').strip(),
        'window_end': (settings.get('counting_window_end') or '2022-12-31').strip(),
    }])
    op.bulk_insert(plan_targets, [
        {
            'id': f"2018:{row.id}",
            'plan_id': '2018',
            'target_id': row.id,
            'comparison': row.comparison,
            'target_value': row.target_value,
            'target_text': row.target_text or '',
            'deadline_year': row.deadline_year,
            'category_codes': ';'.join(links.get(row.id, [])),
            'active': True,
            'sort_order': row.sort_order,
            'hlc': 0,
        }
        for row in targets
    ])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('issued_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_issued_reports_period'))
    op.drop_table('issued_reports')
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_targets_plan_id'))
    op.drop_table('plan_targets')
    op.drop_table('plans')
