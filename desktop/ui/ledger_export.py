"""Excel and print from any ledger: exactly what the table shows — its filters and search, the
columns the clerk chose, in their order, sorted as shown — and one record as an A4 sheet.

The rows are read page by page through the table model's own read (the same SQL, labels and
formatting as the screen) off the GUI thread; the workbook is written with the report plumbing
(:mod:`desktop.reports.xlsx`: text starting with = + - @ stays text, temporary name then rename).
Printing renders an HTML table into a ``QTextDocument`` on A4 (landscape for the ledger).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QHeaderView

from desktop.services.fields import LedgerSpec
from desktop.ui.table_model import LedgerTableModel

EXPORT_PAGE = 2000
PRINT_LIMIT = 5000
"""Rows printed at most (a ledger of 100,000 rows is exported to Excel, not printed)."""


def shown_columns(model: LedgerTableModel, header: QHeaderView) -> list[tuple[int, str]]:
    """(model column, title) of the columns the table shows, in the order it shows them."""
    columns = []
    for visual in range(header.count()):
        logical = header.logicalIndex(visual)
        if not header.isSectionHidden(logical):
            columns.append((logical, model.columns[logical].label(model.language)))
    return columns


def shown_rows(
    model: LedgerTableModel, today: date, limit: int | None = None
) -> Iterator[tuple[str, ...]]:
    """Every row of the table's current query as the table shows its cells (all columns)."""
    query = model.query
    offset = 0
    while limit is None or offset < limit:
        size = EXPORT_PAGE if limit is None else min(EXPORT_PAGE, limit - offset)
        rows = model._read(replace(query, offset=offset, limit=size), today)
        for row in rows:
            yield row.cells
        if len(rows) < size:
            return
        offset += size


def write_workbook(
    path: Path,
    spec: LedgerSpec,
    language: str,
    columns: list[tuple[int, str]],
    rows: Iterator[tuple[str, ...]],
) -> int:
    """The ledger sheet as shown; returns the number of rows written."""
    from desktop.reports import xlsx  # openpyxl loads when a clerk first exports, not at start

    count = 0

    def build(workbook: xlsx.Book) -> None:
        nonlocal count
        sheet = workbook.create_sheet(xlsx.sheet_title(spec.label(language), set()))
        widths = [max(8, xlsx.display_width(title) + 2) for _n, title in columns]
        xlsx.set_widths(sheet, [min(w, 40) for w in widths])
        sheet.append(xlsx.header_row([title for _n, title in columns]))
        for cells in rows:
            sheet.append([cells[n] for n, _title in columns])
            count += 1

    xlsx.save_atomically(path, build)
    return count


def ledger_html(
    title: str, subtitle: str, columns: list[tuple[int, str]], rows: Iterator[tuple[str, ...]]
) -> str:
    """The table as HTML for printing."""
    head = "".join(f"<th>{html.escape(t)}</th>" for _n, t in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(cells[n]))}</td>" for n, _t in columns) + "</tr>"
        for cells in rows
    )
    return (
        "<html><head><style>"
        "body{font-size:9pt} table{border-collapse:collapse}"
        "th,td{border:1px solid #888;padding:2px 4px} th{background:#e8eef5}"
        "</style></head><body>"
        f"<h3>{html.escape(title)}</h3><p>{html.escape(subtitle)}</p>"
        f"<table cellspacing='0' width='100%'><tr>{head}</tr>{body}</table></body></html>"
    )


def record_html(title: str, fields: list[tuple[str, str]], footer: str) -> str:
    """One record as an A4 sheet: label / value lines, a signature line."""
    lines = "".join(
        f"<tr><th width='30%' align='right'>{html.escape(label)}</th>"
        f"<td>{html.escape(value)}</td></tr>"
        for label, value in fields
    )
    return (
        "<html><head><style>"
        "body{font-size:11pt} table{border-collapse:collapse}"
        "th,td{border:1px solid #888;padding:5px 8px} th{background:#f1f4f8}"
        "</style></head><body>"
        f"<h2 align='center'>{html.escape(title)}</h2>"
        f"<table cellspacing='0' width='100%'>{lines}</table>"
        f"<p><br/>{html.escape(footer)}</p></body></html>"
    )


def print_html(document_html: str, printer: QPrinter, landscape: bool) -> None:
    """Lay the HTML out on A4 and print it."""
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    printer.setPageMargins(QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    document = QTextDocument()
    document.setHtml(document_html)
    document.print_(printer)


def pdf_printer(path: Path) -> QPrinter:
    """A printer that writes a PDF (tests, and a clerk with no printer)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


Done = Callable[[int], None]
