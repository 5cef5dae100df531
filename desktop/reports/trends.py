"""Month-by-month pass rates of the rate targets, for the dashboard's trend chart.

One statement for every pass-rate target, over the same basis as the indicator (so the trend and
the headline figure count the same records): batches summed per target and inspection day, which
the date index hands over already in order (no per-row date function, no sort), then added up
into months here — a few hundred days, never the records themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, literal_column, select, union_all
from sqlalchemy.orm import Session

from desktop.reports import basis
from desktop.reports.basis import Span
from desktop.reports.rules import RuleKind, build_rules
from desktop.services import plans


@dataclass(frozen=True)
class MonthPoint:
    """One month of one pass rate."""

    period: str
    sampled: int
    passed: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.sampled * 100 if self.sampled else None


@dataclass(frozen=True)
class Trend:
    """A pass-rate target's months, oldest first, with its goal."""

    target_id: str
    name_zh: str
    name_en: str
    goal: float | None
    points: list[MonthPoint]


def month_start(day: date, months_back: int) -> date:
    """The first day of the month ``months_back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def pass_rate_trends(
    session: Session,
    as_of: date,
    months: int = 24,
    township: str | None = None,
    plan: str | None = None,
) -> list[Trend]:
    """Each pass-rate target's monthly rate over the last ``months`` months up to ``as_of``."""
    pairs = plans.plan_targets(session, plans.find(session, plan).id)
    rules = build_rules(session, pairs)
    span = Span(month_start(as_of, months - 1), as_of)
    chosen = [pair for pair in pairs if rules[pair[0].id].kind is RuleKind.PASS_RATE]
    if not chosen:
        return []
    members = []
    for number, (target, _link) in enumerate(chosen):
        sub = basis.pass_rate_basis(rules[target.id], span, township).subquery()
        members.append(
            select(
                literal_column(str(number)).label("rule"),
                sub.c.day,
                func.coalesce(func.sum(sub.c.sampled), 0),
                func.coalesce(func.sum(sub.c.passed), 0),
            ).group_by(sub.c.day)
        )
    months_found: list[dict[str, tuple[int, int]]] = [{} for _ in chosen]
    statement = members[0] if len(members) == 1 else union_all(*members)
    for number, day, sampled, passed in session.execute(statement):
        found = months_found[int(number)]
        key = f"{day:%Y-%m}"
        before = found.get(key, (0, 0))
        found[key] = (before[0] + int(sampled), before[1] + int(passed))
    trends = []
    for (target, link), found in zip(chosen, months_found, strict=True):
        points = []
        for back in range(months - 1, -1, -1):
            first = month_start(as_of, back)
            key = f"{first:%Y-%m}"
            sampled, passed = found.get(key, (0, 0))
            points.append(MonthPoint(key, sampled, passed))
        trends.append(Trend(target.id, target.name_zh, target.name_en, link.target_value, points))
    return trends
