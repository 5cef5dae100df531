"""Excel plumbing shared by every workbook the product writes: safe cells, house styles, sheet
setup, atomic save.

- Workbooks are written with XlsxWriter in ``constant_memory`` mode: each sheet streams its rows
  to a temporary file as they are written, so a 100,000-row ledger costs little memory, and a
  style is one shared format object, not a per-cell record (openpyxl still reads: Excel import,
  tests). Rows of a sheet are written top to bottom, once each (:class:`Sheet` keeps the count).
- Text that begins with ``= + - @`` (or looks like an Excel error code) is stored as a plain
  string with the *quote prefix* flag, so Excel neither evaluates it on open nor on edit; no cell
  is ever written as a formula (XlsxWriter's string-to-formula/URL/number guessing is off).
- Column widths and row heights are stored as given (widths in Excel's character units, heights
  on the 0.75 pt grid a spreadsheet program uses): the print layout of :mod:`desktop.reports.paging`
  computes with exactly what the file says.
- :func:`save_atomically` writes to a temporary file beside the target and renames it, so a
  failed or interrupted report never leaves a half-written workbook behind. The file's creation
  time is the caller's (``created``), so the same report written twice gives the same bytes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from desktop import files
from desktop.errors import StorageError, UsageError
from desktop.reports import figures

FONT_NAME = "宋体"
RISKY_PREFIXES = ("=", "+", "-", "@")
ERROR_CODES = frozenset(
    ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA")
)
SPECIAL_FIRST = frozenset("=+-@#<")
"""First characters that send a text down the careful path (formula-like, error-like, or
XlsxWriter's raw rich-text marker ``<r>``)."""
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
NARROW_RE = re.compile("[\u0000-\u2e7f]+")
"""Characters one unit wide in a column; the rest (CJK and full-width) are two."""
PERCENT_FORMAT = figures.PERCENT_FORMAT
COUNT_FORMAT = figures.COUNT_FORMAT
NUMBER_FORMAT = figures.NUMBER_FORMAT
DATE_FORMAT = "yyyy-mm-dd"
MAX_BREAKS = 1023
"""Manual page breaks a sheet may hold in each direction: Excel refuses to open a file with more
(XlsxWriter drops the rest)."""
PAPER_A4 = 9
OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,
    "default_date_format": DATE_FORMAT,
}


@dataclass(frozen=True)
class Style:
    """How a cell looks; each distinct style becomes one shared format of the workbook."""

    size: float = 10
    bold: bool = False
    color: str | None = None
    underline: bool = False
    fill: str | None = None
    border: bool = True
    align: str | None = "left"
    valign: str = "vcenter"
    wrap: bool = True
    number_format: str | None = None
    quote: bool = False
    font: str | None = FONT_NAME

    def but(self, **changes: Any) -> Style:
        """This style with some properties changed."""
        return dataclasses.replace(self, **changes)

    def properties(self) -> dict[str, Any]:
        """The XlsxWriter format properties."""
        result: dict[str, Any] = {"valign": self.valign}
        if self.font:
            result["font_name"] = self.font
            result["font_size"] = self.size
        if self.bold:
            result["bold"] = True
        if self.color:
            result["font_color"] = self.color
        if self.underline:
            result["underline"] = 1
        if self.fill:
            result["pattern"] = 1
            result["bg_color"] = self.fill
        if self.border:
            result["border"] = 1
        if self.align:
            result["align"] = self.align
        if self.wrap:
            result["text_wrap"] = True
        if self.number_format:
            result["num_format"] = self.number_format
        if self.quote:
            result["quote_prefix"] = True
        return result


BODY = Style()
"""Summary-table text: 宋体 10 pt, bordered, left, wrapped."""
HEADER = Style(bold=True, align="center", fill="#DDEBF7")
TITLE = Style(size=16, bold=True, align="center", border=False)
SUBTITLE = Style(border=False)
CENTER = BODY.but(align="center")
RIGHT = BODY.but(align="right", wrap=False)
PLAIN = Style(font=None, border=False, align=None, valign="bottom", wrap=False)
"""A data cell of the workbook's default font (only a quote prefix or number format added)."""
HEADER_FONT_SIZE = HEADER.size


@dataclass(frozen=True, slots=True)
class Cell:
    """A value with its style, for :meth:`Sheet.append`."""

    value: Any
    style: Style


def is_risky(text: str) -> bool:
    """True for text Excel could take for a formula or an error value."""
    return text.startswith(RISKY_PREFIXES) or text in ERROR_CODES


def clean_text(text: str) -> str:
    """Drop control characters that XML (and so xlsx) cannot hold."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def styled(value: Any, style: Style = BODY) -> Cell:
    """A styled cell for headers and summary tables (text is made safe when written)."""
    if style.number_format is None and isinstance(value, (date, datetime)):
        style = style.but(number_format=DATE_FORMAT)
    return Cell(value, style)


def text_cell(text: str, style: Style = PLAIN) -> Cell:
    """A cell that holds ``text`` literally (always with the quote prefix), never as a formula."""
    return Cell(str(text), style.but(quote=True))


def header_row(labels: Sequence[str]) -> list[Cell]:
    """The column headers: bold, shaded, bordered, centred, wrapped."""
    return [Cell(label, HEADER) for label in labels]


def display_width(text: str) -> int:
    """Width in Excel character units: CJK and full-width characters count double."""
    return len(text) if text.isascii() else len(text) + len(NARROW_RE.sub("", text))


def stored_height(height: float) -> float:
    """The row height a file stores for ``height`` points (whole pixels, 0.75 pt each)."""
    return int(height * 4 / 3 + 0.5) * 0.75


def column(index: int) -> str:
    """The letter of a 1-based column."""
    return str(xl_col_to_name(index - 1))


class Book:
    """A workbook being written: its sheets and the shared formats of its styles."""

    def __init__(self, path: Path, created: datetime | None = None) -> None:
        self.workbook = xlsxwriter.Workbook(str(path), OPTIONS)
        self._formats: dict[Style, Format] = {}
        self.sheets: list[Sheet] = []
        self.date_format = self.format(PLAIN.but(number_format=DATE_FORMAT))
        self.created = created
        self._properties: dict[str, str] = {}

    def format(self, style: Style) -> Format:
        """The workbook's format for a style (made once)."""
        made = self._formats.get(style)
        if made is None:
            made = self._formats[style] = self.workbook.add_format(style.properties())
        return made

    def set_properties(self, **properties: str) -> None:
        """Title, author, … of the file (``docProps/core.xml``)."""
        self._properties = properties

    def create_sheet(self, title: str) -> Sheet:
        sheet = Sheet(self, self.workbook.add_worksheet(title))
        self.sheets.append(sheet)
        return sheet

    def close(self) -> None:
        """Finish every sheet and write the file."""
        for sheet in self.sheets:
            sheet.finish()
        properties: dict[str, Any] = dict(self._properties)
        properties["created"] = self.created or datetime.now().replace(microsecond=0)
        self.workbook.set_properties(properties)
        try:
            self.workbook.close()
        except FileCreateError as error:
            cause = error.args[0] if error.args else None
            raise cause if isinstance(cause, OSError) else OSError(str(error)) from error

    def discard(self) -> None:
        """Drop a workbook that will not be written: close and remove its sheets' row files."""
        for sheet in self.sheets:
            worksheet = sheet.worksheet
            handle, name = worksheet.row_data_fh, worksheet.row_data_filename
            with contextlib.suppress(OSError):
                if handle is not None:
                    handle.close()
                if name:
                    os.unlink(name)


class Sheet:
    """One sheet, written row after row from the top (``append``), like a stream."""

    def __init__(self, book: Book, worksheet: Worksheet) -> None:
        self.book = book
        self.worksheet = worksheet
        self.row = 0
        """Rows written so far (the next row's 0-based index)."""
        self.row_breaks: list[int] = []
        """1-based rows after which a printed page ends."""
        self.col_breaks: list[int] = []
        self.footer = ""
        self._title_rows: tuple[int, int] | None = None
        self._title_cols: tuple[int, int] | None = None
        self._last: list[Any] = []

    @property
    def title(self) -> str:
        return str(self.worksheet.name)

    def set_widths(self, widths: Sequence[float]) -> None:
        """Column widths in Excel character units, stored as given (to the pixel, 1/7)."""
        for index, width in enumerate(widths):
            self.worksheet.set_column_pixels(index, index, round(width * 7))

    def set_height(self, row: int, height: float) -> None:
        """The height of a 1-based row not yet written past (see :func:`stored_height`)."""
        self.worksheet.set_row_pixels(row - 1, int(height * 4 / 3 + 0.5))

    def default_height(self, height: float) -> None:
        self.worksheet.set_default_row(height)

    def freeze(self, cell: str) -> None:
        """Freeze the rows above and the columns left of ``cell`` (e.g. ``"C4"``)."""
        self.worksheet.freeze_panes(cell)

    def autofilter(self, first_row: int, last_row: int, last_col: int) -> None:
        """A filter over rows ``first_row``..``last_row`` (1-based), columns A..``last_col``."""
        self.worksheet.autofilter(first_row - 1, 0, last_row - 1, last_col - 1)

    def print_area(self, last_row: int, last_col: int) -> None:
        self.worksheet.print_area(0, 0, last_row - 1, last_col - 1)

    def repeat_rows(self, first: int, last: int | None = None) -> None:
        """1-based rows printed at the top of every page."""
        self._title_rows = (first, last or first)
        self.worksheet.repeat_rows(first - 1, (last or first) - 1)

    def repeat_columns(self, first: int, last: int | None = None) -> None:
        """1-based columns printed at the left of every page."""
        self._title_cols = (first, last or first)
        self.worksheet.repeat_columns(first - 1, (last or first) - 1)

    def append(self, values: Sequence[Any]) -> None:
        """Write the next row: plain values (text made safe) or :class:`Cell` objects."""
        row = self.row
        for index, value in enumerate(values):
            if value.__class__ is Cell:
                self.put(row, index, value.value, value.style)
            elif value is not None:
                self.put(row, index, value, None)
        self._last = list(values)
        self.row += 1

    def merge(self, first: int, last: int, row: int | None = None) -> None:
        """Merge columns ``first``..``last`` (1-based) of the row just appended."""
        if row is not None and row != self.row:
            raise ValueError(f"row {row} is not the last row written ({self.row})")
        index = self.row - 1
        value = self._last[first - 1] if first - 1 < len(self._last) else None
        style = value.style if value.__class__ is Cell else None
        fmt = self.book.format(style) if style is not None else None
        self.worksheet.merge_range(index, first - 1, index, last - 1, None, fmt)
        if value.__class__ is Cell:
            self.put(index, first - 1, value.value, value.style)
        elif value is not None:
            self.put(index, first - 1, value, None)

    def link(self, row: int, col: int, sheet_name: str, style: Style) -> None:
        """A cell (1-based) that jumps to another sheet's A1, showing the sheet's name."""
        self.worksheet.write_url(
            row - 1,
            col - 1,
            "internal:'" + sheet_name.replace("'", "''") + "'!A1",
            self.book.format(style),
            string=clean_text(sheet_name),
        )

    def put(self, row: int, col: int, value: Any, style: Style | None) -> None:
        """Write one cell (0-based) by its type; text is cleaned and never a formula."""
        sheet = self.worksheet
        cls = value.__class__
        if cls is str:
            text = clean_text(value) if not value.isprintable() else value
            if text and (text[0] in SPECIAL_FIRST):
                self.put_text(row, col, text, style or PLAIN)
            elif text:
                sheet.write_string(row, col, text, self._format(style))
            elif style is not None:
                sheet.write_blank(row, col, None, self._format(style))
        elif value is None:
            if style is not None:
                sheet.write_blank(row, col, None, self._format(style))
        elif cls is bool:
            sheet.write_boolean(row, col, value, self._format(style))
        elif isinstance(value, (int, float, Decimal, Fraction)):
            number = float(value)
            if math.isnan(number) or math.isinf(number):
                sheet.write_string(row, col, str(value), self._format(style))
            else:
                sheet.write_number(row, col, value, self._format(style))
        elif isinstance(value, (datetime, date, time)):
            if style is None:
                fmt = self.book.date_format
            elif style.number_format is None:
                fmt = self.book.format(style.but(number_format=DATE_FORMAT))
            else:
                fmt = self.book.format(style)
            sheet.write_datetime(row, col, value, fmt)
        else:
            self.put(row, col, str(value), style)

    def put_text(self, row: int, col: int, text: str, style: Style) -> None:
        """Text on the careful path: quote prefix when risky; XlsxWriter writes a text that
        looks like ``<r>…</r>`` as raw rich-text XML, so such text goes as literal runs."""
        if is_risky(text):
            style = style.but(quote=True)
        fmt = self.book.format(style) if style != PLAIN else None
        if text.startswith("<r>") and text.endswith("</r>"):
            runs: tuple[Any, ...] = (text[:1], text[1:3], text[3:])  # it takes three or more
            self.worksheet.write_rich_string(row, col, *runs, *([fmt] if fmt else []))
        else:
            self.worksheet.write_string(row, col, text, fmt)

    def _format(self, style: Style | None) -> Format | None:
        return None if style is None else self.book.format(style)

    def finish(self) -> None:
        """Page breaks (at most :data:`MAX_BREAKS` each way) and the footer."""
        if self.row_breaks:
            self.worksheet.set_h_pagebreaks(sorted(set(self.row_breaks))[:MAX_BREAKS])
        if self.col_breaks:
            self.worksheet.set_v_pagebreaks(sorted(set(self.col_breaks))[:MAX_BREAKS])
        if self.footer:
            self.worksheet.set_footer(f"&C{self.footer}")


def set_widths(sheet: Sheet, widths: Sequence[float]) -> None:
    """Column widths (before the first row is written)."""
    sheet.set_widths(widths)


def print_setup(
    sheet: Sheet,
    title_rows: tuple[int, int] | None,
    gridlines: bool,
    one_page: bool = False,
    centered: bool = True,
) -> None:
    """A4 landscape, fit all columns to the page width, repeat the header rows on every page.

    ``one_page`` also fits the height (the 月报 summary is handed upward as one sheet of paper);
    ``centered`` centres the printed columns on the paper.
    """
    worksheet = sheet.worksheet
    worksheet.set_paper(PAPER_A4)
    worksheet.set_landscape()
    worksheet.fit_to_pages(1, 1 if one_page else 0)
    if centered:
        worksheet.center_horizontally()
    worksheet.hide_gridlines(0 if gridlines else 1)
    worksheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.footer = "&A  第 &P 页 共 &N 页"
    worksheet.set_start_page(1)
    if title_rows:
        sheet.repeat_rows(*title_rows)


def check_output_path(path: Path) -> Path:
    """An ``.xlsx`` path in an existing, writable folder — else a clear error."""
    if path.suffix.lower() != ".xlsx":
        raise UsageError(
            f"输出文件应以 .xlsx 结尾：{path}", f"the output file must end in .xlsx: {path}"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StorageError(f"文件夹不存在：{folder}", f"the folder does not exist: {folder}")
    if not os.access(folder, os.W_OK):
        raise StorageError(
            f"无法写入文件夹（只读或无权限）：{folder}",
            f"cannot write to the folder (read-only or no permission): {folder}",
        )
    if path.is_dir():
        raise UsageError(f"{path} 是文件夹", f"{path} is a folder")
    return path


def at_midnight(day: date) -> datetime:
    """A report's creation time: the start of the day it reports on."""
    return datetime.combine(day, time())


def sheet_title(text: str, used: set[str], fallback: str = "Sheet") -> str:
    """A valid, unused sheet name from any text (Excel: ≤ 31 characters, none of ``[]:*?/\\``,
    no leading or trailing apostrophe, unique without regard to case). Adds it to ``used``."""
    title = re.sub(r"[\[\]:*?/\\]", "、", clean_text(text)).strip("'").strip()[:31] or fallback
    taken = {name.lower() for name in used}
    candidate, number = title, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f"_{number}"
        candidate = title[: 31 - len(suffix)] + suffix
    used.add(candidate)
    return candidate


def save_atomically(
    path: Path, build: Callable[[Book], None], created: datetime | None = None
) -> None:
    """Build a workbook and save it to ``path`` whole (:mod:`desktop.files`)."""
    check_output_path(path)
    with files.atomic_path(path) as temporary:
        book = Book(temporary, created)
        try:
            build(book)
        except BaseException:
            book.discard()
            raise
        book.close()
