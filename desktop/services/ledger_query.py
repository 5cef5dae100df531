"""What a ledger's table asks for: a filter, a sort and a page (:class:`LedgerQuery`).

Plain data with no SQL, so the window's filter bar can be built before SQLAlchemy loads (its
first page comes from :mod:`desktop.services.first_page`); :mod:`desktop.services.queries`
turns it into SQL and re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any


@dataclass(frozen=True)
class LedgerQuery:
    """A filter, sort and page over one ledger."""

    text: str = ""
    category: str | None = None
    township: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    result: str | None = None
    rectification: str | None = None
    """``none``, ``pending``, ``done`` or ``overdue`` (pending and past the deadline)."""
    expiring_only: bool = False
    """Certifications expiring within the warning days of the setting (or already expired)."""
    include_deleted: bool = False
    sort: str | None = None
    descending: bool = True
    offset: int = 0
    limit: int = 200
    extra: dict[str, Any] = field(default_factory=dict)

    def page(self, offset: int, limit: int) -> LedgerQuery:
        return replace(self, offset=offset, limit=limit)
