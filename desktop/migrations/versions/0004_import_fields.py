"""import fields: what sampling announcements and township ledgers carry

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 08:50:00

Inspections gain 公告日期 (announcement_date), the 标称生产企业 name and address (producer_name,
producer_address: in retail-stage sampling the producer differs from the sampled unit the record
belongs to), 食品分类 (food_category, e.g. 茶叶及相关制品; not the inspection kind), 抽样环节
(sampling_stage: production / circulation / catering) and 检验报告编号 (report_number). Project
progress gains 本月完成投资 (investment_this_month) beside the running total. All columns are
nullable, so existing rows and packages of schema 0002 stay valid. ``import_layouts`` (local, never
synced) remembers the column mapping a clerk confirmed for a file layout.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

INSPECTION_COLUMNS = (
    ('announcement_date', sa.Date()),
    ('producer_name', sa.String(length=200)),
    ('producer_address', sa.String(length=300)),
    ('food_category', sa.String(length=100)),
    ('sampling_stage', sa.String(length=16)),
    ('report_number', sa.String(length=100)),
)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        'import_layouts',
        sa.Column('ledger', sa.String(length=40), nullable=False),
        sa.Column('fingerprint', sa.String(length=64), nullable=False),
        sa.Column('mapping', sa.JSON(), nullable=False),
        sa.Column('headers', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('ledger', 'fingerprint', name=op.f('pk_import_layouts')),
    )
    with op.batch_alter_table('inspections') as batch:
        for name, kind in INSPECTION_COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
    with op.batch_alter_table('project_progress') as batch:
        batch.add_column(sa.Column('investment_this_month', sa.Float(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('project_progress') as batch:
        batch.drop_column('investment_this_month')
    with op.batch_alter_table('inspections') as batch:
        for name, _kind in reversed(INSPECTION_COLUMNS):
            batch.drop_column(name)
    op.drop_table('import_layouts')
