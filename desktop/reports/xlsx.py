"""Excel plumbing shared by every workbook: safe cells, house styles, sheet setup, atomic save.

- Text that begins with ``= + - @`` (or looks like an Excel error code) is stored as a plain
  string with the *quote prefix* flag, so Excel neither evaluates it on open nor on edit.
- Sheets are openpyxl write-only sheets: rows stream to disk, so a 100,000-row ledger costs
  little memory; only headers and the small summary tables carry per-cell styles.
- :func:`save_atomically` writes to a temporary file beside the target and renames it, so a
  failed or interrupted report never leaves a half-written workbook behind.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeAlias

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop import files
from desktop.errors import StorageError, UsageError
from desktop.reports import figures

FONT_NAME = "宋体"
RISKY_PREFIXES = ("=", "+", "-", "@")
PERCENT_FORMAT = figures.PERCENT_FORMAT
COUNT_FORMAT = figures.COUNT_FORMAT
NUMBER_FORMAT = figures.NUMBER_FORMAT
DATE_FORMAT = "yyyy-mm-dd"

WriteOnlyWorksheet: TypeAlias = Any
"""A sheet of a write-only workbook (``Workbook(write_only=True).create_sheet()``). openpyxl keeps
that class in a private module, so it is not imported: only its public methods are used."""

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FONT = Font(name=FONT_NAME, bold=True, size=10)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BODY_FONT = Font(name=FONT_NAME, size=10)
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=16)
SUBTITLE_FONT = Font(name=FONT_NAME, size=10)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")


def is_risky(text: str) -> bool:
    """True for text Excel could take for a formula or an error value."""
    return text.startswith(RISKY_PREFIXES) or text in ERROR_CODES


def clean_text(text: str) -> str:
    """Drop control characters that XML (and so xlsx) cannot hold."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def text_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    """A cell that holds ``text`` literally, never as a formula."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # the value setter took "=..." for a formula, "#N/A" for an error
    cell.quotePrefix = True
    return cell


def safe(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    """A value ready for a data row: risky text becomes a literal text cell."""
    if isinstance(value, str):
        text = clean_text(value) if ILLEGAL_CHARACTERS_RE.search(value) else value
        return text_cell(sheet, text) if text and is_risky(text) else text
    return value


def styled(
    sheet: WriteOnlyWorksheet,
    value: Any,
    *,
    font: Font = BODY_FONT,
    alignment: Alignment = LEFT,
    number_format: str | None = None,
    border: bool = True,
    fill: PatternFill | None = None,
) -> WriteOnlyCell:
    """A styled cell for headers and summary tables (text is made safe the same way)."""
    if isinstance(value, str):
        value = clean_text(value)
        cell = text_cell(sheet, value) if value and is_risky(value) else WriteOnlyCell(sheet, value)
    else:
        cell = WriteOnlyCell(sheet, value)
    cell.font = font
    cell.alignment = alignment
    if border:
        cell.border = BORDER
    if fill is not None:
        cell.fill = fill
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, (date, datetime)):
        cell.number_format = DATE_FORMAT
    return cell


def header_row(sheet: WriteOnlyWorksheet, labels: Sequence[str]) -> list[WriteOnlyCell]:
    """The column headers: bold, shaded, bordered, centred, wrapped."""
    return [
        styled(sheet, label, font=HEADER_FONT, alignment=CENTER, fill=HEADER_FILL)
        for label in labels
    ]


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count double."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def wrapped_height(*texts: tuple[str, float], line: float = 14.0) -> float:
    """Row height (points) fitting each (text, column width) pair when wrapped."""
    lines = 1
    for text, width in texts:
        usable = max(1, int(width - 1))
        lines = max(lines, -(-int(display_width(text) * 0.75) // usable))
    return max(18.0, lines * line + 4)


def set_widths(sheet: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    """Column widths (before the first row is written)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def print_setup(
    sheet: WriteOnlyWorksheet,
    title_rows: str | None,
    gridlines: bool,
    one_page: bool = False,
    print_area: str | None = None,
) -> None:
    """A4 landscape, fit all columns to the page width, repeat the header rows on every page.

    ``one_page`` also fits the height (the 月报 summary is handed upward as one sheet of paper).
    """
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if one_page else 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.print_options.gridLines = gridlines
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = 0.6
    sheet.page_margins.bottom = 0.6
    sheet.HeaderFooter.oddFooter.center.text = "&A  第 &P 页 共 &N 页"
    sheet.page_setup.firstPageNumber = 1
    sheet.page_setup.useFirstPageNumber = True
    if title_rows:
        sheet.print_title_rows = title_rows
    if print_area:
        sheet.print_area = print_area


def check_output_path(path: Path) -> Path:
    """An ``.xlsx`` path in an existing, writable folder — else a clear error."""
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            f"输出文件应以 .xlsx 结尾:{path}", f"the output file must end in .xlsx: {path}"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StorageError(f"文件夹不存在:{folder}", f"the folder does not exist: {folder}")
    if not os.access(folder, os.W_OK):
        raise StorageError(
            f"无法写入文件夹(只读或无权限):{folder}",
            f"cannot write to the folder (read-only or no permission): {folder}",
        )
    if path.is_dir():
        raise UsageError(f"{path} 是文件夹", f"{path} is a folder")
    return path


def save_atomically(path: Path, build: Callable[[Workbook], None]) -> None:
    """Build a write-only workbook and save it to ``path`` whole (:mod:`desktop.files`)."""
    check_output_path(path)
    workbook = Workbook(write_only=True)
    with files.atomic_path(path) as temporary:
        build(workbook)
        workbook.save(temporary)
