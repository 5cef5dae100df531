"""The 月报 summary table as county offices hand it upward, every figure traceable on its row.

Header: title, the plan and its counting window, 表号, 制表机关, 填报单位, 报告期. Columns:
序号 · 指标名称 · 计量单位 · 目标 · 本月数 · 本年累计 · 上年同期累计 · 同比增减(%) · 规划期累计 ·
完成进度(%) · 备注. 同比 follows from 本年累计 and 上年同期累计, 完成进度 from 规划期累计 and 目标
(the rounded values printed, see :mod:`desktop.reports.monthly`); county statistics carry their
value, date, source and who entered them; 是/否 targets print 是/否 and no 同比. The notes under the
table say how each column is defined. Printed A4 landscape, fitted to the page width only (so
the text stays at its 10 pt), with the header rows repeated on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop.reports import paging, xlsx
from desktop.reports.indicators import window_note
from desktop.reports.monthly import MonthlyFigures, MonthlyRow
from desktop.reports.monthly import official_date as official
from desktop.reports.rules import RuleKind
from desktop.reports.xlsx import Book, Sheet

SUMMARY_HEADERS = (
    "序号",
    "指标名称",
    "计量单位",
    "目标",
    "本月数",
    "本年累计",
    "上年同期累计",
    "同比增减(%)",
    "规划期累计",
    "完成进度(%)",
    "备注",
)
SUMMARY_WIDTHS = (4, 30, 6, 8, 8, 8, 9, 8, 9, 8, 22)
HEADER_ROW = 6
HEADER_HEIGHT = 30.0
"""The row of the column headers (repeated on every printed page)."""
NO_VALUE = "—"
COLUMN = {name: index for index, name in enumerate(SUMMARY_HEADERS)}


@dataclass(frozen=True)
class ReportHeading:
    """Who reports what: the words of the official header and footer."""

    title: str
    table_number: str
    issuer: str
    unit: str
    period_label: str
    preparer: str
    head: str = ""
    reviewer: str = ""
    phone: str = ""
    issued_on: str = ""
    plan_line: str = ""
    window_line: str = ""


def merge(sheet: Sheet, first: int, last: int, row: int) -> None:
    """Merge columns ``first``..``last`` of ``row`` (the row just appended)."""
    sheet.merge(first, last, row)


def display(row: MonthlyRow, value: float | None) -> tuple[Any, str | None]:
    """A figure as a cell value and number format (shares as fractions)."""
    if value is None:
        return NO_VALUE, None
    if row.is_flag:
        return ("是" if value >= 1 else "否"), None
    if row.is_percent:
        return value, xlsx.PERCENT_FORMAT
    if float(value).is_integer():
        return value, xlsx.COUNT_FORMAT
    return value, xlsx.NUMBER_FORMAT


def goal(row: MonthlyRow) -> tuple[Any, str | None]:
    """The 目标 cell: a number where the plan gives one (≥/=), else the words."""
    target = row.target
    if target.target_value is None:
        return row.goal_text, None
    if target.comparison in (">=", "="):
        if row.is_percent:
            return target.target_value / 100, xlsx.PERCENT_FORMAT
        return target.target_value, xlsx.NUMBER_FORMAT if target.unit == "分(0-100)" else None
    return row.goal_text, None


def percent(value: float | None) -> tuple[Any, str | None]:
    return (NO_VALUE, None) if value is None else (value, xlsx.PERCENT_FORMAT)


def row_values(row: MonthlyRow) -> list[tuple[Any, str | None]]:
    """The eleven cells of a line as (value, number format)."""
    return [
        (row.number, None),
        (row.target.name_zh, None),
        (row.target.unit, None),
        goal(row),
        display(row, row.this_month),
        display(row, row.year_to_date),
        display(row, row.last_year_to_date),
        (NO_VALUE, None) if row.is_flag else percent(row.change),
        display(row, row.plan_to_date),
        percent(row.progress),
        (row.remarks, None),
    ]


def _cell(shown: tuple[Any, str | None], index: int) -> Any:
    value, number_format = shown
    if index in (COLUMN["指标名称"], COLUMN["备注"]):
        return xlsx.styled(value)
    if isinstance(value, str):
        return xlsx.styled(value, xlsx.CENTER)
    return xlsx.styled(value, xlsx.RIGHT.but(number_format=number_format))


def write_summary_sheet(
    workbook: Book, name: str, heading: ReportHeading, rows: list[MonthlyRow], notes: str
) -> int:
    """The official 月报 table: header block, one line per target, notes and signature footer.

    Returns the number of printed pages.
    """
    sheet = workbook.create_sheet(name)
    xlsx.set_widths(sheet, SUMMARY_WIDTHS)
    sheet.freeze(f"C{HEADER_ROW + 1}")
    xlsx.print_setup(sheet, (HEADER_ROW, HEADER_ROW), gridlines=False)
    scale = paging.scale_for(SUMMARY_WIDTHS)
    paging.fixed_scale(sheet, scale)
    pager = paging.Pager(sheet, scale, repeated=HEADER_HEIGHT)
    last = len(SUMMARY_HEADERS)
    pager.add(34)
    sheet.append([xlsx.styled(heading.title, xlsx.TITLE)])
    merge(sheet, 1, last, 1)

    def small(text: str) -> Any:
        return xlsx.styled(text, xlsx.SUBTITLE)

    pager.add(paging.line_count(heading.plan_line, sum(SUMMARY_WIDTHS[:8])) * 14 + 4)
    sheet.append(
        [small(heading.plan_line)] + [None] * 7 + [small(f"表    号：{heading.table_number}")]
    )
    merge(sheet, 1, 8, 2)
    merge(sheet, 9, last, 2)
    pager.add(paging.line_count(heading.window_line, sum(SUMMARY_WIDTHS[:8])) * 14 + 4)
    sheet.append([small(heading.window_line)] + [None] * 7 + [small(f"制表机关：{heading.issuer}")])
    merge(sheet, 1, 8, 3)
    merge(sheet, 9, last, 3)
    pager.add(18)
    sheet.append(
        [
            small(f"填报单位：{heading.unit}"),
            None,
            None,
            None,
            xlsx.styled(f"报告期：{heading.period_label}", xlsx.SUBTITLE.but(align="center")),
            None,
            None,
            None,
            small("计量单位：见各行"),
        ]
    )
    merge(sheet, 1, 4, 4)
    merge(sheet, 5, 8, 4)
    merge(sheet, 9, last, 4)
    pager.add(6)
    sheet.append([])
    pager.add(HEADER_HEIGHT)
    sheet.append(xlsx.header_row(SUMMARY_HEADERS))
    for row in rows:
        lines = max(
            paging.line_count(row.target.name_zh, SUMMARY_WIDTHS[1]),
            paging.line_count(row.remarks, SUMMARY_WIDTHS[-1]),
        )
        pager.add(max(18.0, lines * 14.0 + 4))
        sheet.append([_cell(shown, i) for i, shown in enumerate(row_values(row))])
    end = HEADER_ROW + len(rows)
    sheet.autofilter(HEADER_ROW, end, last)
    pager.add(8)
    sheet.append([])
    pager.add(paging.line_count(notes, sum(SUMMARY_WIDTHS)) * 14.0 + 6)
    sheet.append([small(notes)])
    merge(sheet, 1, last, end + 2)
    pager.add(8, keep_with_previous=True)
    sheet.append([])
    footer = [
        (1, 2, f"单位负责人：{heading.head}"),
        (3, 5, f"审核人：{heading.reviewer}"),
        (6, 7, f"填表人：{heading.preparer}"),
        (8, 9, f"联系电话：{heading.phone}"),
        (10, 11, f"报出日期：{heading.issued_on}"),
    ]
    cells: list[Any] = [None] * last
    for first, _, text in footer:
        cells[first - 1] = small(text)
    pager.add(18, keep_with_previous=True)
    sheet.append(cells)
    for first, second, _ in footer:
        merge(sheet, first, second, end + 4)
    return pager.finish()


def plan_lines(figures: MonthlyFigures) -> tuple[str, str]:
    """The header's plan line and window line (with a plain warning outside the window)."""
    plan = figures.indicators.plan
    document = plan.document_label()
    plan_line = f"规划：{plan.name_zh}" + (f"  依据：{document}" if document else "")
    window = plan.window
    window_line = (
        f"计数期：{official(window.start)}至{official(window.end)}，"
        f"截至{official(figures.as_of)}已过{window.elapsed_share(figures.as_of):.0%}"
    )
    note = window_note(plan, figures.as_of)
    return plan_line, window_line + (f"。注意：{note}" if note else "")


def notes(figures: MonthlyFigures, township_sheet: bool = False) -> str:
    """How each column is defined, with this report's days and the plan's window."""
    report = figures.indicators
    window, as_of, period = report.window, figures.as_of, figures.period
    end = min(as_of, window.end)
    rate_spans = {
        (ind.span.start, ind.span.end)
        for ind in report.indicators
        if ind.rule.kind is RuleKind.PASS_RATE
    }
    rate_text = (
        "、".join(
            f"{official(start or window.start)}至{official(stop)}"
            for start, stop in sorted(rate_spans, key=lambda s: (s[0] or date.min, s[1]))
        )
        or f"{official(window.start)}至{official(end)}"
    )
    cumulative = [ind.target.name_zh for ind in report.indicators if ind.rule.cumulative]
    last_year = period.year_earlier()
    first, last_day = date(last_year.year, 1, 1), min(last_year.end, as_of)
    share = window.elapsed_share(as_of)
    parts = [
        "说明：1. 本月数：计数类为本年累计 − 上月累计（按统一社会信用代码跨乡镇去重，"
        "已删除的记录不计）；合格率类为本月的合格批次 ÷ 抽检批次；采标率与是/否类为当日的状态。",
        f"2. 本年累计为{official(date(period.year, 1, 1))}至{official(as_of)}，"
        f"上年同期累计为{official(first)}至{official(last_day)}；同比增减：计数类为"
        "（本年累计 − 上年同期累计）÷ 上年同期累计，合格率与百分比类为两者之差（百分点）；"
        "是/否指标不计同比。",
        f"3. 规划期累计：计数类为计数期内{official(window.start)}至{official(end)}的累计数"
        + (f"（{'、'.join(cumulative)}自始累计）" if cumulative else "")
        + f"；合格率为{rate_text}的合格批次 ÷ 抽检批次；采标率为{official(end)}的状态；"
        "县级统计为截至当日最新填报的数值（日期、来源与填报人见备注），"
        "“高于上年”类的上年同期累计为上一年度最新填报的数值。",
        "4. 完成进度 = 规划期累计 ÷ 目标（“高于上年”类为规划期累计 ÷ 上年同期累计；"
        "是/否指标达标为 100%，未达标为 0%）；计数类指标不低于目标 × 计数期已过比例"
        f"（{share:.0%}）为“按进度”。",
    ]
    if township_sheet:
        parts.append(
            "5. 本表为本乡镇的记录；完成进度为本乡镇规划期累计与全县目标之比；县级统计不分乡镇。"
        )
    return "".join(parts)
