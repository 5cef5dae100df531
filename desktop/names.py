"""Names every floor shares that cost nothing to import: ledger tables, office kinds, owners.

The models (:mod:`desktop.models`) take them from here, so code that needs only a name — the
command line's argument choices, a quick read of a SQLite office — does not build the
SQLAlchemy models first. ``tests/test_names.py`` keeps them equal to the models.
"""

from __future__ import annotations

LEDGER_TABLES: tuple[str, ...] = (
    "enterprises",
    "inspections",
    "certifications",
    "projects",
    "project_progress",
    "manual_statistics",
)
"""Every table that travels in sync packages, in the order of :data:`desktop.models.LEDGER_MODELS`
(enterprises first: the other ledgers refer to them)."""

LEDGER_LABELS_ZH: dict[str, str] = {
    "enterprises": "企业名录",
    "inspections": "抽检/检查",
    "certifications": "认证/品牌/标准",
    "projects": "示范项目",
    "project_progress": "项目月度进展",
    "manual_statistics": "县级统计数据",
}
"""Each ledger's Chinese name, as :data:`desktop.services.fields.LEDGERS` spells it."""

SYNC_COLUMNS: tuple[str, ...] = (
    "id",
    "owner",
    "hlc",
    "origin",
    "base_hlc",
    "deleted",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
)
"""Columns of every ledger managed by the services layer, never set from user input
(:class:`desktop.models.SyncRecord` declares them)."""

COUNTY_OWNER = "county"
"""``owner`` of rows that belong to the county office rather than a township."""
OFFICE_COUNTY = "county"
OFFICE_TOWNSHIP = "township"
