"""Excel and print from a ledger: what the table shows (filter, chosen columns, their order, the
sort), and one record as an A4 sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from desktop.ui.ledger_export import pdf_printer
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_excel_holds_exactly_what_the_table_shows(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    view = window.ledger_views["inspections"]
    view.filter_bar.text.setText("茶")
    view.model.set_query(view.filter_bar.query())
    header = view.table.horizontalHeader()
    names = [fld.name for fld in view.model.columns]
    subject, date_column = names.index("subject"), names.index("inspection_date")
    header.moveSection(header.visualIndex(subject), 0)  # the clerk dragged 产品 to the front
    view.set_column_shown(names.index("inspecting_body"), False)
    shown = view.model.total
    assert shown is not None and shown > 0
    target = tmp_path / "抽检.xlsx"
    with qtbot.waitSignal(view.exported):
        assert view.export_excel(target)
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    titles = [str(t) for t in rows[0] if t is not None]
    assert titles[0] == "产品/检查对象"
    assert "检验/检查机构" not in titles and "检查日期" in titles
    assert len(rows) - 1 == shown
    assert all("茶" in str(r[0]) for r in rows[1:]) or shown != len(rows) - 1
    table_first = [view.model.data(view.model.index(0, c)) for c in (subject, date_column)]
    position = titles.index("检查日期")
    assert [rows[1][0], rows[1][position]] == table_first  # same order as on screen


def test_print_the_ledger_and_one_record_to_pdf(window: MainWindow, tmp_path: Path) -> None:
    view = window.ledger_views["certifications"]
    ledger_pdf, record_pdf = tmp_path / "ledger.pdf", tmp_path / "record.pdf"
    assert view.print_ledger(pdf_printer(ledger_pdf))
    view.table.selectRow(0)
    assert view.print_record(pdf_printer(record_pdf))
    for pdf in (ledger_pdf, record_pdf):
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 2000
    assert view.print_record.__self__.selected_id() is not None  # type: ignore[attr-defined]
