"""The monthly report workbook (月报) as county offices hand it upward.

Sheets: ``月报`` (the official summary table with title, 表号, 制表机关, 填报单位, 报告期 and the
signature footer), one sheet per township at the county, then the detail ledgers (inspections in
the food-sampling order, certifications, projects with their latest progress) and the overdue
rectifications / expiring certificates. Every sheet: styled header, frozen panes, auto-filter,
widths fit for Chinese, A4 landscape fitted to the page width with the header repeated on every
page. The workbook is written in openpyxl's write-only mode and saved via a temporary file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from desktop.reports import details, xlsx
from desktop.reports.basis import Span
from desktop.reports.monthly import MonthlyFigures, MonthlyRow, Period, compute_monthly
from desktop.reports.monthly import official_date as official
from desktop.reports.settings import report_setting
from desktop.reports.xlsx import WriteOnlyWorksheet
from desktop.services import expiry

SUMMARY_HEADERS = (
    "序号",
    "指标名称",
    "计量单位",
    "目标",
    "本月数",
    "本年累计",
    "上年同期累计",
    "同比增减(%)",
    "完成进度(%)",
    "备注",
)
SUMMARY_WIDTHS = (6, 46, 10, 10, 11, 11, 13, 12, 12, 30)
SUMMARY_SHEET = "月报"
NO_VALUE = "—"


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


@dataclass
class ReportSummary:
    """What was written: the file, its sheets and the number of detail rows per sheet."""

    path: Path
    sheets: list[str] = field(default_factory=list)
    detail_rows: dict[str, int] = field(default_factory=dict)


def _merge(sheet: WriteOnlyWorksheet, first: int, last: int, row: int) -> None:
    sheet.merged_cells.add(f"{get_column_letter(first)}{row}:{get_column_letter(last)}{row}")


def _is_percent(row: MonthlyRow) -> bool:
    return row.is_rate or (row.manual and row.target.unit.startswith("%"))


def _display(row: MonthlyRow, value: float | None) -> tuple[Any, str | None]:
    """A figure as a cell value and number format (percent figures as fractions)."""
    if value is None:
        return NO_VALUE, None
    if row.target.is_flag:
        return ("是" if value >= 1 else "否"), None
    if row.manual and row.target.unit.startswith("%"):
        return value / 100, xlsx.PERCENT_FORMAT
    if row.is_rate:
        return value, xlsx.PERCENT_FORMAT
    if float(value).is_integer():
        return value, xlsx.COUNT_FORMAT
    return value, xlsx.NUMBER_FORMAT


def _goal(row: MonthlyRow) -> tuple[Any, str | None]:
    target = row.target
    if target.target_value is None:
        return row.goal_text, None
    if _is_percent(row) and target.comparison in (">=", "="):
        return target.target_value / 100, xlsx.PERCENT_FORMAT
    if target.comparison in (">=", "="):
        return target.target_value, xlsx.NUMBER_FORMAT if target.unit == "分(0-100)" else None
    return row.goal_text, None


def _percent(sheet: WriteOnlyWorksheet, value: float | None) -> Any:
    if value is None:
        return xlsx.styled(sheet, NO_VALUE, alignment=xlsx.CENTER)
    return xlsx.styled(sheet, value, alignment=xlsx.RIGHT, number_format=xlsx.PERCENT_FORMAT)


def _number_cell(sheet: WriteOnlyWorksheet, shown: tuple[Any, str | None]) -> Any:
    value, number_format = shown
    if isinstance(value, str):
        return xlsx.styled(sheet, value, alignment=xlsx.CENTER)
    return xlsx.styled(sheet, value, alignment=xlsx.RIGHT, number_format=number_format)


def write_summary_sheet(
    workbook: Workbook, name: str, heading: ReportHeading, rows: list[MonthlyRow], notes: str
) -> None:
    """The official 月报 table: header block, one line per target, notes and signature footer."""
    sheet = workbook.create_sheet(name)
    xlsx.set_widths(sheet, SUMMARY_WIDTHS)
    sheet.freeze_panes = "C6"
    xlsx.print_setup(sheet, "5:5", gridlines=False, one_page=True)
    last = len(SUMMARY_HEADERS)
    sheet.row_dimensions[1].height = 34
    sheet.append(
        [
            xlsx.styled(
                sheet, heading.title, font=xlsx.TITLE_FONT, alignment=xlsx.CENTER, border=False
            )
        ]
    )
    _merge(sheet, 1, last, 1)

    def small(text: str) -> Any:
        return xlsx.styled(sheet, text, font=xlsx.SUBTITLE_FONT, border=False)

    sheet.append([None] * 7 + [small(f"表    号:{heading.table_number}")])
    _merge(sheet, 8, last, 2)
    sheet.append([None] * 7 + [small(f"制表机关:{heading.issuer}")])
    _merge(sheet, 8, last, 3)
    sheet.append(
        [
            small(f"填报单位:{heading.unit}"),
            None,
            None,
            None,
            xlsx.styled(
                sheet,
                f"报告期:{heading.period_label}",
                font=xlsx.SUBTITLE_FONT,
                alignment=xlsx.CENTER,
                border=False,
            ),
            None,
            None,
            small("计量单位:见各行"),
        ]
    )
    _merge(sheet, 1, 4, 4)
    _merge(sheet, 5, 7, 4)
    _merge(sheet, 8, last, 4)
    sheet.row_dimensions[5].height = 30
    sheet.append(xlsx.header_row(sheet, SUMMARY_HEADERS))
    for index, row in enumerate(rows, start=6):
        sheet.row_dimensions[index].height = xlsx.wrapped_height(
            (row.target.name_zh, SUMMARY_WIDTHS[1]), (row.remarks, SUMMARY_WIDTHS[-1])
        )
        sheet.append(
            [
                xlsx.styled(sheet, row.number, alignment=xlsx.CENTER),
                xlsx.styled(sheet, row.target.name_zh),
                xlsx.styled(sheet, row.target.unit, alignment=xlsx.CENTER),
                _number_cell(sheet, _goal(row)),
                _number_cell(sheet, _display(row, row.this_month)),
                _number_cell(sheet, _display(row, row.year_to_date)),
                _number_cell(sheet, _display(row, row.last_year_to_date)),
                _percent(sheet, row.change),
                _percent(sheet, row.progress),
                xlsx.styled(sheet, row.remarks),
            ]
        )
    end = 5 + len(rows)
    sheet.auto_filter.ref = f"A5:{get_column_letter(last)}{end}"
    sheet.append([])
    sheet.append([small(notes)])
    _merge(sheet, 1, last, end + 2)
    sheet.row_dimensions[end + 2].height = 44
    sheet.append([])
    footer = [
        (1, 2, f"单位负责人:{heading.head}"),
        (3, 4, f"审核人:{heading.reviewer}"),
        (5, 6, f"填表人:{heading.preparer}"),
        (7, 8, f"联系电话:{heading.phone}"),
        (9, 10, f"报出日期:{heading.issued_on}"),
    ]
    cells: list[Any] = [None] * last
    for first, _, text in footer:
        cells[first - 1] = small(text)
    sheet.append(cells)
    for first, second, _ in footer:
        _merge(sheet, first, second, end + 4)


def write_detail_sheet(workbook: Workbook, table: details.DetailSheet, subtitle: str) -> int:
    """A streamed ledger table: title, subtitle, header, then plain rows. Returns the row count."""
    sheet = workbook.create_sheet(table.title)
    xlsx.set_widths(sheet, table.widths)
    sheet.freeze_panes = "C4"
    xlsx.print_setup(sheet, "3:3", gridlines=True)
    last = len(table.headers)
    sheet.row_dimensions[1].height = 28
    sheet.append(
        [xlsx.styled(sheet, table.title, font=xlsx.TITLE_FONT, alignment=xlsx.CENTER, border=False)]
    )
    _merge(sheet, 1, last, 1)
    sheet.append([xlsx.styled(sheet, subtitle, font=xlsx.SUBTITLE_FONT, border=False)])
    _merge(sheet, 1, last, 2)
    sheet.row_dimensions[3].height = 30
    sheet.append(xlsx.header_row(sheet, table.headers))
    count = write_plain_rows(sheet, table.rows, table.percent_columns)
    if count == 0:
        sheet.append(["", "(本期无记录)"])
    sheet.auto_filter.ref = f"A3:{get_column_letter(last)}{3 + max(count, 1)}"
    # The record id (last column) stays in the file for tracing but is not printed.
    sheet.print_area = f"A1:{get_column_letter(last - 1)}{3 + max(count, 1)}"
    return count


def write_plain_rows(
    sheet: WriteOnlyWorksheet, rows: Any, percent_columns: tuple[int, ...] = ()
) -> int:
    """Append value tuples, making risky text literal; percent columns get one decimal."""
    count = 0
    safe = xlsx.safe
    is_risky = xlsx.is_risky
    for row in rows:
        values = list(row)
        for index, value in enumerate(values):
            if value.__class__ is str and value and (is_risky(value) or not value.isprintable()):
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
        sheet.append(values)
        count += 1
    return count


def _notes(figures: MonthlyFigures, window_start: date, window_end: date) -> str:
    return (
        "说明:1. 计数类指标按统一社会信用代码跨乡镇去重,已删除的记录不计;"
        "本月数 = 本年累计 − 上月累计。"
        "2. 合格率 = 合格批次 ÷ 抽检批次,同比增减为百分点。"
        f"3. 完成进度按计数期({official(window_start)}至{official(window_end)})"
        f"截至{official(figures.as_of)}的累计数计算;县级统计为手工填报的最新数。"
    )


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
    )
    window = figures.indicators.window
    notes = _notes(figures, window.start, window.end)
    summary = ReportSummary(path)
    year_span = Span(date(period.year, 1, 1), figures.as_of)
    scope_text = (
        f"填报单位:{unit}    范围:{scope_name} {official(year_span.start or today)}"
        f"至{official(figures.as_of)}(本年累计)"
    )
    warning_days = expiry.warning_days(session)

    def build(workbook: Workbook) -> None:
        workbook.properties.title = heading.title
        workbook.properties.creator = preparer
        write_summary_sheet(workbook, SUMMARY_SHEET, heading, figures.rows, notes)
        summary.sheets.append(SUMMARY_SHEET)
        if township is None:
            for code, name in figures.townships:
                town_heading = ReportHeading(
                    **{
                        **heading.__dict__,
                        "title": f"{name}质量提升行动主要指标完成情况({period.label_zh()})",
                    }
                )
                write_summary_sheet(workbook, name, town_heading, figures.by_township[code], notes)
                summary.sheets.append(name)
        tables = (
            details.inspection_sheet(session, year_span, township, figures.as_of),
            details.certification_sheet(session, year_span, township),
            details.project_sheet(session, Span(None, figures.as_of), township),
            details.alert_sheet(session, figures.as_of, warning_days, township),
        )
        for table in tables:
            subtitle = scope_text
            if table.title == "逾期整改与证书到期":
                subtitle = (
                    f"填报单位:{unit}    截至{official(figures.as_of)}:整改期限已过仍未整改的检查,"
                    f"及{warning_days}天内到期或已过期的证书"
                )
            elif table.title == "示范项目进展":
                subtitle = (
                    f"填报单位:{unit}    截至{official(figures.as_of)}已开工的项目及其最新月度进展"
                )
            summary.detail_rows[table.title] = write_detail_sheet(workbook, table, subtitle)
            summary.sheets.append(table.title)

    xlsx.save_atomically(path, build)
    return summary
