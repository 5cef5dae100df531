"""The monthly report workbook (月报) as county offices hand it upward.

Sheets: ``目录`` (what each sheet holds, the plan and its window), ``月报`` (the official summary
table, :mod:`desktop.reports.summary_sheet`), one sheet per township at the county, then the detail
ledgers (inspections in the food-sampling order, certifications, projects with their latest
progress) and the overdue rectifications / expiring certificates. Detail sheets print at full
size (never squeezed below 9 pt): a wide ledger prints as column groups on facing A4 pages with
序号 and the header row repeated, long text wraps, and every page says 第 N 页 共 M 页. The
workbook is written in openpyxl's write-only mode and saved via a temporary file.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, NamedStyle
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.pagebreak import Break
from sqlalchemy.orm import Session

from desktop.reports import details, paging, xlsx
from desktop.reports.basis import Span
from desktop.reports.monthly import MonthlyFigures, Period, compute_monthly
from desktop.reports.monthly import official_date as official
from desktop.reports.settings import report_setting
from desktop.reports.summary_sheet import (
    SUMMARY_HEADERS,
    ReportHeading,
    merge,
    notes,
    plan_lines,
    write_summary_sheet,
)
from desktop.reports.xlsx import WriteOnlyWorksheet
from desktop.services import expiry

__all__ = [
    "CONTENTS_SHEET",
    "SUMMARY_HEADERS",
    "SUMMARY_SHEET",
    "ReportHeading",
    "ReportSummary",
    "write_monthly_report",
]

SUMMARY_SHEET = "月报"
CONTENTS_SHEET = "目录"
DETAIL_FONT = Font(name=xlsx.FONT_NAME, size=11)
"""Detail rows are written without a style (fast); they print in the workbook's 11 pt font, and
wrapped cells get this one."""
WRAP = Alignment(horizontal="left", vertical="bottom", wrap_text=True)
WRAPPED_STYLE = "明细换行"
ROW_HEIGHT = 17.0
"""A one-line detail row (11 pt text)."""
LINE_HEIGHT = 15.0
"""Each further line of wrapped text."""
LINK_FONT = Font(name=xlsx.FONT_NAME, size=10, color="0563C1", underline="single")


@dataclass
class ReportSummary:
    """What was written: the file, its sheets, detail rows per sheet and the figures."""

    path: Path
    sheets: list[str] = field(default_factory=list)
    detail_rows: dict[str, int] = field(default_factory=dict)
    figures: MonthlyFigures | None = None
    issued: str | None = None
    """The id of the issued report, when the workbook was issued and frozen."""


def _group_widths(table: details.DetailSheet) -> list[list[float]]:
    """The widths of each printed column group (序号 repeats at the left of each)."""
    printed = list(table.widths[: len(table.headers) - 1])
    starts = [1, *table.groups, len(printed) + 1]
    groups = [printed[start - 1 : stop - 1] for start, stop in itertools.pairwise(starts)]
    return [groups[0], *([printed[0], *group] for group in groups[1:])]


def _group_spans(table: details.DetailSheet) -> list[tuple[int, int]]:
    """(first, last) printed column of each group's title, 1-based (column A excluded)."""
    printed = len(table.headers) - 1
    starts = [2, *table.groups, printed + 1]
    return [(first, stop - 1) for first, stop in itertools.pairwise(starts)]


def detail_scale(table: details.DetailSheet) -> int:
    """The print scale of a detail sheet: its widest column group at 9 pt or more."""
    widest = max(_group_widths(table), key=sum)
    return paging.scale_for(widest, smallest_font=min(DETAIL_FONT.size, xlsx.HEADER_FONT.size))


def _detail_print_setup(sheet: WriteOnlyWorksheet, table: details.DetailSheet, scale: int) -> None:
    """Fixed scale, column groups on facing pages, 序号 and the header row on every page."""
    xlsx.print_setup(sheet, "3:3", gridlines=True)
    paging.fixed_scale(sheet, scale)
    sheet.page_setup.pageOrder = "overThenDown"
    sheet.print_options.horizontalCentered = False
    if table.groups:
        sheet.print_title_cols = "A:A"
        for column in table.groups:
            sheet.col_breaks.append(Break(id=column - 1))


def write_detail_sheet(
    workbook: Workbook, table: details.DetailSheet, subtitle: str
) -> tuple[int, int]:
    """A streamed ledger table: title, subtitle, header, then plain rows.

    Returns (rows, printed pages).
    """
    sheet = workbook.create_sheet(table.title)
    xlsx.set_widths(sheet, table.widths)
    sheet.freeze_panes = "C4"
    scale = detail_scale(table)
    _detail_print_setup(sheet, table, scale)
    last = len(table.headers)
    printed = last - 1  # the record id (last column) stays in the file for tracing, unprinted
    header_height = max(
        30.0,
        *(
            paging.line_count(h, w) * 14.0 + 4
            for h, w in zip(table.headers, table.widths, strict=True)
        ),
    )
    pager = paging.Pager(sheet, scale, repeated=header_height, groups=len(table.groups) + 1)
    # Each printed column group starts with the title and subtitle over its own columns (from B:
    # column A, 序号, is repeated on every page and stays clear of them).
    spans = _group_spans(table)
    narrowest = min(sum(table.widths[first - 1 : last]) for first, last in spans)
    for row, text, font, alignment in (
        (1, table.title, xlsx.TITLE_FONT, xlsx.CENTER),
        (2, subtitle, xlsx.SUBTITLE_FONT, xlsx.LEFT),
    ):
        height = 28.0 if row == 1 else paging.line_count(text, narrowest) * 14.0 + 4
        pager.add(height)
        cells: list[Any] = [None] * printed
        for first, last in spans:
            cells[first - 1] = xlsx.styled(
                sheet, text, font=font, alignment=alignment, border=False
            )
            if last > first:
                merge(sheet, first, last, row)
        sheet.append(cells)
    pager.add(header_height)
    sheet.append(xlsx.header_row(sheet, table.headers))
    count = write_plain_rows(
        sheet, table.rows, table.percent_columns, table.widths[:printed], pager=pager
    )
    if count == 0:
        pager.add(18)
        sheet.append(["", "（本期无记录）"])
    sheet.auto_filter.ref = f"A3:{get_column_letter(last)}{3 + max(count, 1)}"
    sheet.print_area = f"A1:{get_column_letter(printed)}{3 + max(count, 1)}"
    return count, pager.finish()


def _wrapped_style(sheet: WriteOnlyWorksheet) -> str:
    """The workbook's named style for wrapped detail text (registered once: assigning a named
    style is several times cheaper than setting font and alignment on each cell)."""
    workbook = sheet.parent
    if WRAPPED_STYLE not in workbook.named_styles:
        workbook.add_named_style(NamedStyle(name=WRAPPED_STYLE, font=DETAIL_FONT, alignment=WRAP))
    return WRAPPED_STYLE


def write_plain_rows(
    sheet: WriteOnlyWorksheet,
    rows: Any,
    percent_columns: tuple[int, ...] = (),
    wrap_widths: tuple[float, ...] = (),
    pager: paging.Pager | None = None,
) -> int:
    """Append value tuples, making risky text literal; percent columns get one decimal.

    Text longer than its column (``wrap_widths``) wraps, and the row is made tall enough for it
    (through ``pager``, which also places the page breaks), so a printed name is never cut off.
    """
    count = 0
    safe = xlsx.safe
    is_risky = xlsx.is_risky
    limits = [max(1.0, w - 1) for w in wrap_widths]
    wrapped = _wrapped_style(sheet)
    wrapped_cells: dict[int, WriteOnlyCell] = {}
    if pager is not None:
        pager.default_height(ROW_HEIGHT)
    for row in rows:
        values = list(row)
        tall = 1
        for index, value in enumerate(values):
            if value.__class__ is not str or not value:
                continue
            unsafe = is_risky(value) or not value.isprintable()
            lines = 1
            if index < len(limits) and len(value) * 2 > limits[index]:
                lines = paging.line_count(value, limits[index] + 1)
            if lines > 1:
                tall = max(tall, lines)
                if unsafe:  # rare: literal text and wrapping, the slower way
                    values[index] = xlsx.styled(
                        sheet, value, font=DETAIL_FONT, alignment=WRAP, border=False
                    )
                else:
                    # One styled cell per column, its value replaced row by row: a write-only
                    # sheet serialises a row as it is appended, so the cell can be reused.
                    cell = wrapped_cells.get(index)
                    if cell is None:
                        cell = wrapped_cells[index] = WriteOnlyCell(sheet)
                        cell.style = wrapped
                    cell.value = value
                    values[index] = cell
            elif unsafe:
                values[index] = safe(sheet, value)
        for column in percent_columns:
            value = values[column - 1]
            if value is not None:
                values[column - 1] = xlsx.styled(
                    sheet,
                    value,
                    alignment=xlsx.RIGHT,
                    number_format=xlsx.PERCENT_FORMAT,
                    border=False,
                )
        if pager is not None:
            pager.add(ROW_HEIGHT if tall == 1 else tall * LINE_HEIGHT + 3)
        sheet.append(values)
        count += 1
    return count


def write_contents_sheet(
    sheet: WriteOnlyWorksheet,
    heading: ReportHeading,
    entries: list[tuple[str, str, int, int]],
) -> None:
    """目录: the report's title, plan and window, then each sheet with what it holds.

    The sheet is created first (so it opens first) and filled last, when the row and page counts
    of the other sheets are known.
    """
    widths = (5, 20, 40, 7, 7)
    xlsx.set_widths(sheet, widths)
    xlsx.print_setup(sheet, "5:5", gridlines=False)
    sheet.page_setup.orientation = "portrait"
    scale = paging.scale_for(widths, portrait=True)
    paging.fixed_scale(sheet, scale)
    pager = paging.Pager(sheet, scale, repeated=24, portrait=True)
    pager.add(34)
    sheet.append(
        [
            xlsx.styled(
                sheet, heading.title, font=xlsx.TITLE_FONT, alignment=xlsx.CENTER, border=False
            )
        ]
    )
    merge(sheet, 1, 5, 1)
    for row, line in ((2, heading.plan_line), (3, heading.window_line)):
        pager.add(paging.line_count(line, sum(widths)) * 14.0 + 4)
        sheet.append([xlsx.styled(sheet, line, font=xlsx.SUBTITLE_FONT, border=False)])
        merge(sheet, 1, 5, row)
    pager.add(20)
    sheet.append(
        [
            xlsx.styled(
                sheet,
                f"填报单位：{heading.unit}    报告期：{heading.period_label}    "
                f"报出日期：{heading.issued_on}",
                font=xlsx.SUBTITLE_FONT,
                border=False,
            )
        ]
    )
    merge(sheet, 1, 5, 4)
    pager.add(24)
    sheet.append(xlsx.header_row(sheet, ("序号", "工作表", "内容", "行数", "页数")))
    for number, (name, description, rows, pages) in enumerate(entries, start=1):
        pager.add(paging.line_count(description, widths[2]) * 14.0 + 6)
        link = xlsx.styled(sheet, name, font=LINK_FONT)
        link.hyperlink = Hyperlink(ref=f"B{5 + number}", location=f"'{name}'!A1", display=name)
        sheet.append(
            [
                xlsx.styled(sheet, number, alignment=xlsx.CENTER),
                link,
                xlsx.styled(sheet, description),
                xlsx.styled(sheet, rows, alignment=xlsx.CENTER),
                xlsx.styled(sheet, pages, alignment=xlsx.CENTER),
            ]
        )
    pager.finish()


def write_monthly_report(
    session: Session,
    path: Path,
    period: Period,
    today: date,
    *,
    unit: str,
    preparer: str,
    township: str | None = None,
    plan: str | None = None,
) -> ReportSummary:
    """Compute the period's figures and write the 月报 workbook to ``path`` (atomically)."""
    xlsx.check_output_path(path)
    figures = compute_monthly(session, period, today, township, plan)
    names = dict(figures.townships)
    county = report_setting(session, "county_name")
    scope_name = names[township] if township else county
    plan_line, window_line = plan_lines(figures)
    heading = ReportHeading(
        title=f"{scope_name}质量提升行动主要指标完成情况月报",
        table_number=report_setting(session, "report_table_number"),
        issuer=report_setting(session, "report_issuer"),
        unit=unit,
        period_label=period.label_zh(),
        preparer=preparer,
        head=report_setting(session, "report_head"),
        reviewer=report_setting(session, "report_reviewer"),
        phone=report_setting(session, "report_contact_phone"),
        issued_on=official(today),
        plan_line=plan_line,
        window_line=window_line,
    )
    county_notes = notes(figures)
    town_notes = notes(figures, township_sheet=True)
    summary = ReportSummary(path, figures=figures)
    year_span = Span(date(period.year, 1, 1), figures.as_of)
    scope_text = (
        f"填报单位：{unit}    范围：{scope_name} {official(year_span.start or today)}"
        f"至{official(figures.as_of)}（本年累计）"
    )
    warning_days = expiry.warning_days(session)
    tables = (
        details.inspection_sheet(session, year_span, township, figures.as_of),
        details.certification_sheet(session, year_span, township),
        details.project_sheet(session, Span(None, figures.as_of), township),
        details.alert_sheet(session, figures.as_of, warning_days, township),
    )

    def build(workbook: Workbook) -> None:
        workbook.properties.title = heading.title
        workbook.properties.creator = preparer
        contents = workbook.create_sheet(CONTENTS_SHEET)
        summary.sheets.append(CONTENTS_SHEET)
        pages = write_summary_sheet(workbook, SUMMARY_SHEET, heading, figures.rows, county_notes)
        entries = [(SUMMARY_SHEET, f"{scope_name}各项指标完成情况", len(figures.rows), pages)]
        summary.sheets.append(SUMMARY_SHEET)
        if township is None:
            for code, name in figures.townships:
                town_heading = ReportHeading(
                    **{
                        **heading.__dict__,
                        "title": f"{name}质量提升行动主要指标完成情况（{period.label_zh()}）",
                        "unit": name,
                    }
                )
                pages = write_summary_sheet(
                    workbook, name, town_heading, figures.by_township[code], town_notes
                )
                entries.append((name, f"{name}本乡镇的指标完成情况", len(figures.rows), pages))
                summary.sheets.append(name)
        for table in tables:
            subtitle = scope_text
            if table.title == "逾期整改与证书到期":
                subtitle = (
                    f"填报单位：{unit}    截至{official(figures.as_of)}：整改期限已过仍未整改的"
                    f"检查，及{warning_days}天内到期或已过期的证书"
                )
            elif table.title == "示范项目进展":
                subtitle = (
                    f"填报单位：{unit}    截至{official(figures.as_of)}已开工的项目及其最新月度进展"
                )
            rows, pages = write_detail_sheet(workbook, table, subtitle)
            summary.detail_rows[table.title] = rows
            summary.sheets.append(table.title)
            entries.append((table.title, table.description, rows, pages))
        write_contents_sheet(contents, heading, entries)

    xlsx.save_atomically(path, build)
    return summary
