"""Plain-data views of ledger rows: dicts with JSON-ready values, used by every face."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from desktop.models import SYNC_COLUMNS, SyncRecord
from desktop.services.fields import LedgerSpec


def json_ready(value: Any) -> Any:
    """The one JSON form of stored values (command line, window, sync wire, import previews):
    dates ``YYYY-MM-DD``, times ``YYYY-MM-DDTHH:MM:SS`` (microseconds only when there are some);
    everything else unchanged."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds" if value.microsecond else "seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def field_values(spec: LedgerSpec, row: SyncRecord) -> dict[str, Any]:
    """The user-facing fields of a row, JSON-ready."""
    return {name: json_ready(getattr(row, name)) for name in spec.field_names}


def record_to_dict(spec: LedgerSpec, row: SyncRecord) -> dict[str, Any]:
    """A whole row: ledger name, sync identity and fields, JSON-ready."""
    data: dict[str, Any] = {"ledger": spec.name}
    data.update({name: json_ready(getattr(row, name)) for name in SYNC_COLUMNS})
    data.update(field_values(spec, row))
    return data
