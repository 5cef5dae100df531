"""Every cell of the 月报 summary recomputed: from the records and from the other cells of its row.

The oracle below reads the live records with plain SELECTs and counts them in Python, in its own
words (not through ``desktop.reports``): distinct credit codes, distinct certificates, distinct
projects, summed batches, the latest county statistic. Each printed figure must equal it, and each
derived cell (本月数, 同比增减, 完成进度) must follow from the cells printed beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from report_dataset import A, B, Dataset
from sqlalchemy import select

from desktop.db import Database
from desktop.models import (
    Category,
    Certification,
    Enterprise,
    Inspection,
    ManualStatistic,
    PlanTarget,
    Project,
    Target,
)
from desktop.reports.monthly import Period
from desktop.reports.summary_sheet import SUMMARY_HEADERS
from desktop.reports.workbook import write_monthly_report
from desktop.services.office import Office

County = tuple[Database, Office, Dataset]
TODAY = date(2022, 7, 10)
PERIOD = Period(2022, 6)
AS_OF = date(2022, 6, 30)
WINDOW = (date(2019, 1, 1), date(2022, 12, 31))
SPANS = {
    "month": (date(2022, 6, 1), AS_OF),
    "ytd": (date(2022, 1, 1), AS_OF),
    "previous": (date(2022, 1, 1), date(2022, 5, 31)),
    "last_year": (date(2021, 1, 1), date(2021, 6, 30)),
}
NO = "—"
COL = {name: i for i, name in enumerate(SUMMARY_HEADERS)}
TIERS = {
    "DIM_ENT_ABOVE_SCALE": "above_scale",
    "DIM_ENT_LEADING": "leading",
    "DIM_ENT_HIGH_GROWTH": "high_growth",
}


@dataclass
class Records:
    """The live records, as plain tuples."""

    inspections: list[tuple[str, date, str, int, int]]
    certifications: list[tuple[str, date, str, str, str]]
    projects: list[tuple[str, str, date, str, str]]
    enterprises: list[tuple[str, str, str | None]]
    statistics: list[tuple[str, float, date, str, str]]
    holders: dict[str, list[tuple[str, date]]]


def _records(database: Database) -> Records:
    with database.session() as session:
        live = {
            e.id: e
            for e in session.scalars(select(Enterprise).where(Enterprise.deleted.is_(False)))
        }
        certifications, holders = [], {}
        for c in session.scalars(select(Certification).where(Certification.deleted.is_(False))):
            owner = live.get(c.enterprise_id or "")
            code = owner.credit_code if owner else f"id:{c.id}"
            certifications.append(
                (
                    c.category_code,
                    c.awarded_date,
                    c.township_code,
                    code,
                    c.document_number or c.title,
                )
            )
            if owner:
                holders.setdefault(owner.credit_code, []).append((c.category_code, c.awarded_date))
        return Records(
            [
                (
                    i.category_code,
                    i.inspection_date,
                    i.township_code,
                    i.batches_sampled,
                    i.batches_passed,
                )
                for i in session.scalars(select(Inspection).where(Inspection.deleted.is_(False)))
            ],
            certifications,
            [
                (p.category_code, p.name.strip(), p.start_date, p.status, p.township_code)
                for p in session.scalars(select(Project).where(Project.deleted.is_(False)))
            ],
            [(e.credit_code, e.township_code, e.tier) for e in live.values()],
            [
                (m.target_id, m.value, m.as_of, m.source, m.created_by)
                for m in session.scalars(
                    select(ManualStatistic).where(ManualStatistic.deleted.is_(False))
                )
            ],
            holders,
        )


def _within(day: date, span: tuple[date | None, date]) -> bool:
    return (span[0] is None or day >= span[0]) and day <= span[1]


@dataclass
class Oracle:
    """One target's figures computed from the records, in the test's own words."""

    target: Target
    link: PlanTarget
    groups: dict[str, str]
    records: Records

    @property
    def codes(self) -> set[str]:
        return {c for c in self.link.category_codes.split(";") if c}

    def linked(self, group: str) -> set[str]:
        return {c for c in self.codes if self.groups.get(c) == group}

    @property
    def kind(self) -> str:
        source = self.target.record_source
        if source == "inspection" and self.linked("inspection"):
            return "rate"
        if source == "demonstration" and self.linked("demonstration"):
            return "projects"
        if source == "certification" and self.linked("certification"):
            if self.target.measure_type == "rate":
                return "adoption"
            return "enterprises" if self.target.unit == "家" else "certificates"
        return "manual"

    def value(self, span: tuple[date | None, date], town: str | None) -> float | None:
        ours: Callable[[str], bool] = lambda t: town is None or t == town  # noqa: E731
        kind = self.kind
        if kind == "rate":
            rows = [
                r
                for r in self.records.inspections
                if r[0] in self.codes and _within(r[1], span) and ours(r[2])
            ]
            sampled = sum(r[3] for r in rows)
            return round(sum(r[4] for r in rows) / sampled, 3) if sampled else None
        if kind == "projects":
            completed_only = self.target.id == "rr_demo_belts_completed"
            return float(
                len(
                    {
                        (r[0], r[1])
                        for r in self.records.projects
                        if r[0] in self.codes
                        and _within(r[2], span)
                        and ours(r[4])
                        and (r[3] == "completed" or not completed_only)
                    }
                )
            )
        if kind in ("enterprises", "certificates"):
            cumulative = self.target.id == "enterprise_product_standards_published_online"
            if cumulative and span[0] == WINDOW[0]:
                span = (None, span[1])
            rows = [
                r
                for r in self.records.certifications
                if r[0] in self.codes and _within(r[1], span) and ours(r[2])
            ]
            if kind == "enterprises":
                return float(len({r[3] for r in rows}))
            return float(len({(r[0], r[3], r[4]) for r in rows}))
        if kind == "adoption":
            tiers = {TIERS[c] for c in self.codes if c in TIERS}
            scope = {r[0] for r in self.records.enterprises if r[2] in tiers and ours(r[1])}
            adopters = {
                code
                for code in scope
                if any(
                    cat in self.codes and day <= span[1]
                    for cat, day in self.records.holders.get(code, [])
                )
            }
            return round(len(adopters) / len(scope), 3) if scope else None
        if town is not None:
            return None
        entries = sorted(
            (r for r in self.records.statistics if r[0] == self.target.id and _within(r[2], span)),
            key=lambda r: r[2],
        )
        if not entries:
            return None
        value = entries[-1][1]
        if self.target.unit == "是/否":
            return value
        return round(value / 100, 3) if self.target.unit.startswith("%") else value

    def plan_span(self) -> tuple[date | None, date]:
        if self.kind == "rate":
            return (date(2022, 1, 1), AS_OF)
        if self.kind in ("adoption", "manual"):
            return (None, AS_OF)
        return (WINDOW[0], AS_OF)


def _close(cell: Any, expected: float | None) -> bool:
    if expected is None:
        return cell == NO
    return isinstance(cell, (int, float)) and cell == pytest.approx(expected, abs=1e-9)


def _check_sheet(rows: list[tuple[Any, ...]], oracles: list[Oracle], town: str | None) -> int:
    checked = 0
    for row, oracle in zip(rows, oracles, strict=True):
        target, link = oracle.target, oracle.link
        where = f"{town or '县'} {target.id}"
        assert row[COL["指标名称"]] == target.name_zh and row[COL["计量单位"]] == target.unit
        flag = target.unit == "是/否"
        relative = link.target_value is None and not flag
        share = oracle.kind in ("rate", "adoption") or target.unit.startswith("%")
        goal = row[COL["目标"]]
        if link.target_value is None:
            assert goal in ("达标", "完成", "高于上年"), where
        elif link.comparison in (">=", "="):
            assert goal == pytest.approx(link.target_value / 100 if share else link.target_value)
        state = oracle.kind == "adoption" or flag
        spans = {
            name: ((None, stop) if state else (start, stop))
            for name, (start, stop) in SPANS.items()
        }
        figures = {name: oracle.value(span, town) for name, span in spans.items()}
        plan_value = oracle.value(oracle.plan_span(), town)
        if relative and town is None:
            earlier = [
                r
                for r in oracle.records.statistics
                if r[0] == target.id and r[2] < date(2022, 1, 1)
            ]
            figures["last_year"] = max(earlier, key=lambda r: r[2])[1] if earlier else None

        counted = oracle.kind in ("projects", "enterprises", "certificates")
        month = figures["ytd"] - (figures["previous"] or 0) if counted else figures["month"]
        if counted:
            assert row[COL["本月数"]] == month, where  # 本年累计 − 上月累计
        for column, expected in (
            ("本月数", month),
            ("本年累计", figures["ytd"]),
            ("上年同期累计", figures["last_year"]),
            ("规划期累计", plan_value),
        ):
            cell = row[COL[column]]
            if flag:
                word = NO if expected is None else ("是" if expected >= 1 else "否")
                assert cell == word, (where, column)
            else:
                assert _close(cell, expected), (where, column, cell, expected)
        # Derived cells, from the cells of the same row only.
        ytd, last, plan_cell = (row[COL[c]] for c in ("本年累计", "上年同期累计", "规划期累计"))
        change = row[COL["同比增减(%)"]]
        numbers = all(isinstance(v, (int, float)) for v in (ytd, last))
        if flag or not numbers or (not share and not last):
            assert change == NO, where
        else:
            expected_change = ytd - last if share else (ytd - last) / last
            assert change == pytest.approx(round(expected_change, 3), abs=1e-9), where
        progress = row[COL["完成进度(%)"]]
        if flag:
            assert progress == (NO if plan_cell == NO else (1.0 if plan_cell == "是" else 0.0))
        elif not isinstance(plan_cell, (int, float)):
            assert progress == NO, where
        elif relative:
            expected = plan_cell / last if isinstance(last, (int, float)) and last else None
            assert _close(progress, None if expected is None else round(expected, 3)), where
        elif link.comparison in (">=", "=", ">"):
            expected = plan_cell / (goal if isinstance(goal, (int, float)) else 1)
            assert progress == pytest.approx(round(expected, 3), abs=1e-9), where
        remarks = row[COL["备注"]] or ""
        if oracle.kind == "manual" and town is None:
            entries = [r for r in oracle.records.statistics if r[0] == target.id and r[2] <= AS_OF]
            if entries:
                latest = max(entries, key=lambda r: r[2])
                day = latest[2]
                assert f"{day.year}年{day.month}月{day.day}日" in remarks, where
                assert latest[3] in remarks and latest[4] in remarks, where
        if oracle.kind == "manual" and town is not None:
            assert "不分乡镇" in remarks
        checked += 1
    return checked


def test_every_summary_cell_is_recomputed(county: County, tmp_path: Path) -> None:
    database, _, _ = county
    path = tmp_path / "月报.xlsx"
    with database.session() as session:
        write_monthly_report(session, path, PERIOD, TODAY, unit="县质量强县办", preparer="李四")
        groups = {c.code: c.group for c in session.scalars(select(Category))}
        links = [
            (target, link)
            for target, link in session.execute(
                select(Target, PlanTarget)
                .join(PlanTarget, PlanTarget.target_id == Target.id)
                .where(PlanTarget.plan_id == "2018", PlanTarget.active.is_(True))
                .order_by(PlanTarget.sort_order)
            )
        ]
    records = _records(database)
    oracles = [Oracle(target, link, groups, records) for target, link in links]
    book = load_workbook(path, data_only=True)
    checked = 0
    for sheet_name, town in (("月报", None), ("罗阳镇", A), ("百丈镇", B)):
        sheet = book[sheet_name]
        assert tuple(c.value for c in sheet[6]) == SUMMARY_HEADERS
        rows = list(sheet.iter_rows(min_row=7, max_row=6 + len(oracles), values_only=True))
        assert [r[0] for r in rows] == list(range(1, len(oracles) + 1))
        checked += _check_sheet(rows, oracles, town)
        unit = sheet["A4"].value
        assert unit == ("填报单位：县质量强县办" if town is None else f"填报单位：{sheet_name}")
    assert checked == 3 * 34
    kinds = {o.kind for o in oracles}
    assert kinds == {"rate", "projects", "enterprises", "certificates", "adoption", "manual"}
