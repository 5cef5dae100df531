"""The figures of a monthly report (月报): 本月数, 本年累计, 上年同期累计, 同比, 完成进度.

Counts are distinct items, so the month's figure is defined as 本年累计 at the end of this month
minus 本年累计 at the end of last month: 上月累计 + 本月数 = 本年累计 always holds, even when an
enterprise counted earlier in the year turns up again. Rates are not additive: 本月数 is the
month's own rate, 本年累计 the rate from 1 January, and 同比 is the change in percentage points.
Every figure comes from :func:`desktop.reports.indicators.evaluate`, the same SQL as the
dashboard, once for the county and once grouped by township.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from desktop.errors import UsageError
from desktop.reports.basis import Span
from desktop.reports.indicators import (
    Figure,
    IndicatorReport,
    ManualEntry,
    Status,
    TargetInfo,
    compute_indicators,
    evaluate,
    judge,
)
from desktop.reports.rules import Rule, RuleKind
from desktop.services.dates import typed_period


@dataclass(frozen=True)
class Period:
    """A report month."""

    year: int
    month: int

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def code(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def label_zh(self) -> str:
        return f"{self.year}年{self.month}月"

    def previous(self) -> Period:
        return Period(self.year - 1, 12) if self.month == 1 else Period(self.year, self.month - 1)

    def year_earlier(self) -> Period:
        return Period(self.year - 1, self.month)


def parse_period(text: str, today: date) -> Period:
    """``YYYY-MM`` not after this month; anything else is a usage error with a clear message."""
    month = typed_period(text or "")
    if month is None or int(month[:4]) < 2000:
        raise UsageError(
            f"报告期 {text!r} 格式有误,应为 YYYY-MM(如 2022-06)",
            f"the period {text!r} is malformed; write YYYY-MM (e.g. 2022-06)",
        )
    period = Period(int(month[:4]), int(month[5:]))
    if period.start > today:
        raise UsageError(
            f"报告期 {period.code} 尚未开始,不能出报表",
            f"the period {period.code} is in the future",
        )
    return period


def official_date(day: date) -> str:
    """A date in the official style of reports: 2018年11月21日."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class MonthlyRow:
    """One line of the 月报 table. Percent-like values are fractions (0.955 = 95.5 %)."""

    number: int
    target: TargetInfo
    is_rate: bool
    manual: bool
    this_month: float | None
    year_to_date: float | None
    previous_month_to_date: float | None
    last_year_to_date: float | None
    change: float | None
    progress: float | None
    status: Status
    remarks: str

    @property
    def goal_text(self) -> str:
        target = self.target
        if target.target_value is None:
            if target.is_flag:
                return "达标" if "达标" in target.target_text else "完成"
            return "高于上年"
        value = f"{target.target_value:g}"
        return value if target.comparison in (">=", "=") else f"{target.comparison}{value}"


@dataclass
class MonthlyFigures:
    """The 月报 of one period for the county (or one township), with every township's lines."""

    period: Period
    as_of: date
    township: str | None
    townships: list[tuple[str, str]]
    indicators: IndicatorReport
    rows: list[MonthlyRow] = field(default_factory=list)
    by_township: dict[str, list[MonthlyRow]] = field(default_factory=dict)


def _value(figure: Figure | None, rule: Rule) -> float | None:
    if figure is None:
        return None if rule.is_rate or rule.kind is RuleKind.MANUAL else 0.0
    if rule.is_rate:
        return None if figure.value is None else figure.value / 100
    return figure.value


def _change(current: float | None, before: float | None, rate: bool) -> float | None:
    if current is None or before is None:
        return None
    if rate:
        return current - before
    return (current - before) / before if before else None


def _remarks(rule: Rule, status: Status | None, manual_note: str) -> str:
    parts = [status.label()] if status is not None else []
    if rule.is_rate:
        parts.append("同比为百分点")
    if manual_note:
        parts.append(manual_note)
    return ";".join(parts)


def _line(
    number: int,
    target: TargetInfo,
    rule: Rule,
    figures: tuple[Figure | None, Figure | None, Figure | None, Figure | None],
    status: Status,
    progress: float | None,
    manual_note: str = "",
    show_status: bool = True,
) -> MonthlyRow:
    month_only, ytd, previous_ytd, last_year = (_value(f, rule) for f in figures)
    if not rule.is_rate and rule.kind is not RuleKind.MANUAL:
        month_only = None if ytd is None else ytd - (previous_ytd or 0.0)
    return MonthlyRow(
        number=number,
        target=target,
        is_rate=rule.is_rate,
        manual=rule.kind is RuleKind.MANUAL,
        this_month=month_only,
        year_to_date=ytd,
        previous_month_to_date=previous_ytd,
        last_year_to_date=last_year,
        change=_change(ytd, last_year, rule.is_rate),
        progress=None if progress is None else progress / 100,
        status=status,
        remarks=_remarks(rule, status if show_status else None, manual_note),
    )


def compute_monthly(
    session: Session,
    period: Period,
    today: date,
    township: str | None = None,
    plan: str | None = None,
) -> MonthlyFigures:
    """Every target's 月报 line for the county (or ``township``) and for each township."""
    as_of = min(period.end, today)
    report = compute_indicators(session, as_of, township, plan)
    figures = MonthlyFigures(period, as_of, township, report.townships, report)
    figures.by_township = {code: [] for code, _ in report.townships}
    year_start = date(period.year, 1, 1)
    last_year = period.year_earlier()
    spans = {
        "month": Span(period.start, as_of),
        "ytd": Span(year_start, as_of),
        "previous": Span(year_start, period.previous().end),
        "last_year": Span(date(last_year.year, 1, 1), min(last_year.end, as_of)),
    }
    for number, indicator in enumerate(report.indicators, start=1):
        rule, target = indicator.rule, indicator.target
        if rule.kind is RuleKind.ADOPTION_RATE or target.is_flag:
            # A state, not a flow: every column is the rate (or the yes/no) on its day.
            spans_used = {
                "month": Span(None, as_of),
                "ytd": Span(None, as_of),
                "previous": Span(None, period.previous().end),
                "last_year": Span(None, min(last_year.end, as_of)),
            }
        else:
            spans_used = spans
        results: dict[str, tuple[Figure, dict[str, Figure], ManualEntry | None]] = {}
        for name, span in spans_used.items():
            if name == "previous" and period.month == 1 and not rule.is_rate:
                results[name] = (Figure(0.0), {}, None)
            else:
                results[name] = evaluate(session, rule, span, township)
        order = ("month", "ytd", "previous", "last_year")
        note = ""
        if indicator.manual is not None:
            entry = indicator.manual
            note = f"县级统计:{entry.source},{official_date(entry.as_of)},{entry.entered_by}填报"
        totals = tuple(results[name][0] for name in order)
        figures.rows.append(
            _line(
                number,
                target,
                rule,
                (totals[0], totals[1], totals[2], totals[3]),
                indicator.status,
                indicator.percent_of_target,
                note,
            )
        )
        for code, _ in report.townships:
            if rule.kind is RuleKind.MANUAL:
                line = _line(
                    number,
                    target,
                    rule,
                    (None, None, None, None),
                    Status.NO_DATA,
                    None,
                    "县级统计,不分乡镇",
                    show_status=False,
                )
                figures.by_township[code].append(line)
                continue
            parts = tuple(results[name][1].get(code) for name in order)
            window_figure = indicator.by_township.get(code)
            status, progress = judge(
                target,
                rule,
                window_figure.value if window_figure else None,
                indicator.expected_share,
            )
            figures.by_township[code].append(
                _line(
                    number,
                    target,
                    rule,
                    (parts[0], parts[1], parts[2], parts[3]),
                    status,
                    progress,
                    show_status=False,
                )
            )
    return figures
