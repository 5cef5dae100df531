"""A ledger's table view (desktop/ui/ledger_view.py): English column titles not cut, and an
empty table that says why."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow
from tests.ui.conftest import make_data_dir, open_desktop

pytestmark = pytest.mark.gui


def test_english_titles_fit_after_widths_were_saved_in_chinese(
    tmp_path: Path, qtbot: QtBot
) -> None:
    data_dir = make_data_dir(tmp_path, records=40)
    chinese = open_desktop(data_dir, "zh")
    window = chinese.build_window()
    qtbot.addWidget(window)
    window.show()
    chinese.close()  # saves the Chinese column widths
    english = open_desktop(data_dir, "en")
    window = english.build_window()
    qtbot.addWidget(window)
    window.show()
    view = window.ledger_views["inspections"]
    header = view.table.horizontalHeader()
    titles = {view.model.headerData(n, header.orientation()) for n in range(header.count())}
    assert "Batches sampled" in titles
    for number in range(header.count()):
        if not header.isSectionHidden(number):
            assert header.sectionSize(number) >= header.sectionSizeHint(number)
    combo = view.filter_bar.rectification
    assert combo is not None
    assert combo.minimumContentsLength() >= len("Any rectification")
    english.close()


def test_an_empty_table_says_why(window: MainWindow) -> None:
    view = window.ledger_views["inspections"]
    assert view.empty_hint.isHidden()
    view.filter_bar.text.setText("没有这个词zzz")
    view.model.set_query(view.filter_bar.query())
    assert view.model.total == 0
    assert "筛选" in view.empty_hint.text()
    assert not view.empty_hint.isHidden()
    view.filter_bar.text.setText("")
    view.model.set_query(view.filter_bar.query())
    assert view.empty_hint.isHidden()
    progress = window.ledger_views["project_progress"]
    assert not progress.new_button.isEnabled()
    assert progress.empty_hint.isHidden()  # the title already says: choose a project above
