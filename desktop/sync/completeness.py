"""Completeness: which township sent what for which month, objectively, from the inbox.

Each cell (township × month) is ``received`` (a data package for the month, on time),
``nothing`` (an explicit "nothing to report" package, on time), ``late`` (the first package for
the month was made after the due day of the next month), ``missing`` (nothing, and the due day
has passed) or ``not_due``. Per installation it also names sequence gaps (a package never
imported), hash-chain breaks (a package whose previous-manifest hash is not the hash of the
package before it) and forks (two different packages with one sequence number: a restored
backup or a copied data folder).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.models import SyncInbox
from desktop.services import reference
from desktop.sync.package import KIND_DATA

RECEIVED = "received"
NOTHING = "nothing"
LATE = "late"
MISSING = "missing"
NOT_DUE = "not_due"
STATES = (RECEIVED, NOTHING, LATE, MISSING, NOT_DUE)


def month_after(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def due_date(period: str, due_day: int) -> date:
    """The last day a package for ``period`` counts as on time."""
    following = month_after(period)
    return date(int(following[:4]), int(following[5:7]), max(1, min(28, due_day)))


def months(first: str, last: str) -> list[str]:
    result = []
    current = first
    while current <= last:
        result.append(current)
        current = month_after(current)
    return result


@dataclass
class ChainIssue:
    """A problem in one installation's sequence of packages."""

    owner: str
    installation_id: str
    kind: str
    detail: str
    sequences: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "installation_id": self.installation_id,
            "kind": self.kind,
            "detail": self.detail,
            "sequences": self.sequences,
        }


@dataclass
class Completeness:
    """The grid and the chain issues."""

    months: list[str]
    townships: list[tuple[str, str]]
    cells: dict[str, dict[str, str]]
    issues: list[ChainIssue]

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(STATES, 0)
        for row in self.cells.values():
            for state in row.values():
                totals[state] += 1
        return totals

    def as_dict(self) -> dict[str, Any]:
        return {
            "months": self.months,
            "townships": [
                {"code": code, "name": name, "cells": self.cells[code]}
                for code, name in self.townships
            ],
            "counts": self.counts(),
            "issues": [i.as_dict() for i in self.issues],
        }


def _chain_issues(rows: list[SyncInbox]) -> list[ChainIssue]:
    by_installation: dict[tuple[str, str], list[SyncInbox]] = defaultdict(list)
    for row in rows:
        by_installation[(row.owner, row.installation_id)].append(row)
    issues: list[ChainIssue] = []
    for (owner, installation), packages in sorted(by_installation.items()):
        by_sequence: dict[int, list[SyncInbox]] = defaultdict(list)
        for row in packages:
            by_sequence[row.sequence].append(row)
        highest = max(by_sequence)
        gaps = [n for n in range(1, highest + 1) if n not in by_sequence]
        if gaps:
            issues.append(ChainIssue(owner, installation, "gap", "packages never imported", gaps))
        forks = sorted(n for n, group in by_sequence.items() if len(group) > 1)
        if forks:
            issues.append(
                ChainIssue(
                    owner,
                    installation,
                    "fork",
                    "two different packages with the same number (restored backup or copy)",
                    forks,
                )
            )
        breaks = []
        for number, group in sorted(by_sequence.items()):
            before = by_sequence.get(number - 1)
            if not before:
                continue
            hashes = {row.manifest_sha256 for row in before}
            if any(row.previous_sha256 not in hashes for row in group):
                breaks.append(number)
        if breaks:
            issues.append(
                ChainIssue(
                    owner,
                    installation,
                    "chain_break",
                    "previous-manifest hash does not match the package before",
                    breaks,
                )
            )
    return issues


def compute(
    session: Session,
    today: date | None = None,
    first: str | None = None,
    last: str | None = None,
) -> Completeness:
    """The completeness grid from ``first`` (default: earliest period received) to ``last``."""
    today = today or date.today()
    due_day = int(reference.setting(session, "report_due_day"))
    rows = list(session.scalars(select(SyncInbox).where(SyncInbox.kind == KIND_DATA)))
    this_month = f"{today:%Y-%m}"
    default_last = max([r.period for r in rows if r.period < this_month], default=None)
    previous = f"{today.year - (today.month == 1):04d}-{(today.month - 2) % 12 + 1:02d}"
    last = last or max(default_last or previous, previous)
    first = first or min([r.period for r in rows], default=last)
    grid_months = months(first, last)
    townships = [(t.code, t.name_zh) for t in reference.townships(session)]
    earliest: dict[tuple[str, str], tuple[datetime, bool]] = {}
    for row in rows:
        key = (row.owner, row.period)
        current = earliest.get(key)
        real = not row.nothing_to_report
        if current is None:
            earliest[key] = (row.created_at, real)
        else:
            earliest[key] = (min(current[0], row.created_at), current[1] or real)
    cells: dict[str, dict[str, str]] = {}
    for code, _name in townships:
        cells[code] = {}
        for period in grid_months:
            due = due_date(period, due_day)
            seen = earliest.get((code, period))
            if seen is None:
                state = MISSING if today > due else NOT_DUE
            elif seen[0].date() > due:
                state = LATE
            else:
                state = RECEIVED if seen[1] else NOTHING
            cells[code][period] = state
    return Completeness(grid_months, townships, cells, _chain_issues(rows))


def completeness(
    database: Database, today: date | None = None, first: str | None = None, last: str | None = None
) -> Completeness:
    with database.session() as session:
        return compute(session, today, first, last)
