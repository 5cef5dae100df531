"""The refused rows of an import, as a workbook the clerk can fix and import again.

Each source sheet with refused rows becomes a sheet with the file's own header (so the fixed file
maps itself with the remembered mapping) and three columns added at the end: 原工作表, 原行号 and
未导入原因. The importer ignores those three when it reads the file back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.reports import xlsx
from desktop.reports.xlsx import Book
from desktop.services.ledger_import import ERROR_COLUMNS, ImportCheck, RefusedRow
from desktop.services.spreadsheet import Formula


def _cell(value: Any) -> Any:
    if isinstance(value, Formula):
        return xlsx.text_cell(str(value))  # a formula comes back as the text it was
    return value


def write_error_report(path: Path, check: ImportCheck) -> int:
    """Write the refused rows with their reasons; returns how many rows were written."""
    by_sheet: dict[str, list[RefusedRow]] = {}
    for row in check.refused:
        by_sheet.setdefault(row.sheet, []).append(row)
    headers = {result.layout.sheet: result.layout.headers for result in check.sheets}

    def build(workbook: Book) -> None:
        used: set[str] = set()
        for source, rows in by_sheet.items() or [("未导入的行", [])]:
            sheet = workbook.create_sheet(xlsx.sheet_title(source, used, "未导入的行"))
            header = [("" if h is None else str(h)) for h in headers.get(source, [])]
            width = max([len(header), *(len(r.values) for r in rows)])
            header += [""] * (width - len(header))
            xlsx.set_widths(sheet, [14] * width + [12, 8, 60])
            sheet.freeze("A2")
            xlsx.print_setup(sheet, (1, 1), gridlines=True)
            sheet.append(xlsx.header_row([*header, *ERROR_COLUMNS]))
            for row in rows:
                cells = [_cell(v) for v in row.values] + [None] * (width - len(row.values))
                sheet.append([*cells, row.sheet, row.row, "；".join(row.reasons)])

    xlsx.save_atomically(path, build)
    return len(check.refused)
