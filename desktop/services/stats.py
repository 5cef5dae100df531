"""Record counts per ledger and township (live rows only), for the CLI and the status bar."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.models import LEDGER_MODELS


def record_counts(session: Session) -> dict[str, Any]:
    """``{"total": {ledger: n}, "by_owner": {owner: {ledger: n}}}`` over live rows."""
    totals: dict[str, int] = {}
    by_owner: dict[str, dict[str, int]] = {}
    for name, model in LEDGER_MODELS.items():
        statement = (
            select(model.owner, func.count())
            .where(model.deleted.is_(False))
            .group_by(model.owner)
            .order_by(model.owner)
        )
        totals[name] = 0
        for owner, number in session.execute(statement):
            totals[name] += int(number)
            by_owner.setdefault(owner, {n: 0 for n in LEDGER_MODELS})[name] = int(number)
    return {"total": totals, "by_owner": by_owner}
