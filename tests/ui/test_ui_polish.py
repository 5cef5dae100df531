"""Window details a clerk notices: English column titles not cut, plain chart labels, section
numbers in the reader's language, and an explained empty sync history."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.ui.dashboard.charts import TownshipChart
from desktop.ui.dashboard.view import section_number
from desktop.ui.main_window import MainWindow
from desktop.ui.sync.page import SyncPage
from tests.ui.conftest import make_data_dir, open_desktop


def test_section_numbers_follow_the_language() -> None:
    assert section_number("(三)", "en") == "3"
    assert section_number("(十)", "en") == "10"
    assert section_number("(三)", "zh") == "(三)"
    assert section_number("附加", "en") == "附加"


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


def test_township_chart_labels_keep_three_digits(window: MainWindow) -> None:
    window.show_screen("dashboard")
    chart = window.findChild(TownshipChart)
    assert chart is not None
    series = chart.chart().series()
    assert series, "the first computable target is charted"
    assert series[0].labelsPrecision() == 3


def test_empty_sync_history_explains_the_next_step(window: MainWindow) -> None:
    page = window.findChild(SyncPage)
    assert page is not None
    assert page.history.rowCount() == 0
    assert not page.empty_hint.isHidden()
    assert "导出月度数据包" in page.empty_hint.text()
