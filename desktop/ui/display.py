"""How stored values read on screen: choice codes, townships, categories and enterprises as names.

Reference labels are loaded once per window (they are small); enterprise names are looked up per
page of rows, so a million-row ledger never loads every enterprise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.services.fields import Field, Kind, LedgerSpec

if TYPE_CHECKING:  # the first page is formatted before SQLAlchemy loads (first_page.py)
    from desktop.db import Database


@dataclass(frozen=True)
class ReferenceLabels:
    """Names of townships, categories and targets by code, in both languages.

    Township names are proper nouns and read the same in both languages.
    """

    townships: Mapping[str, tuple[str, str]]
    categories: Mapping[str, tuple[str, str, str]]
    """code → (group, zh, en)"""
    targets: Mapping[str, tuple[str, str]]

    @classmethod
    def load(cls, database: Database) -> ReferenceLabels:
        from desktop.services.reads import LedgerReads

        names = LedgerReads(database).reference_names()
        townships = {code: (name, name) for code, name in names.townships.items()}
        return cls(townships, names.categories, names.targets)

    def township(self, code: str | None, language: str) -> str:
        if not code:
            return ""
        names = self.townships.get(code)
        if names is None:
            return code
        return names[1] if language == "en" else names[0]

    def category(self, code: str | None, language: str) -> str:
        if not code:
            return ""
        entry = self.categories.get(code)
        if entry is None:
            return code
        return entry[2] if language == "en" else entry[1]

    def categories_of(self, group: str | None, language: str) -> list[tuple[str, str]]:
        """(code, label) of a category group, in stored order."""
        return [
            (code, en if language == "en" else zh)
            for code, (grp, zh, en) in self.categories.items()
            if group is None or grp == group
        ]

    def target(self, target_id: str | None, language: str) -> str:
        if not target_id:
            return ""
        names = self.targets.get(target_id)
        if names is None:
            return target_id
        return names[1] if language == "en" else names[0]


def format_value(
    fld: Field,
    value: Any,
    labels: ReferenceLabels,
    language: str,
    enterprises: Mapping[str, tuple[str, str]] | None = None,
    projects: Mapping[str, str] | None = None,
) -> str:
    """One field's value as the clerk reads it."""
    if value is None or value == "":
        return ""
    kind = fld.kind
    if kind is Kind.CHOICE:
        return fld.choice_label(str(value), language)
    if kind is Kind.TOWNSHIP:
        return labels.township(str(value), language)
    if kind is Kind.CATEGORY:
        return labels.category(str(value), language)
    if kind is Kind.TARGET:
        return labels.target(str(value), language)
    if kind is Kind.ENTERPRISE:
        found = (enterprises or {}).get(str(value))
        return found[0] if found else str(value)
    if kind is Kind.PROJECT:
        return (projects or {}).get(str(value), str(value))
    if kind is Kind.BOOL:
        yes, no = ("Yes", "No") if language == "en" else ("是", "否")
        return yes if value else no
    if kind is Kind.DATE:
        return value.isoformat() if isinstance(value, date) else str(value)
    if kind is Kind.FLOAT:
        number = float(value)
        return f"{number:,.2f}".rstrip("0").rstrip(".") if number % 1 else f"{number:,.0f}"
    if kind is Kind.ITEMS:
        items = value if isinstance(value, list) else []
        return "; ".join(
            " ".join(str(v) for v in item.values() if v not in (None, ""))
            for item in items
            if isinstance(item, dict)
        )
    return str(value)


def table_fields(spec: LedgerSpec) -> tuple[Field, ...]:
    """The fields shown as columns (as the ledger spec declares them)."""
    return spec.table_fields
