"""The figures of a monthly report (月报): 本月数, 本年累计, 上年同期累计, 同比, 完成进度.

Counts are distinct items, so the month's figure is defined as 本年累计 at the end of this month
minus 本年累计 at the end of last month: 上月累计 + 本月数 = 本年累计 always holds, even when an
enterprise counted earlier in the year turns up again. Rates are not additive: 本月数 is the
month's own rate, 本年累计 the rate from 1 January, and 同比 is the change in percentage points.
规划期累计 is the figure the plan judges (the dashboard's): counts over the plan's window up to the
as-of day, the pass rate over the indicator's span, the latest county statistic. 完成进度 is
computed from it and the row's 目标, so every derived figure can be checked on the printed row.
Every figure comes from :func:`desktop.reports.indicators.evaluate_many`, the same SQL as the
dashboard: the four columns of every row in one batch, for the county and grouped by township.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from desktop.errors import UsageError
from desktop.reports import figures
from desktop.reports.basis import Span
from desktop.reports.indicators import (
    Figure,
    IndicatorReport,
    ManualEntry,
    Status,
    TargetInfo,
    compute_indicators,
    evaluate_many,
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
            f"报告期 {text!r} 格式有误，应为 YYYY-MM（如 2022-06）",
            f"the period {text!r} is malformed; write YYYY-MM (e.g. 2022-06)",
        )
    period = Period(int(month[:4]), int(month[5:]))
    if period.start > today:
        raise UsageError(
            f"报告期 {period.code} 尚未开始，不能出报表",
            f"the period {period.code} is in the future",
        )
    return period


def official_date(day: date) -> str:
    """A date in the official style of reports: 2018年11月21日."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class MonthlyRow:
    """One line of the 月报 table. Percent-like values are fractions (0.955 = 95.5 %).

    Every derived column comes from columns of the same row: 本月数 = 本年累计 − 上月累计 (counts),
    同比 from 本年累计 and 上年同期累计, 完成进度 from 规划期累计 (``plan_to_date``) and 目标 (for a
    target compared with last year, from 规划期累计 and 上年同期累计).
    """

    number: int
    target: TargetInfo
    is_rate: bool
    manual: bool
    this_month: float | None
    year_to_date: float | None
    previous_month_to_date: float | None
    last_year_to_date: float | None
    change: float | None
    plan_to_date: float | None
    progress: float | None
    status: Status
    remarks: str
    entry: ManualEntry | None = None

    @property
    def is_percent(self) -> bool:
        """Values are shares (rates, or county statistics in %)."""
        return self.is_rate or (self.manual and self.target.unit.startswith("%"))

    @property
    def is_flag(self) -> bool:
        return self.target.is_flag

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


# Shares are printed to 0.1 % (0.0%) and other values to one decimal (desktop.reports.figures):
# the row keeps them rounded so, and every derived column is computed from exactly the numbers
# printed beside it.


def _value(figure: Figure | None, rule: Rule, percent_unit: bool) -> float | None:
    """A figure as the row prints it: rates and % statistics as fractions, counts as is."""
    if figure is None or figure.value is None:
        return None if rule.is_rate or rule.kind is RuleKind.MANUAL else 0.0
    if rule.is_rate or (rule.kind is RuleKind.MANUAL and percent_unit):
        return _share(figure.value / 100)
    return _number(figure.value)


def _share(value: float | None) -> float | None:
    """A fraction rounded as its 0.0% cell shows it (:func:`desktop.reports.figures.rounded`)."""
    if value is None:
        return None
    return float(figures.rounded(value * 100, figures.PERCENT_DECIMALS)) / 100


def _number(value: float) -> float:
    return float(figures.rounded(value, figures.NUMBER_DECIMALS))


def change_of(row_values: tuple[float | None, float | None], points: bool) -> float | None:
    """同比: percentage points for shares, relative change for counts (None without a base)."""
    current, before = row_values
    if current is None or before is None:
        return None
    if points:
        return _share(current - before)
    return _share((current - before) / before) if before else None


def progress_of(
    target: TargetInfo, rule: Rule, plan_value: float | None, base: float | None, share: float
) -> tuple[Status, float | None]:
    """完成进度 from the row's own 规划期累计 (and 上年同期累计 for 高于上年 targets)."""
    percent = target.unit.startswith("%") or rule.is_rate
    scale = 100 if percent and not target.is_flag else 1
    value = None if plan_value is None else plan_value * scale
    previous = None if base is None else base * scale
    status, progress = judge(target, rule, value, share, previous)
    return status, None if progress is None else _share(progress / 100)


def _remarks(status: Status | None, rule: Rule, note: str) -> str:
    parts = [status.label()] if status is not None else []
    if rule.is_rate:
        parts.append("同比为百分点")
    if note:
        parts.append(note)
    return "；".join(parts)


def _line(
    number: int,
    target: TargetInfo,
    rule: Rule,
    figures: tuple[Figure | None, Figure | None, Figure | None, Figure | None, Figure | None],
    share: float,
    note: str = "",
    show_status: bool = True,
    entry: ManualEntry | None = None,
) -> MonthlyRow:
    percent_unit = target.unit.startswith("%")
    month_only, ytd, previous_ytd, last_year, plan_value = (
        _value(f, rule, percent_unit) for f in figures
    )
    if not rule.is_rate and rule.kind is not RuleKind.MANUAL and not target.is_flag:
        month_only = None if ytd is None else _number(ytd - (previous_ytd or 0.0))
    points = rule.is_rate or percent_unit
    change = None if target.is_flag else change_of((ytd, last_year), points)
    status, progress = progress_of(target, rule, plan_value, last_year, share)
    return MonthlyRow(
        number=number,
        target=target,
        is_rate=rule.is_rate,
        manual=rule.kind is RuleKind.MANUAL,
        this_month=month_only,
        year_to_date=ytd,
        previous_month_to_date=previous_ytd,
        last_year_to_date=last_year,
        change=change,
        plan_to_date=plan_value,
        progress=progress,
        status=status,
        remarks=_remarks(status if show_status else None, rule, note),
        entry=entry,
    )


def manual_note(entry: ManualEntry | None) -> str:
    """Where a county statistic comes from: value date, source, who entered it."""
    if entry is None:
        return "县级统计：尚未填报"
    return f"县级统计：{official_date(entry.as_of)}，{entry.source}，{entry.entered_by}填报"


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
    order = ("month", "ytd", "previous", "last_year")
    states = {
        # A state, not a flow: every column is the rate (or the yes/no) on its day.
        "month": Span(None, as_of),
        "ytd": Span(None, as_of),
        "previous": Span(None, period.previous().end),
        "last_year": Span(None, min(last_year.end, as_of)),
    }
    wanted: list[tuple[int, str]] = []
    requests: list[tuple[Rule, Span]] = []
    for number, indicator in enumerate(report.indicators):
        rule, target = indicator.rule, indicator.target
        state = rule.kind is RuleKind.ADOPTION_RATE or target.is_flag
        for name in order:
            if name == "previous" and period.month == 1 and not rule.is_rate:
                continue
            wanted.append((number, name))
            requests.append((rule, (states if state else spans)[name]))
    evaluated = dict(zip(wanted, evaluate_many(session, requests, township), strict=True))
    for number, indicator in enumerate(report.indicators, start=1):
        rule, target = indicator.rule, indicator.target
        results: dict[str, tuple[Figure, dict[str, Figure], ManualEntry | None]] = {
            name: evaluated.get((number - 1, name), (Figure(0.0), {}, None)) for name in order
        }
        totals = [results[name][0] for name in order]
        note = ""
        if rule.kind is RuleKind.MANUAL:
            note = manual_note(indicator.manual)
            if target.is_relative:
                totals[3] = Figure(indicator.previous.value) if indicator.previous else Figure(None)
        share = indicator.expected_share
        figures.rows.append(
            _line(
                number,
                target,
                rule,
                (totals[0], totals[1], totals[2], totals[3], indicator.total),
                share,
                note,
                entry=indicator.manual,
            )
        )
        for code, _ in report.townships:
            if rule.kind is RuleKind.MANUAL:
                line = _line(
                    number,
                    target,
                    rule,
                    (None, None, None, None, None),
                    share,
                    "县级统计，不分乡镇",
                    show_status=False,
                )
                figures.by_township[code].append(line)
                continue
            parts = [results[name][1].get(code) for name in order]
            window_figure = indicator.by_township.get(code)
            figures.by_township[code].append(
                _line(
                    number,
                    target,
                    rule,
                    (parts[0], parts[1], parts[2], parts[3], window_figure),
                    share,
                    show_status=False,
                )
            )
    return figures
