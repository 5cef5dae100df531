"""Printed pages we decide ourselves: fixed scale, every row's height, our own page breaks.

Left to itself a spreadsheet program fits a wide sheet to the paper by shrinking it (the 月报's
detail sheets came out at about 4 pt) and counts pages its own way (LibreOffice's 共 M 页 counts
the whole workbook). So each printed sheet here gets a scale computed from its column widths, an
explicit height for every row, and manual row breaks placed before a page would overflow. The
page count is then known when the sheet is written, and the footer says 第 N 页 共 M 页 for the
sheet itself, the same in Excel and in LibreOffice.

Excel opens no file with more than :data:`~desktop.reports.xlsx.MAX_BREAKS` manual breaks in a
sheet. A sheet that would need more (a ledger of tens of thousands of rows, for the screen more
than for paper) keeps its breaks up to there; the program paginates the rest itself, and its
footer then says 第 N 页 without a total, since only the program knows it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from desktop.reports.xlsx import MAX_BREAKS, Sheet, display_width, stored_height

A4_LONG = 841.89
A4_SHORT = 595.28
SIDE_MARGIN = 0.4 * 72
TOP_MARGIN = 0.6 * 72
USABLE_WIDTH = A4_LONG - 2 * SIDE_MARGIN
USABLE_HEIGHT = A4_SHORT - 2 * TOP_MARGIN
PORTRAIT_WIDTH = A4_SHORT - 2 * SIDE_MARGIN
PORTRAIT_HEIGHT = A4_LONG - 2 * TOP_MARGIN
CHAR_POINTS = 7.1
"""Printed width of one Excel column-width unit at 100 %, in points, as LibreOffice lays it out
(measured; Excel's unit is narrower, about 5.3 pt, so what fits LibreOffice fits Excel)."""
SAFETY = 0.94
"""Share of the page height filled before a break: room for rounding in either program."""
SMALLEST_TEXT = 9.0
"""No printed text below this size (points)."""


def scale_for(widths: Sequence[float], smallest_font: float = 10.0, portrait: bool = False) -> int:
    """The print scale (percent) at which columns of these widths fit the A4 landscape width.

    Raises ``ValueError`` when that would print ``smallest_font`` below 9 pt: the sheet's columns
    must then be split into groups (a programming error, caught by the tests).
    """
    usable = PORTRAIT_WIDTH if portrait else USABLE_WIDTH
    scale = min(100, math.floor(usable / (sum(widths) * CHAR_POINTS) * 100))
    if scale * smallest_font / 100 < SMALLEST_TEXT - 1e-9:
        raise ValueError(f"columns {sum(widths)} wide print at {scale}%: below 9 pt")
    return scale


def line_count(text: str, width: float) -> int:
    """Lines a text takes when wrapped in a column of ``width`` units (CJK counts double)."""
    usable = max(1.0, width - 0.5)
    text = str(text)
    if "\n" not in text:
        return max(1, math.ceil(display_width(text) / usable))
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


class Pager:
    """Sets each row's height and a break before any row that would overflow the page.

    ``repeated`` is the height of the header rows printed again at the top of every page;
    ``groups`` the number of printed column groups (each a page of its own). Heights are taken
    as the file stores them (whole pixels).
    """

    def __init__(
        self,
        sheet: Sheet,
        scale: int,
        repeated: float = 0.0,
        groups: int = 1,
        portrait: bool = False,
    ) -> None:
        self.sheet = sheet
        height = PORTRAIT_HEIGHT if portrait else USABLE_HEIGHT
        self.capacity = height * SAFETY / (scale / 100)
        self.repeated = repeated
        self.groups = groups
        self.row = 0
        self.default: float | None = None
        self.used = 0.0
        self.pages = 1
        self.unbroken = False
        self._stored: dict[float, float] = {}
        """True once the sheet needed more manual breaks than a file may hold."""

    def default_height(self, height: float) -> None:
        """Rows added with this height need no entry of their own (the sheet's default)."""
        self.sheet.default_height(height)
        self.default = stored_height(height)

    def add(self, height: float, keep_with_previous: bool = False) -> None:
        """Call before appending the next row: its height, and a break before it if needed."""
        self.row += 1
        stored = self._stored.get(height)
        if stored is None:
            stored = self._stored[height] = stored_height(height)
        height = stored
        if height != self.default:
            self.sheet.set_height(self.row, height)
        overflows = self.used + height > self.capacity and self.used > self.repeated
        if overflows and self.row > 1 and not keep_with_previous:
            if len(self.sheet.row_breaks) < MAX_BREAKS:
                self.sheet.row_breaks.append(self.row - 1)
            else:
                self.unbroken = True
            self.pages += 1
            self.used = self.repeated
        self.used += height

    @property
    def total(self) -> int:
        return self.pages * self.groups

    def finish(self) -> int:
        """Write 第 N 页 共 M 页 into the footer; the sheet's page count (estimated past the
        last manual break a file may hold)."""
        total = "" if self.unbroken else f" 共 {self.total} 页"
        self.sheet.footer = f"&A  第 &P 页{total}"
        return self.total


def fixed_scale(sheet: Sheet, scale: int) -> None:
    """Print at exactly ``scale`` percent (no fit-to-page, which would ignore our breaks)."""
    sheet.worksheet.set_print_scale(scale)
