"""report indexes: covering indexes for the indicator engine

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 15:45:00

The pass rates read (category, date, deleted, township, batches) of inspections, the counts read
(category, award date, deleted, township, enterprise) of certifications and the adoption rate
reads (tier, deleted, township, credit code) of enterprises: with these indexes SQLite and
PostgreSQL answer them from the index alone. The inspection index replaces the narrower
(category, date) one; the certification index replaces the single-column category index.
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.drop_index('ix_inspections_category_date', table_name='inspections')
    op.create_index(
        'ix_inspections_category_date',
        'inspections',
        ['category_code', 'inspection_date', 'deleted', 'township_code', 'batches_sampled',
         'batches_passed'],
        unique=False,
    )
    op.drop_index('ix_certifications_category_code', table_name='certifications')
    op.create_index(
        'ix_certifications_category_date',
        'certifications',
        ['category_code', 'awarded_date', 'deleted', 'township_code', 'enterprise_id'],
        unique=False,
    )
    op.create_index(
        'ix_enterprises_tier',
        'enterprises',
        ['tier', 'deleted', 'township_code', 'credit_code'],
        unique=False,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('ix_enterprises_tier', table_name='enterprises')
    op.drop_index('ix_certifications_category_date', table_name='certifications')
    op.create_index(
        'ix_certifications_category_code', 'certifications', ['category_code'], unique=False
    )
    op.drop_index('ix_inspections_category_date', table_name='inspections')
    op.create_index(
        'ix_inspections_category_date',
        'inspections',
        ['category_code', 'inspection_date'],
        unique=False,
    )
