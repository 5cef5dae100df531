"""One change notification: every write refreshes every affected list and count — forms, the
enterprise added inline, delete and restore, and writes by another process (the command line)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop.services.changes import Changes
from desktop.ui.main_window import MainWindow
from tests.ui.test_ui_forms import type_text

pytestmark = pytest.mark.gui


def _total(window: MainWindow, ledger: str) -> int:
    total = window.ledger_views[ledger].model.total
    assert total is not None
    return total


def test_an_enterprise_added_inside_the_inspection_form_appears_in_the_register(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    enterprises = window.ledger_views["enterprises"]
    before = _total(window, "enterprises")
    status_before = window.counts_label.text()
    form = window.ledger_views["inspections"].new_record()

    def add_inline(typed: str) -> str | None:  # what 新建… does, without a nested exec()
        result = form.service.create(
            "enterprises", {"credit_code": "91330329MA2H00006J", "name": "泰顺县新茗茶业有限公司"}
        )
        form.writes.append(result)
        return str(result.record["id"])

    monkeypatch.setattr(form, "_add_enterprise", add_inline)
    picker = form.widgets["enterprise_id"]
    picker._add_enterprise = add_inline  # type: ignore[attr-defined]
    picker.add_button.click()  # type: ignore[attr-defined]
    subject = form.widgets["subject"]
    assert isinstance(subject, QLineEdit)
    type_text(subject, "红茶")
    with qtbot.waitSignal(window.changes_applied) as blocker:
        form.save()
    changes = blocker.args[0]
    assert changes == Changes.of("inspections", "enterprises")
    assert _total(window, "enterprises") == before + 1
    assert enterprises.model.row_of(form.writes[0].record["id"]) is not None
    qtbot.waitUntil(lambda: window.counts_label.text() != status_before)


def test_delete_then_restore_from_the_table(window: MainWindow, qtbot: QtBot) -> None:
    view = window.ledger_views["inspections"]
    before = _total(window, "inspections")
    view.table.selectRow(0)
    record_id = view.selected_id()
    assert record_id is not None
    view.confirm = lambda _question: True
    with qtbot.waitSignal(window.changes_applied):
        assert view.delete_selected()
    assert _total(window, "inspections") == before - 1
    view.filter_bar.deleted.setChecked(True)  # 显示已删除
    assert view.select_record(record_id)
    assert view.restore_button.isVisible() and not view.edit_button.isEnabled()
    with qtbot.waitSignal(window.changes_applied):
        assert view.restore_selected()
    assert view.service.get(record_id)["deleted"] is False
    assert [h["action"] for h in view.service.history(record_id)][-1] == "restore"
    assert view.selected_id() == record_id  # the restored record stays selected
    assert not view.restore_button.isVisible() and view.edit_button.isEnabled()
    view.filter_bar.deleted.setChecked(False)
    assert _total(window, "inspections") == before


def test_a_write_from_the_command_line_appears_in_the_open_ledger(
    window: MainWindow, qtbot: QtBot
) -> None:
    hub = window.hub
    assert hub is not None and hub.watcher is not None
    hub.watcher.timer.setInterval(50)
    before = _total(window, "enterprises")
    data_dir = window.settings.folder
    record = json.dumps({"credit_code": "92330329MA2H00014A", "name": "泰顺县命令行茶厂"})
    with qtbot.waitSignal(window.changes_applied, timeout=30000) as blocker:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop",
                "--data-dir",
                str(data_dir),
                "record",
                "add",
                "enterprises",
                "--json",
                "-",
            ],
            input=record,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    assert blocker.args[0].everything
    qtbot.waitUntil(lambda: _total(window, "enterprises") == before + 1)


def test_the_windows_own_save_refreshes_once(window: MainWindow, qtbot: QtBot) -> None:
    hub = window.hub
    assert hub is not None and hub.watcher is not None
    seen: list[Changes] = []
    window.changes_applied.connect(seen.append)
    form = window.ledger_views["enterprises"].new_record()
    name, code = form.widgets["name"], form.widgets["credit_code"]
    assert isinstance(name, QLineEdit) and isinstance(code, QLineEdit)
    type_text(name, "泰顺县一次刷新有限公司")
    code.setText("93330329MA2H000222")
    form.save()
    assert form.saved_record is not None
    assert not hub.watcher.check()  # the window's own commit is not "someone else"
    assert seen == [Changes.of("enterprises")]
