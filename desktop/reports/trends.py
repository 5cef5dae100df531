"""Month-by-month pass rates of the rate targets, for the dashboard's trend chart.

One ``GROUP BY year, month`` per pass-rate target over the same basis as the indicator (so the
trend and the headline figure count the same records). ``EXTRACT`` is portable: SQLAlchemy
renders it as ``strftime`` on SQLite and ``EXTRACT`` on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import extract, func, select
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
    trends = []
    for target, link in pairs:
        rule = rules[target.id]
        if rule.kind is not RuleKind.PASS_RATE:
            continue
        sub = basis.pass_rate_basis(rule, span, township).subquery()
        statement = (
            select(
                extract("year", sub.c.day).label("y"),
                extract("month", sub.c.day).label("m"),
                func.coalesce(func.sum(sub.c.sampled), 0),
                func.coalesce(func.sum(sub.c.passed), 0),
            )
            .group_by("y", "m")
            .order_by("y", "m")
        )
        found = {
            f"{int(y):04d}-{int(m):02d}": (int(s), int(p))
            for y, m, s, p in session.execute(statement)
        }
        points = []
        for back in range(months - 1, -1, -1):
            first = month_start(as_of, back)
            key = f"{first:%Y-%m}"
            sampled, passed = found.get(key, (0, 0))
            points.append(MonthPoint(key, sampled, passed))
        trends.append(Trend(target.id, target.name_zh, target.name_en, link.target_value, points))
    return trends
