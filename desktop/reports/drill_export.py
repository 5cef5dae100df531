"""The records behind a figure as an .xlsx a clerk can open: every column, every record.

The dashboard's drill-down lists what the indicator engine counted; this writes the same records
(all of them, not only those listed on screen) with a title line naming the plan, the target and
the day, through the shared Excel plumbing (literal text, atomic save).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from desktop.reports import xlsx

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

    def build(workbook: Workbook) -> None:
        nonlocal written
        sheet = workbook.create_sheet(SHEET)
        widths = [max(8, min(40, xlsx.display_width(h) + 2)) for h in headers]
        xlsx.set_widths(sheet, widths)
        sheet.freeze_panes = "B4"
        xlsx.print_setup(sheet, "3:3", gridlines=True)
        sheet.append([xlsx.styled(sheet, title, font=xlsx.TITLE_FONT, border=False)])
        sheet.append([xlsx.styled(sheet, subtitle, font=xlsx.SUBTITLE_FONT, border=False)])
        sheet.append(xlsx.header_row(sheet, headers))
        for row in rows:
            sheet.append([xlsx.safe(sheet, value) for value in row])
            written += 1
        last = get_column_letter(len(headers))
        sheet.auto_filter.ref = f"A3:{last}{3 + max(written, 1)}"

    xlsx.save_atomically(path, build)
    return written
