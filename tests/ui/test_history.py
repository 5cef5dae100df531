"""A record's history dialog (desktop/ui/history.py)."""

from __future__ import annotations

import pytest

from desktop.ui.history import history_rows
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


def test_history_speaks_the_clerks_language(window: MainWindow) -> None:
    view = window.ledger_views["inspections"]
    view.table.selectRow(0)
    record_id = view.selected_id()
    assert record_id is not None
    service = view.service
    service.update(record_id, {"result": "fail", "batches_passed": 0})
    service.delete(record_id, reason="重复录入")
    service.restore(record_id, reason="误删")
    rows = history_rows(view.spec, service.history(record_id), "zh")
    actions = [row[2] for row in rows]
    assert actions[:2] == ["恢复", "删除"]
    assert all(row[3] != "deleted" for row in rows)  # never the internal field name
    assert all(len(row[0]) == 16 and "T" not in row[0] for row in rows)  # 2022-06-30 10:32
    assert rows[1][5] == "重复录入"
    result = next(row for row in rows if row[3] == "检查结论")
    assert result[5] == "不合格"
