"""The records behind a figure as an .xlsx a clerk can open: every column, every record.

The dashboard's drill-down lists what the indicator engine counted; this writes the same records
(all of them, not only those listed on screen) with a title line naming the plan, the target and
the day, through the shared Excel plumbing (literal text, atomic save).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from desktop.reports import xlsx
from desktop.reports.xlsx import Book

SHEET = "记录明细"


def write_records(
    path: Path,
    title: str,
    subtitle: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Write a titled table of records to ``path``; the number of records written."""
    written = 0

    def build(workbook: Book) -> None:
        nonlocal written
        sheet = workbook.create_sheet(SHEET)
        widths = [max(8, min(40, xlsx.display_width(h) + 2)) for h in headers]
        xlsx.set_widths(sheet, widths)
        sheet.freeze("B4")
        xlsx.print_setup(sheet, (3, 3), gridlines=True)
        sheet.append([xlsx.styled(title, xlsx.TITLE.but(align="left", wrap=False))])
        sheet.append([xlsx.styled(subtitle, xlsx.SUBTITLE.but(wrap=False))])
        sheet.append(xlsx.header_row(headers))
        for row in rows:
            sheet.append(row)
            written += 1
        sheet.autofilter(3, 3 + max(written, 1), len(headers))

    xlsx.save_atomically(path, build)
    return written
