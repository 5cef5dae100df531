"""Spreadsheets as township clerks have them, built in the tests (no binary fixtures)."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl import Workbook

Rows = Sequence[Sequence[Any]]


def xlsx(path: Path, sheets: dict[str, Rows], merges: dict[str, list[str]] | None = None) -> Path:
    """An Excel workbook with these sheets (openpyxl writes it as Excel would)."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        for merged in (merges or {}).get(title, []):
            sheet.merge_cells(merged)
    book.save(path)
    return path


def _cell_xml(value: Any, style: int | None = None) -> str:
    """A WPS-style cell: no ``r`` reference, inline strings, ``x:`` prefixed names."""
    s = f' s="{style}"' if style is not None else ""
    if value is None:
        return "<x:c/>"
    if isinstance(value, str) and value.startswith("="):
        return f"<x:c{s}><x:f>{escape(value[1:])}</x:f><x:v>0</x:v></x:c>"
    if isinstance(value, str):
        return f'<x:c t="inlineStr"{s}><x:is><x:t>{escape(value)}</x:t></x:is></x:c>'
    if isinstance(value, bool):
        return f'<x:c t="b"{s}><x:v>{int(value)}</x:v></x:c>'
    return f"<x:c{s}><x:v>{value}</x:v></x:c>"


def wps_xlsx(path: Path, rows: Rows, styles: dict[tuple[int, int], int] | None = None) -> Path:
    """A workbook written the way WPS and some exporters do (prefixes, no refs, shared rich text).

    ``styles`` maps (row, column) (0-based) to a style: 1 = a date format (yyyy"年"m"月"d"日"),
    2 = a percentage. The first row's texts go to the shared strings as rich text with a
    phonetic run that must not be read.
    """
    styles = styles or {}
    shared = [str(v) for v in rows[0]]
    sheet_rows = []
    for r, row in enumerate(rows):
        if r == 0:
            cells = "".join(f'<x:c t="s"><x:v>{i}</x:v></x:c>' for i in range(len(shared)))
        else:
            cells = "".join(_cell_xml(v, styles.get((r, c))) for c, v in enumerate(row))
        sheet_rows.append(f"<x:row>{cells}</x:row>")
    ns = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    strings = "".join(
        f"<x:si><x:r><x:t>{escape(t[:1])}</x:t></x:r><x:r><x:t>{escape(t[1:])}</x:t></x:r>"
        f'<x:rPh sb="0" eb="1"><x:t>ピン</x:t></x:rPh></x:si>'
        for t in shared
    )
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats'
        '.org/package/2006/content-types"/>',
        "xl/workbook.xml": f'<?xml version="1.0"?><x:workbook {ns} {rel_ns}><x:sheets>'
        '<x:sheet name="WPS表格" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas'
        '.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="x" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><x:sst {ns}>{strings}</x:sst>',
        "xl/styles.xml": f'<?xml version="1.0"?><x:styleSheet {ns}><x:numFmts count="1">'
        '<x:numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '</x:numFmts><x:cellXfs count="3"><x:xf numFmtId="0"/><x:xf numFmtId="176"/>'
        '<x:xf numFmtId="9"/></x:cellXfs></x:styleSheet>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><x:worksheet {ns}><x:sheetData>'
        + "".join(sheet_rows)
        + "</x:sheetData></x:worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def csv_file(path: Path, rows: Rows, encoding: str) -> Path:
    """A CSV file in this encoding (``utf-8-sig`` for Excel's "CSV UTF-8", ``gbk`` for WPS)."""
    lines = []
    for row in rows:
        cells = []
        for value in row:
            text = "" if value is None else str(value)
            if any(c in text for c in ',"\n'):
                text = '"' + text.replace('"', '""') + '"'
            cells.append(text)
        lines.append(",".join(cells))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def serial(day: date) -> int:
    """Excel's day number of a date."""
    return (datetime(day.year, day.month, day.day) - datetime(1899, 12, 30)).days
