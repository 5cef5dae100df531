"""The certificate expiry rule, written once: a certificate is *expired* after its expiry date
and *expiring* within the ``expiry_warning_days`` setting (county-editable, default 60) before it.

The window's row colours and filter, the command line's ``record list`` and the 月报's alert
sheet all take the number of days from :func:`warning_days`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the window's first page reads the rule without SQLAlchemy (first_page.py)
    from sqlalchemy.orm import Session
    from sqlalchemy.sql.elements import ColumnElement

EXPIRY_WARNING_DAYS = 60
"""The default of the ``expiry_warning_days`` setting."""
SETTING = "expiry_warning_days"


def parse_days(value: str | None) -> int:
    """The setting's text as a number of days; a blank, garbled or negative value is the default."""
    try:
        days = int(str(value).strip())
    except ValueError:
        return EXPIRY_WARNING_DAYS
    return days if days >= 0 else EXPIRY_WARNING_DAYS


def warning_days(session: Session) -> int:
    """Days before its expiry date that a certificate counts as expiring (the setting)."""
    from desktop.models import Setting

    row = session.get(Setting, SETTING)
    return parse_days(row.value if row is not None else None)


def warning_limit(today: date, days: int) -> date:
    """The last expiry date that counts as expiring on ``today``."""
    return today + timedelta(days=days)


def expiring_condition(column: Any, today: date, days: int) -> ColumnElement[bool]:
    """Rows whose expiry date in ``column`` is at most ``days`` away (or already past)."""
    condition: ColumnElement[bool] = column <= warning_limit(today, days)
    return condition


def expiry_state(expiry: date | str | None, today: date, days: int) -> str | None:
    """``expired``, ``expiring`` or None for a certificate's expiry date."""
    if not expiry:
        return None
    text = expiry.isoformat() if isinstance(expiry, date) else str(expiry)
    if text < today.isoformat():
        return "expired"
    if text <= warning_limit(today, days).isoformat():
        return "expiring"
    return None
