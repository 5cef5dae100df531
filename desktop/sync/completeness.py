"""Completeness: which township sent what for which month, objectively, from the inbox.

A township-month is decided per PC: every installation of the township that is expected that
month (active from its first package on; a retired one up to its last accepted package) must
have sent its package for the month. Each PC's month is ``received`` (data, on time),
``nothing`` (only an explicit "nothing to report", on time), ``late`` (data made after the due
day of the next month — whatever nil report came first — or only a late nil report), ``missing``
(nothing, and the due day has passed) or ``not_due``; the township's cell is the worst of its
PCs' and says which PC it waits for. Per installation, named by its PC label, it also names
sequence gaps (as ranges of packages never imported), hash-chain breaks (a package whose
previous-manifest hash is not the hash of the package before it) and forks (two different
packages with one sequence number: a restored backup or a copied data folder). Only plausible
months count (2000-01 to five years ahead: the bounds of entry and of the package reader).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import UsageError
from desktop.models import SyncInbox, SyncInstallation
from desktop.services import reference
from desktop.services.dates import PERIOD_RE
from desktop.services.validation import FUTURE_DAYS_ALLOWED
from desktop.sync import roster
from desktop.sync.package import EARLIEST_PERIOD, KIND_DATA

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
    """A problem in one installation's sequence of packages, named by its PC label.

    Gaps are ranges of numbers never imported (``ranges``), so a sequence number near 2³¹ costs
    nothing; forks and chain breaks list the numbers concerned (``sequences``), at most one per
    package imported.
    """

    owner: str
    installation_id: str
    kind: str
    detail: str
    sequences: list[int] = field(default_factory=list)
    label: str = ""
    ranges: list[tuple[int, int]] = field(default_factory=list)

    def numbers(self, separator: str = ", ") -> str:
        """``#3–#7, #9`` for people (``#3–#7、#9`` with the Chinese ``separator``)."""
        spans = self.ranges or [(n, n) for n in self.sequences]
        return separator.join(f"#{a}" if a == b else f"#{a}–#{b}" for a, b in spans)

    def as_dict(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "installation_id": self.installation_id,
            "pc_label": self.label,
            "kind": self.kind,
            "detail": self.detail,
            "sequences": self.sequences,
            "ranges": [list(r) for r in self.ranges],
        }


@dataclass
class Completeness:
    """The grid, which PC each cell waits for, and the chain issues."""

    months: list[str]
    townships: list[tuple[str, str]]
    cells: dict[str, dict[str, str]]
    issues: list[ChainIssue]
    pcs: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    """township → month → PC label → state, for every PC expected that month."""

    def counts(self) -> dict[str, int]:
        totals = dict.fromkeys(STATES, 0)
        for row in self.cells.values():
            for state in row.values():
                totals[state] += 1
        return totals

    def waiting_for(self, code: str, period: str) -> list[str]:
        """The PCs of a township whose package for the month is missing or not yet due."""
        states = self.pcs.get(code, {}).get(period, {})
        return sorted(label for label, state in states.items() if state in (MISSING, NOT_DUE))

    def as_dict(self) -> dict[str, Any]:
        return {
            "months": self.months,
            "townships": [
                {
                    "code": code,
                    "name": name,
                    "cells": self.cells[code],
                    "pcs": self.pcs.get(code, {}),
                }
                for code, name in self.townships
            ],
            "counts": self.counts(),
            "issues": [i.as_dict() for i in self.issues],
        }


def _gaps(numbers: list[int]) -> list[tuple[int, int]]:
    """Ranges of the numbers 1..max missing from ``numbers`` (sorted, distinct)."""
    spans, previous = [], 0
    for number in numbers:
        if number > previous + 1:
            spans.append((previous + 1, number - 1))
        previous = number
    return spans


def _chain_issues(rows: list[SyncInbox], labels: dict[str, str]) -> list[ChainIssue]:
    by_installation: dict[tuple[str, str], list[SyncInbox]] = defaultdict(list)
    for row in rows:
        by_installation[(row.owner, row.installation_id)].append(row)
    issues: list[ChainIssue] = []
    for (owner, installation), packages in sorted(by_installation.items()):
        label = labels.get(installation) or unnamed(installation)
        by_sequence: dict[int, list[SyncInbox]] = defaultdict(list)
        for row in packages:
            by_sequence[row.sequence].append(row)
        gaps = _gaps(sorted(by_sequence))
        if gaps:
            issues.append(
                ChainIssue(owner, installation, "gap", "packages never imported", [], label, gaps)
            )
        forks = sorted(n for n, group in by_sequence.items() if len(group) > 1)
        if forks:
            issues.append(
                ChainIssue(
                    owner,
                    installation,
                    "fork",
                    "two different packages with the same number (restored backup or copy)",
                    forks,
                    label,
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
                    label,
                )
            )
    return issues


def unnamed(installation_id: str) -> str:
    """A PC the county knows no label of (packages of the release before PC labels)."""
    return f"未命名电脑 {installation_id[-4:]}"


def plausible_period(period: str, today: date) -> bool:
    """The same months entry and the package reader accept: 2000-01 to five years ahead."""
    latest = f"{today + timedelta(days=FUTURE_DAYS_ALLOWED):%Y-%m}"
    return bool(PERIOD_RE.fullmatch(period)) and EARLIEST_PERIOD <= period <= latest


def _check_bound(period: str | None, today: date) -> str | None:
    if period is not None and not plausible_period(period, today):
        raise UsageError(
            f"月份 {period} 无效（格式 YYYY-MM，{EARLIEST_PERIOD} 起，不超过五年后）",
            f"invalid month {period} (YYYY-MM, from {EARLIEST_PERIOD}, at most five years ahead)",
        )
    return period


@dataclass
class _Seen:
    """What one installation (or a township as a whole) sent for one month."""

    on_time_data: bool = False
    late_data: bool = False
    on_time_nothing: bool = False
    late_nothing: bool = False

    def add(self, row: SyncInbox, due: date) -> None:
        late = row.created_at.date() > due
        if row.nothing_to_report:
            self.late_nothing |= late
            self.on_time_nothing |= not late
        else:
            self.late_data |= late
            self.on_time_data |= not late

    def state(self, today: date, due: date) -> str:
        """§6: data on time is received; late data makes the month late whatever nil report
        came before it; a nil report alone is nothing to report."""
        if self.on_time_data:
            return RECEIVED
        if self.late_data:
            return LATE
        if self.on_time_nothing:
            return NOTHING
        if self.late_nothing:
            return LATE
        return MISSING if today > due else NOT_DUE


def _combine(states: list[str]) -> str:
    for worst in (MISSING, NOT_DUE, LATE, RECEIVED):
        if worst in states:
            return worst
    return NOTHING


@dataclass(frozen=True)
class _Expected:
    installation_id: str
    label: str
    first: str
    last: str


def _expected(session: Session, today: date) -> dict[str, list[_Expected]]:
    """Per township, the PCs expected to report, and from which month to which."""
    horizon = f"{today + timedelta(days=FUTURE_DAYS_ALLOWED):%Y-%m}"
    found: dict[str, list[_Expected]] = defaultdict(list)
    for row in session.scalars(
        select(SyncInstallation).where(
            SyncInstallation.status.in_((roster.ACTIVE, roster.RETIRED)),
            SyncInstallation.installation_id.is_not(None),
        )
    ):
        start = row.first_period or f"{row.enrolled_at or row.first_seen_at:%Y-%m}"
        if row.status == roster.RETIRED:
            if row.last_period is None:
                continue
            end = row.last_period
        else:
            end = horizon
        assert row.installation_id is not None
        found[row.owner].append(_Expected(row.installation_id, roster.label_of(row), start, end))
    return found


def compute(
    session: Session,
    today: date | None = None,
    first: str | None = None,
    last: str | None = None,
) -> Completeness:
    """The completeness grid from ``first`` (default: earliest period received) to ``last``."""
    today = today or date.today()
    first, last = _check_bound(first, today), _check_bound(last, today)
    due_day = int(reference.setting(session, "report_due_day"))
    rows = [
        row
        for row in session.scalars(select(SyncInbox).where(SyncInbox.kind == KIND_DATA))
        if plausible_period(row.period, today)
    ]
    this_month = f"{today:%Y-%m}"
    default_last = max([r.period for r in rows if r.period < this_month], default=None)
    previous = f"{today.year - (today.month == 1):04d}-{(today.month - 2) % 12 + 1:02d}"
    last = last or max(default_last or previous, previous)
    first = first or min([r.period for r in rows], default=last)
    grid_months = months(first, last)
    townships = [(t.code, t.name_zh) for t in reference.townships(session)]
    labels = roster.labels(session)
    expected = _expected(session, today)
    by_pc: dict[tuple[str, str, str], _Seen] = defaultdict(_Seen)
    by_township: dict[tuple[str, str], _Seen] = defaultdict(_Seen)
    for row in rows:
        due = due_date(row.period, due_day)
        by_pc[(row.owner, row.installation_id, row.period)].add(row, due)
        by_township[(row.owner, row.period)].add(row, due)
    cells: dict[str, dict[str, str]] = {}
    pcs: dict[str, dict[str, dict[str, str]]] = {}
    for code, _name in townships:
        cells[code], pcs[code] = {}, {}
        for period in grid_months:
            due = due_date(period, due_day)
            wanted = [e for e in expected.get(code, []) if e.first <= period <= e.last]
            if not wanted:  # nobody enrolled yet, or only packages of the previous release
                cells[code][period] = by_township[(code, period)].state(today, due)
                continue
            states = {
                e.label: by_pc[(code, e.installation_id, period)].state(today, due) for e in wanted
            }
            pcs[code][period] = states
            cells[code][period] = _combine(list(states.values()))
    return Completeness(grid_months, townships, cells, _chain_issues(rows, labels), pcs)


def completeness(
    database: Database, today: date | None = None, first: str | None = None, last: str | None = None
) -> Completeness:
    with database.session() as session:
        return compute(session, today, first, last)
