"""The monthly report workbook (月报) as county offices hand it upward.

Sheets: ``目录`` (what each sheet holds, the plan and its window), ``月报`` (the official summary
table, :mod:`desktop.reports.summary_sheet`), one sheet per township at the county, then the detail
ledgers (inspections in the food-sampling order, certifications, projects with their latest
progress) and the overdue rectifications / expiring certificates. Detail sheets print at full
size (never squeezed below 9 pt): a wide ledger prints as column groups on facing A4 pages with
序号 and the header row repeated, long text wraps, and every page says 第 N 页 共 M 页. The
workbook is streamed with XlsxWriter (:mod:`desktop.reports.xlsx`) and saved via a temporary
file; it is dated the day it reports on, so the same report of the same records is the same bytes.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

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
from desktop.reports.xlsx import Book, Sheet
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
DETAIL_FONT_SIZE = 11
"""Detail rows are written without a style (fast); they print in the workbook's 11 pt font, and
wrapped cells get :data:`WRAPPED` (the same size)."""
WRAPPED = xlsx.Style(size=DETAIL_FONT_SIZE, border=False, valign="bottom")
PERCENT = xlsx.PLAIN.but(align="right", valign="vcenter", number_format=xlsx.PERCENT_FORMAT)
ROW_HEIGHT = 17.0
"""A one-line detail row (11 pt text)."""
LINE_HEIGHT = 15.0
"""Each further line of wrapped text."""
SEEN_LIMIT = 50_000
"""Texts whose line count a column remembers (a bound on memory, not a cache of answers)."""
LINK = xlsx.BODY.but(color="#0563C1", underline=True)


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
    return paging.scale_for(widest, smallest_font=min(DETAIL_FONT_SIZE, xlsx.HEADER_FONT_SIZE))


def _detail_print_setup(sheet: Sheet, table: details.DetailSheet, scale: int) -> None:
    """Fixed scale, column groups on facing pages, 序号 and the header row on every page."""
    xlsx.print_setup(sheet, (3, 3), gridlines=True, centered=False)
    paging.fixed_scale(sheet, scale)
    sheet.worksheet.print_across()
    if table.groups:
        sheet.repeat_columns(1)
        sheet.col_breaks.extend(column - 1 for column in table.groups)


def write_detail_sheet(
    workbook: Book, table: details.DetailSheet, subtitle: str
) -> tuple[int, int]:
    """A streamed ledger table: title, subtitle, header, then plain rows.

    Returns (rows, printed pages).
    """
    sheet = workbook.create_sheet(table.title)
    xlsx.set_widths(sheet, table.widths)
    sheet.freeze("C4")
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
    narrowest = min(sum(table.widths[first - 1 : end]) for first, end in spans)
    for row, text, style in ((1, table.title, xlsx.TITLE), (2, subtitle, xlsx.SUBTITLE)):
        height = 28.0 if row == 1 else paging.line_count(text, narrowest) * 14.0 + 4
        pager.add(height)
        cells: list[Any] = [None] * printed
        for first, _ in spans:
            cells[first - 1] = xlsx.styled(text, style)
        sheet.append(cells)
        for first, end in spans:
            if end > first:
                merge(sheet, first, end, row)
    pager.add(header_height)
    sheet.append(xlsx.header_row(table.headers))
    count = write_plain_rows(
        sheet, table.rows, table.percent_columns, table.widths[:printed], pager=pager
    )
    if count == 0:
        pager.add(18)
        sheet.append(["", "（本期无记录）"])
    sheet.autofilter(3, 3 + max(count, 1), last)
    sheet.print_area(3 + max(count, 1), printed)
    return count, pager.finish()


def write_plain_rows(
    sheet: Sheet,
    rows: Any,
    percent_columns: tuple[int, ...] = (),
    wrap_widths: tuple[float, ...] = (),
    pager: paging.Pager | None = None,
) -> int:
    """Append value tuples, making risky text literal; percent columns get one decimal.

    Text longer than its column (``wrap_widths``) wraps, and the row is made tall enough for it
    (through ``pager``, which also places the page breaks), so a printed name is never cut off.
    This is the loop of a 100,000-row sheet: each cell goes straight to XlsxWriter's writer for
    its type, and only text that needs it (formula-like, control characters, longer than its
    column) takes the careful path.
    """
    worksheet = sheet.worksheet
    # XlsxWriter's undecorated writers (its public ones only add an "A1"-notation check): the
    # version is pinned, and every report test runs through them.
    write_string = worksheet._write_string
    write_number = worksheet._write_number
    write_datetime = worksheet._write_datetime
    put = sheet.put
    special = xlsx.SPECIAL_FIRST
    book = sheet.book
    date_format = book.date_format
    wrapped = book.format(WRAPPED)
    percent = book.format(PERCENT)
    limits = [max(1.0, w - 1) for w in wrap_widths]
    wrap_from = [limit / 2 for limit in limits]
    usable = [max(1.0, limit + 0.5) for limit in limits]
    wrapping = len(limits)
    seen: list[dict[str, int]] = [{} for _ in limits]
    narrow = xlsx.NARROW_RE.sub
    ceil = math.ceil
    percents = {column - 1 for column in percent_columns}
    numbers = (int, float)
    days = (date, datetime)
    if pager is not None:
        pager.default_height(ROW_HEIGHT)
        add = pager.add
    index = sheet.row
    for row in rows:
        tall = 1
        column = -1
        for value in row:
            column += 1
            kind = value.__class__
            if kind is str:
                if not value:
                    continue
                if value[0] in special or not value.isprintable():
                    value = xlsx.clean_text(value)
                    style = WRAPPED if _wraps(value, column, limits, wrap_from) else xlsx.PLAIN
                    tall = max(tall, _lines(value, column, limits))
                    if value:
                        sheet.put_text(index, column, value, style)
                    continue
                if column < wrapping and len(value) > wrap_from[column]:
                    # paging.line_count of a one-paragraph text, inline and remembered per column
                    # (names, addresses and labs repeat): this is the hot part of the loop
                    known = seen[column]
                    lines = known.get(value)
                    if lines is None:
                        if len(known) > SEEN_LIMIT:
                            known.clear()
                        width = (
                            len(value) if value.isascii() else len(value) + len(narrow("", value))
                        )
                        lines = known[value] = ceil(width / usable[column])
                    if lines > 1:
                        if lines > tall:
                            tall = lines
                        write_string(index, column, value, wrapped)
                        continue
                write_string(index, column, value)
            elif value is None:
                continue
            elif kind in numbers:
                write_number(index, column, value, percent if column in percents else None)
            elif kind in days:
                write_datetime(index, column, value, date_format)
            else:  # Decimal (PostgreSQL numeric), bool, time, …
                put(index, column, value, PERCENT if column in percents else None)
        if pager is not None:
            add(ROW_HEIGHT if tall == 1 else tall * LINE_HEIGHT + 3)
        index += 1
    count = index - sheet.row
    sheet.row = index
    return count


def _lines(text: str, column: int, limits: list[float]) -> int:
    return paging.line_count(text, limits[column] + 1) if column < len(limits) else 1


def _wraps(text: str, column: int, limits: list[float], wrap_from: list[float]) -> bool:
    if column >= len(limits) or len(text) <= wrap_from[column]:
        return False
    return _lines(text, column, limits) > 1


def write_contents_sheet(
    sheet: Sheet,
    heading: ReportHeading,
    entries: list[tuple[str, str, int, int]],
) -> None:
    """目录: the report's title, plan and window, then each sheet with what it holds.

    The sheet is created first (so it opens first) and filled last, when the row and page counts
    of the other sheets are known.
    """
    widths = (5, 20, 40, 7, 7)
    xlsx.set_widths(sheet, widths)
    xlsx.print_setup(sheet, (5, 5), gridlines=False)
    sheet.worksheet.set_portrait()
    scale = paging.scale_for(widths, portrait=True)
    paging.fixed_scale(sheet, scale)
    pager = paging.Pager(sheet, scale, repeated=24, portrait=True)
    pager.add(34)
    sheet.append([xlsx.styled(heading.title, xlsx.TITLE)])
    merge(sheet, 1, 5, 1)
    for row, line in ((2, heading.plan_line), (3, heading.window_line)):
        pager.add(paging.line_count(line, sum(widths)) * 14.0 + 4)
        sheet.append([xlsx.styled(line, xlsx.SUBTITLE)])
        merge(sheet, 1, 5, row)
    pager.add(20)
    sheet.append(
        [
            xlsx.styled(
                f"填报单位：{heading.unit}    报告期：{heading.period_label}    "
                f"报出日期：{heading.issued_on}",
                xlsx.SUBTITLE,
            )
        ]
    )
    merge(sheet, 1, 5, 4)
    pager.add(24)
    sheet.append(xlsx.header_row(("序号", "工作表", "内容", "行数", "页数")))
    for number, (name, description, rows, pages) in enumerate(entries, start=1):
        pager.add(paging.line_count(description, widths[2]) * 14.0 + 6)
        sheet.append(
            [
                xlsx.styled(number, xlsx.CENTER),
                None,
                xlsx.styled(description),
                xlsx.styled(rows, xlsx.CENTER),
                xlsx.styled(pages, xlsx.CENTER),
            ]
        )
        sheet.link(5 + number, 2, name, LINK)
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

    def build(workbook: Book) -> None:
        workbook.set_properties(title=heading.title, author=preparer)
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

    xlsx.save_atomically(path, build, created=xlsx.at_midnight(today))
    return summary
