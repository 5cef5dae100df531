"""display order indexes: the ledgers' date indexes also hold the id that breaks ties

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 12:15:00

The window lists inspections, certifications and projects by their date and then by id (newest
first). With the date alone in the index, SQLite had to read and sort every row of a day before
it could hand out the first page, and check each of them against the filter box's text; with
(date, id) it walks the index in exactly the page's order and stops after a page (the first
page of a common search term at 1.4 million inspections: 8 → 3.5 ms of SQL). Each index
replaces the date-only one, so writes maintain no more indexes than before.
"""
from typing import Sequence, Union

from alembic import op


revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

REPLACED = (
    ('inspections', 'inspection_date'),
    ('certifications', 'awarded_date'),
    ('projects', 'start_date'),
)


def upgrade() -> None:
    """Upgrade schema."""
    for table, column in REPLACED:
        op.create_index(f'ix_{table}_date_id', table, [column, 'id'], unique=False)
        op.drop_index(f'ix_{table}_{column}', table_name=table)


def downgrade() -> None:
    """Downgrade schema."""
    for table, column in REPLACED:
        op.create_index(f'ix_{table}_{column}', table, [column], unique=False)
        op.drop_index(f'ix_{table}_date_id', table_name=table)
