"""A record's history dialog (desktop/ui/history.py)."""

from __future__ import annotations

import pytest

from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_history_of_an_unedited_record_says_so(window: MainWindow) -> None:
    view = window.ledger_views["inspections"]
    view.table.selectRow(0)
    record_id = view.selected_id()
    assert record_id is not None
    dialog = view.show_history()
    assert dialog is not None
    if dialog.table.rowCount() == 0:
        assert not dialog.empty_hint.isHidden()
    dialog.close()
    form = view.edit_selected()
    assert form is not None
    form.widgets["notes"].setText("复查")  # type: ignore[attr-defined]
    form.save()
    assert view.select_record(record_id)
    dialog = view.show_history()
    assert dialog is not None
    assert dialog.table.rowCount() > 0
    assert dialog.empty_hint.isHidden()
    dialog.close()
