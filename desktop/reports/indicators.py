"""The indicator engine: every plan target's value, progress and status, per township, in SQL.

``compute_indicators(session, as_of, plan=…)`` returns one :class:`Indicator` per target of the
plan (the current plan by default; :mod:`desktop.services.plans`): the value from
the records (or the latest hand-entered county statistic), the target and its comparison, the
percent reached and a status judged against the elapsed share of the counting window, with the
same figure for every township. Aggregation happens in the database (``COUNT(DISTINCT …)``,
``SUM``, ``GROUP BY township``); Python only sees one row per township. ``records_behind`` returns
the exact record ids behind any figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from sqlalchemy import CompoundSelect, case, distinct, func, literal_column, select, union_all
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError
from desktop.models import COUNTY_OWNER, ManualStatistic, Plan, PlanTarget, Target, Township
from desktop.reports import basis
from desktop.reports.basis import Rows, Span
from desktop.reports.rules import Rule, RuleKind, build_rules
from desktop.reports.settings import CountingWindow, counting_window, report_setting
from desktop.services import plans, reference


class Status(Enum):
    """How a target stands."""

    REACHED = "reached"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    NO_DATA = "no_data"

    def label(self, language: str = "zh") -> str:
        zh = {"reached": "已达标", "on_track": "按进度", "behind": "滞后", "no_data": "无数据"}
        en = {
            "reached": "reached",
            "on_track": "on track",
            "behind": "behind",
            "no_data": "no data",
        }
        return (en if language == "en" else zh)[self.value]


@dataclass(frozen=True)
class TargetInfo:
    """A target as plain data (safe to keep after the session closes)."""

    id: str
    kind: str
    name_zh: str
    name_en: str
    measure_type: str
    unit: str
    comparison: str
    target_value: float | None
    target_text: str
    deadline_year: int | None
    section: str
    record_source: str
    sort_order: int

    @classmethod
    def of(cls, target: Target, link: PlanTarget) -> TargetInfo:
        """The target's definition with its goal in one plan."""
        return cls(
            target.id,
            target.kind,
            target.name_zh,
            target.name_en,
            target.measure_type,
            target.unit,
            link.comparison,
            link.target_value,
            link.target_text,
            link.deadline_year,
            target.section,
            target.record_source,
            link.sort_order,
        )

    @property
    def is_flag(self) -> bool:
        """A yes/no target (milestone, compliance flag): 1 means done / compliant."""
        return self.target_value is None and "true" in self.target_text

    @property
    def is_relative(self) -> bool:
        """A target that compares with the previous year's value (生态满意度继续提升)."""
        return self.target_value is None and not self.is_flag

    def name(self, language: str = "zh") -> str:
        return self.name_en if language == "en" else self.name_zh

    def goal_label(self) -> str:
        """The goal as a clerk writes it: ≥95%, ≥6, 达标, 完成, 高于上年."""
        if self.is_flag:
            return "达标" if "达标" in self.target_text else "完成"
        if self.is_relative:
            return "高于上年"
        sign = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}.get(self.comparison, "")
        unit = "%" if self.unit.startswith("%") else ""
        return f"{sign}{self.target_value:g}{unit}"


@dataclass(frozen=True)
class PlanInfo:
    """The plan a report follows: name, issuing document and counting window."""

    id: str
    name_zh: str
    name_en: str
    document: str
    document_number: str
    issuer: str
    window: CountingWindow

    @classmethod
    def of(cls, plan: Plan) -> PlanInfo:
        return cls(
            plan.id,
            plan.name_zh,
            plan.name_en,
            plan.document,
            plan.document_number,
            plan.issuer,
            plans.window_of(plan),
        )

    def name(self, language: str = "zh") -> str:
        return self.name_en if language == "en" and self.name_en else self.name_zh

    def document_label(self) -> str:
        """《文件》（文号） as a report cites it."""
        if not self.document:
            return ""
        number = f"（{self.document_number}）" if self.document_number else ""
        return f"《{self.document}》{number}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name_zh,
            "name_en": self.name_en,
            "document": self.document,
            "document_number": self.document_number,
            "issuer": self.issuer,
            "window": {"start": self.window.start.isoformat(), "end": self.window.end.isoformat()},
        }


def window_note(plan: PlanInfo, as_of: date, language: str = "zh") -> str:
    """Empty inside the window; else a plain sentence saying where the figures stop or start."""
    window = plan.window
    if as_of > window.end:
        if language == "en":
            return (
                f"{as_of.isoformat()} is after the window of {plan.name('en')} "
                f"({window.label()}): its figures stop on {window.end.isoformat()}; "
                "records after that count toward a later plan only"
            )
        return (
            f"{as_of.isoformat()} 已在「{plan.name_zh}」计数期（{window.label()}）之后："
            f"数字截至 {window.end.isoformat()}，此后的记录只计入以后的规划"
        )
    if as_of < window.start:
        if language == "en":
            return (
                f"{as_of.isoformat()} is before the window of {plan.name('en')} "
                f"({window.label()}) begins: its new-item counts are still zero"
            )
        return (
            f"{as_of.isoformat()} 在「{plan.name_zh}」计数期（{window.label()}）开始之前："
            "新增类指标尚未开始计数"
        )
    return ""


@dataclass(frozen=True)
class Figure:
    """One number: the value, its parts (rates), and how many records lie behind it."""

    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    records: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": None if self.value is None else round(self.value, 4),
            "numerator": self.numerator,
            "denominator": self.denominator,
            "records": self.records,
        }


@dataclass(frozen=True)
class ManualEntry:
    """A hand-entered county statistic: value, date, source and who entered it."""

    record_id: str
    value: float
    as_of: date
    source: str
    entered_by: str
    notes: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "value": self.value,
            "as_of": self.as_of.isoformat(),
            "source": self.source,
            "entered_by": self.entered_by,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class Indicator:
    """A target with its current value, progress and status, and the per-township figures."""

    target: TargetInfo
    rule: Rule
    span: Span
    total: Figure
    by_township: dict[str, Figure]
    percent_of_target: float | None
    status: Status
    expected_share: float
    manual: ManualEntry | None = None
    previous: ManualEntry | None = None

    @property
    def computable(self) -> bool:
        """True when the records compute it (not a hand-entered statistic)."""
        return self.rule.kind is not RuleKind.MANUAL


@dataclass(frozen=True)
class IndicatorReport:
    """All indicators as of one day, for the county or one township."""

    as_of: date
    window: CountingWindow
    township: str | None
    townships: list[tuple[str, str]]
    plan: PlanInfo
    indicators: list[Indicator] = field(default_factory=list)

    def window_note(self, language: str = "zh") -> str:
        """Says so plainly when the as-of day lies outside the plan's window ("" inside)."""
        return window_note(self.plan, self.as_of, language)

    def get(self, target_id: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.target.id == target_id:
                return indicator
        raise KeyError(target_id)


@dataclass(frozen=True)
class DrillDown:
    """The records behind a figure: the main ledger's ids, and supporting records."""

    ledger: str
    ids: list[str]
    supporting: dict[str, list[str]] = field(default_factory=dict)


RATE_MEASURES = ("rate", "area share", "score")


# ---- spans -----------------------------------------------------------------------------------


def indicator_span(rule: Rule, window: CountingWindow, as_of: date, rate_period: str) -> Span:
    """The dates a target counts on ``as_of``: the window up to that day (clipped to its end)."""
    end = min(as_of, window.end)
    if rule.kind is RuleKind.PASS_RATE:
        return Span(date(end.year, 1, 1) if rate_period == "year" else window.start, end)
    if rule.kind is RuleKind.MANUAL:
        return Span(None, as_of)
    if rule.kind is RuleKind.ADOPTION_RATE or rule.cumulative:
        return Span(None, end)
    return Span(window.start, end)


# ---- evaluation ------------------------------------------------------------------------------


ALL = "*"
"""The township code of the county-wide rows of the aggregates below."""

Request = tuple[Rule, Span]
"""A figure wanted: a rule over a span."""

Result = tuple[Figure, dict[str, Figure], ManualEntry | None]
"""A figure's county total (de-duplicated), its per-township figures and its manual entry."""


def _tagged(statements: list[Rows], *names: str) -> Rows | CompoundSelect[*tuple[Any, ...]]:
    """One UNION ALL of bases, each row tagged with its basis's number in ``rule``.

    The numbers are written into the SQL text (small integers from ``enumerate``), so the
    statement's shape, and its cached compilation, stays the same from run to run.
    """
    members = [
        statement.with_only_columns(
            literal_column(str(number)).label("rule"),
            *(statement.selected_columns[name] for name in names),
        )
        for number, statement in enumerate(statements)
    ]
    return members[0] if len(members) == 1 else union_all(*members)


def _distinct_counts(session: Session, statements: list[Rows]) -> list[dict[str, tuple[int, int]]]:
    """Distinct keys and rows per township and county-wide (``*``), for each basis at once.

    One statement, one scan of each basis: the distinct (basis, township, key) triples are
    materialised once, then counted per township and, de-duplicated across townships, for the
    county.
    """
    every = _tagged(statements, "township_code", "key").subquery()
    pairs = (
        select(
            every.c.rule.label("rule"),
            every.c.township_code.label("township_code"),
            every.c.key.label("key"),
            func.count().label("n"),
        )
        .group_by(every.c.rule, every.c.township_code, every.c.key)
        .cte("pairs")
        .prefix_with("MATERIALIZED")
    )
    per_township = select(
        pairs.c.rule, pairs.c.township_code, func.count(), func.coalesce(func.sum(pairs.c.n), 0)
    ).group_by(pairs.c.rule, pairs.c.township_code)
    county = select(
        pairs.c.rule,
        literal_column(f"'{ALL}'"),
        func.count(distinct(pairs.c.key)),
        func.coalesce(func.sum(pairs.c.n), 0),
    ).group_by(pairs.c.rule)
    counts: list[dict[str, tuple[int, int]]] = [{} for _ in statements]
    for number, code, keys, rows in session.execute(union_all(per_township, county)):
        counts[int(number)][str(code)] = (int(keys), int(rows))
    return counts


def _count_figures(counts: dict[str, tuple[int, int]]) -> tuple[Figure, dict[str, Figure]]:
    keys, rows = counts.pop(ALL, (0, 0))
    by = {code: Figure(float(k), records=n) for code, (k, n) in sorted(counts.items())}
    return Figure(float(keys), records=rows), by


def _pass_rate_figures(
    session: Session, statements: list[Rows]
) -> list[tuple[Figure, dict[str, Figure]]]:
    """Σ passed / Σ sampled per township, for each basis; the county adds the townships up."""
    members = []
    for number, statement in enumerate(statements):
        columns = statement.selected_columns
        members.append(
            statement.with_only_columns(
                literal_column(str(number)).label("rule"),
                columns.township_code,
                func.coalesce(func.sum(columns.sampled), 0),
                func.coalesce(func.sum(columns.passed), 0),
                func.count(),
            ).group_by(columns.township_code)
        )
    sums: list[dict[str, tuple[int, int, int]]] = [{} for _ in statements]
    every = members[0] if len(members) == 1 else union_all(*members)
    for number, code, sampled, passed, rows in session.execute(every):
        sums[int(number)][str(code)] = (int(sampled), int(passed), int(rows))
    results = []
    for by_code in sums:
        per_township = {
            code: _rate(passed, sampled, rows)
            for code, (sampled, passed, rows) in sorted(by_code.items())
        }
        sampled_total = sum(parts[0] for parts in by_code.values())
        passed_total = sum(parts[1] for parts in by_code.values())
        rows_total = sum(parts[2] for parts in by_code.values())
        results.append((_rate(passed_total, sampled_total, rows_total), per_township))
    return results


def _rate(numerator: int, denominator: int, rows: int) -> Figure:
    value = numerator / denominator * 100 if denominator else None
    return Figure(value, float(numerator), float(denominator), rows)


def _adoption_figures(
    session: Session, statements: list[Rows]
) -> list[tuple[Figure, dict[str, Figure]]]:
    """Distinct enterprises in scope and distinct adopters, per township and county-wide.

    The bases (enterprises in scope with their adopter ``flag``) are materialised once, then
    counted per township and, de-duplicated by credit code across townships, for the county.
    """
    basis_rows = _tagged(statements, "township_code", "key", "flag").cte("scope")
    basis_rows = basis_rows.prefix_with("MATERIALIZED")
    columns = (
        func.count(distinct(basis_rows.c.key)),
        func.count(distinct(case((basis_rows.c.flag == 1, basis_rows.c.key)))),
        func.count(),
    )
    per_township = select(basis_rows.c.rule, basis_rows.c.township_code, *columns).group_by(
        basis_rows.c.rule, basis_rows.c.township_code
    )
    county = select(basis_rows.c.rule, literal_column(f"'{ALL}'"), *columns).group_by(
        basis_rows.c.rule
    )
    found: list[dict[str, Figure]] = [{} for _ in statements]
    for number, code, everyone, adopted, rows in session.execute(union_all(per_township, county)):
        found[int(number)][str(code)] = _rate(int(adopted), int(everyone), int(rows))
    results = []
    for by_code in found:
        total = by_code.pop(ALL, _rate(0, 0, 0))
        results.append((total, dict(sorted(by_code.items()))))
    return results


def manual_entries(
    session: Session, target_ids: list[str], span: Span
) -> dict[str, list[ManualEntry]]:
    """The live county statistics of the targets within the span, latest first, by target.

    Only the county's own statistics count: a township's ``manual_statistics`` row (it may send
    one) is kept as that township's statistic and never read for a county figure. One read for
    every target; :func:`latest` picks a figure's entry from them.
    """
    found: dict[str, list[ManualEntry]] = {target_id: [] for target_id in target_ids}
    if not target_ids:
        return found
    table = ManualStatistic.__table__
    statement = select(
        table.c.target_id,
        table.c.id,
        table.c.value,
        table.c.as_of,
        table.c.source,
        table.c.created_by,
        table.c.notes,
    ).where(
        table.c.owner == COUNTY_OWNER,
        table.c.target_id.in_(target_ids),
        table.c.deleted.is_(False),
        table.c.as_of <= span.end,
    )
    if span.start is not None:
        statement = statement.where(table.c.as_of >= span.start)
    statement = statement.order_by(table.c.target_id, table.c.as_of.desc(), table.c.hlc.desc())
    for target_id, record_id, value, as_of, source, entered_by, notes in session.execute(statement):
        found[target_id].append(ManualEntry(record_id, value, as_of, source, entered_by, notes))
    return found


def latest(entries: list[ManualEntry], exclude_year: int | None = None) -> ManualEntry | None:
    """The latest of a target's entries (:func:`manual_entries`), or the latest before a year."""
    for entry in entries:
        if exclude_year is None or entry.as_of < date(exclude_year, 1, 1):
            return entry
    return None


def manual_entry(
    session: Session, target_id: str, span: Span, exclude_year: int | None = None
) -> ManualEntry | None:
    """The latest live hand-entered county value for a target within the span."""
    return latest(manual_entries(session, [target_id], span)[target_id], exclude_year)


BATCH = 100
"""Bases per statement at most (SQLite allows 500 members in one compound SELECT)."""

COUNTS = (RuleKind.ENTERPRISE_COUNT, RuleKind.ITEM_COUNT, RuleKind.PROJECT_COUNT)


def _count_results(
    session: Session, statements: list[Rows]
) -> list[tuple[Figure, dict[str, Figure]]]:
    return [_count_figures(counts) for counts in _distinct_counts(session, statements)]


def evaluate_many(
    session: Session, requests: list[Request], township: str | None = None
) -> list[Result]:
    """Many figures at once, in the order asked: one statement per kind of basis.

    Every figure aggregates over its rule's basis (:mod:`desktop.reports.basis`), the very SELECT
    its drill-down lists, only several bases travel in one round trip. A request asked twice is
    computed once.
    """
    unique = list(dict.fromkeys(requests))
    if len(unique) < len(requests):
        found = dict(zip(unique, evaluate_many(session, unique, township), strict=True))
        return [(found[r][0], dict(found[r][1]), found[r][2]) for r in requests]
    results: list[Result | None] = [None] * len(requests)
    by_kind: dict[RuleKind, list[int]] = {}
    for number, (rule, _span) in enumerate(requests):
        by_kind.setdefault(rule.kind, []).append(number)
    manual_spans: dict[Span, list[int]] = {}
    for number in by_kind.pop(RuleKind.MANUAL, []):
        manual_spans.setdefault(requests[number][1], []).append(number)
    for span, numbers in manual_spans.items():
        entries = manual_entries(session, sorted({requests[n][0].target_id for n in numbers}), span)
        for number in numbers:
            entry = latest(entries[requests[number][0].target_id])
            figure = Figure(entry.value, records=1) if entry else Figure(None)
            results[number] = (figure, {}, entry)
    counted = [n for kind, numbers in by_kind.items() if kind in COUNTS for n in numbers]
    kinds = (
        (by_kind.get(RuleKind.PASS_RATE, []), basis.pass_rate_basis, _pass_rate_figures),
        (by_kind.get(RuleKind.ADOPTION_RATE, []), basis.adoption_basis, _adoption_figures),
        (counted, count_basis, _count_results),
    )
    for numbers, basis_of, aggregate in kinds:
        for start in range(0, len(numbers), BATCH):
            chunk = numbers[start : start + BATCH]
            statements = [basis_of(*requests[n], township) for n in chunk]
            for number, (total, by) in zip(chunk, aggregate(session, statements), strict=True):
                results[number] = (total, by, None)
    return [result for result in results if result is not None]


def count_basis(rule: Rule, span: Span, township: str | None = None) -> Rows:
    """The basis of a count: projects, or certifications keyed by enterprise or certificate."""
    if rule.kind is RuleKind.PROJECT_COUNT:
        return basis.project_basis(rule, span, township)
    return basis.certification_basis(rule, span, township)


def evaluate(session: Session, rule: Rule, span: Span, township: str | None = None) -> Result:
    """A rule's figure over a span: county total (de-duplicated), per township, manual entry."""
    return evaluate_many(session, [(rule, span)], township)[0]


# ---- judging ---------------------------------------------------------------------------------


def _meets(value: float, comparison: str, target: float) -> bool:
    tolerance = 1e-9
    if comparison == ">=":
        return value >= target - tolerance
    if comparison == ">":
        return value > target + tolerance
    if comparison == "<=":
        return value <= target + tolerance
    if comparison == "<":
        return value < target - tolerance
    return abs(value - target) <= tolerance


def judge(
    target: TargetInfo,
    rule: Rule,
    value: float | None,
    share: float,
    previous: float | None = None,
) -> tuple[Status, float | None]:
    """Status and percent of target reached, given the elapsed share of the window."""
    if value is None:
        return Status.NO_DATA, None
    if target.is_flag:
        done = value >= 1
        return (Status.REACHED if done else Status.BEHIND), (100.0 if done else 0.0)
    if target.is_relative:
        if previous is None:
            return Status.NO_DATA, None
        met = _meets(value, target.comparison or ">", previous)
        percent = value / previous * 100 if previous else None
        return (Status.REACHED if met else Status.BEHIND), percent
    goal = float(target.target_value or 0)
    if target.comparison in ("<=", "<"):
        percent = goal / value * 100 if value else 100.0
    else:
        percent = value / goal * 100 if goal else None
    if _meets(value, target.comparison, goal):
        return Status.REACHED, percent
    if rule.is_rate or target.measure_type in RATE_MEASURES or target.unit.startswith("%"):
        return Status.BEHIND, percent
    if target.comparison in (">=", ">") and value >= goal * share - 1e-9:
        return Status.ON_TRACK, percent
    return Status.BEHIND, percent


# ---- the whole report ------------------------------------------------------------------------


def township_list(session: Session, township: str | None = None) -> list[tuple[str, str]]:
    """(code, name) of the townships a report covers; an unknown code is an error."""
    if township:
        row = session.get(Township, township)
        if row is None:
            raise NotFoundError(f"未知的乡镇代码 {township}", f"unknown township code {township}")
        return [(row.code, row.name_zh)]
    return [(t.code, t.name_zh) for t in reference.townships(session)]


def _fill(by: dict[str, Figure], rule: Rule, townships: list[tuple[str, str]]) -> dict[str, Figure]:
    """Every covered township gets a figure: 0 for counts, no value for rates without data."""
    empty = Figure(None) if rule.is_rate else Figure(0.0)
    filled = {code: by.get(code, empty) for code, _ in townships}
    for code, figure in by.items():
        filled.setdefault(code, figure)
    return filled


def compute_indicators(
    session: Session, as_of: date, township: str | None = None, plan: str | None = None
) -> IndicatorReport:
    """Every target of a plan (the current one by default) as of a day, county or one township.

    A record counts toward every plan whose window contains it: each plan reads the records of
    its own window.
    """
    info_plan = PlanInfo.of(plans.find(session, plan))
    window = info_plan.window
    townships = township_list(session, township)
    targets = plans.plan_targets(session, info_plan.id)
    rules = build_rules(session, targets)
    rate_period = report_setting(session, "rate_period")
    share = window.elapsed_share(as_of)
    report = IndicatorReport(as_of, window, township, townships, info_plan)
    requests = [
        (rules[target.id], indicator_span(rules[target.id], window, as_of, rate_period))
        for target, _link in targets
    ]
    results = evaluate_many(session, requests, township)
    for (target, link), (rule, span), (total, by, entry) in zip(
        targets, requests, results, strict=True
    ):
        info = TargetInfo.of(target, link)
        previous = None
        if rule.kind is RuleKind.MANUAL and entry is not None and info.is_relative:
            previous = manual_entry(session, target.id, span, exclude_year=entry.as_of.year)
        status, percent = judge(
            info, rule, total.value, share, previous.value if previous else None
        )
        by_township = {} if rule.kind is RuleKind.MANUAL else _fill(by, rule, townships)
        report.indicators.append(
            Indicator(info, rule, span, total, by_township, percent, status, share, entry, previous)
        )
    return report


def rule_for(session: Session, target_id: str, plan: str | None = None) -> tuple[TargetInfo, Rule]:
    """A target of a plan (the current one by default) and its rule, or NotFoundError."""
    plan_id = plans.find(session, plan).id
    pairs = [(t, link) for t, link in plans.plan_targets(session, plan_id) if t.id == target_id]
    if not pairs:
        raise NotFoundError(
            f"规划 {plan_id} 中没有目标 {target_id}",
            f"the plan {plan_id} has no target {target_id}",
        )
    return TargetInfo.of(*pairs[0]), build_rules(session, pairs)[target_id]


def drill_statement(rule: Rule, span: Span, township: str | None = None) -> Rows:
    """SELECT of the ids of the main records behind a figure (for paging in a window)."""
    if rule.kind is RuleKind.PASS_RATE:
        sub = basis.pass_rate_basis(rule, span, township).subquery()
    elif rule.kind is RuleKind.ADOPTION_RATE:
        sub = basis.adoption_bases(rule, span, township)[0].subquery()
    elif rule.kind is RuleKind.PROJECT_COUNT:
        sub = basis.project_basis(rule, span, township).subquery()
    elif rule.kind is RuleKind.MANUAL:
        statement = select(ManualStatistic.id).where(
            ManualStatistic.owner == COUNTY_OWNER,
            ManualStatistic.target_id == rule.target_id,
            ManualStatistic.deleted.is_(False),
            ManualStatistic.as_of <= span.end,
        )
        if span.start is not None:
            statement = statement.where(ManualStatistic.as_of >= span.start)
        return statement.order_by(ManualStatistic.as_of.desc(), ManualStatistic.id)
    else:
        sub = basis.certification_basis(rule, span, township).subquery()
    return select(sub.c.record_id).order_by(sub.c.record_id)


def records_behind(
    session: Session,
    target_id: str,
    as_of: date,
    township: str | None = None,
    plan: str | None = None,
) -> DrillDown:
    """The exact records behind a target's figure on ``as_of`` (county or one township)."""
    _info, rule = rule_for(session, target_id, plan)
    if township:
        township_list(session, township)
    window = counting_window(session, plan)
    span = indicator_span(rule, window, as_of, report_setting(session, "rate_period"))
    if rule.kind is RuleKind.MANUAL:
        entry = manual_entry(session, target_id, span)
        return DrillDown(rule.ledger, [entry.record_id] if entry else [])
    ids = [str(i) for i in session.scalars(drill_statement(rule, span, township))]
    supporting: dict[str, list[str]] = {}
    if rule.kind is RuleKind.ADOPTION_RATE:
        supporting["certifications"] = sorted(
            str(i) for i in session.scalars(basis.adoption_certificates(rule, span, township))
        )
    return DrillDown(rule.ledger, ids, supporting)


def report_as_dict(report: IndicatorReport, language: str = "zh") -> dict[str, Any]:
    """The whole report as JSON-ready data (what ``indicators --json`` prints)."""
    names = dict(report.townships)
    return {
        "as_of": report.as_of.isoformat(),
        "plan": report.plan.as_dict(),
        "window": {"start": report.window.start.isoformat(), "end": report.window.end.isoformat()},
        "window_note": report.window_note(language),
        "elapsed_share": round(report.window.elapsed_share(report.as_of), 4),
        "township": report.township,
        "indicators": [
            {
                "id": ind.target.id,
                "name": ind.target.name(language),
                "section": ind.target.section,
                "unit": ind.target.unit,
                "comparison": ind.target.comparison,
                "target": ind.target.target_value,
                "target_text": ind.target.target_text,
                "record_source": ind.target.record_source,
                "computed_from": ind.rule.kind.value,
                "computable": ind.computable,
                "span": {
                    "start": ind.span.start.isoformat() if ind.span.start else None,
                    "end": ind.span.end.isoformat(),
                },
                **ind.total.as_dict(),
                "percent_of_target": None
                if ind.percent_of_target is None
                else round(ind.percent_of_target, 2),
                "status": ind.status.value,
                "status_label": ind.status.label(language),
                "manual": ind.manual.as_dict() if ind.manual else None,
                "previous": ind.previous.as_dict() if ind.previous else None,
                "by_township": [
                    {"code": code, "name": names.get(code, code), **figure.as_dict()}
                    for code, figure in ind.by_township.items()
                ],
            }
            for ind in report.indicators
        ],
    }
