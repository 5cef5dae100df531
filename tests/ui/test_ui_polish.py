"""Window details a clerk notices: English column titles not cut, plain chart labels, section
numbers in the reader's language, and an explained empty sync history."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QScrollArea, QWizard
from pytestqt.qtbot import QtBot

from desktop.db import Database
from desktop.services.office import init_office, load_office
from desktop.sync import export
from desktop.ui.app import DesktopApp
from desktop.ui.dashboard.charts import TownshipChart
from desktop.ui.dashboard.view import DashboardView, section_number
from desktop.ui.main_window import MainWindow
from desktop.ui.sync.conflicts_view import ConflictsView
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


def test_short_forms_are_not_half_empty(window: MainWindow) -> None:
    enterprises = window.ledger_views["enterprises"].new_record()
    inspections = window.ledger_views["inspections"].new_record()
    assert enterprises.height() < 480  # ten one-line fields, not a 640-pixel dialog
    assert inspections.height() > enterprises.height()
    enterprises.reject()
    inspections.reject()


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


def test_progress_months_are_readable(window: MainWindow) -> None:
    from desktop.ui.projects_view import ProgressChart

    chart = window.findChild(ProgressChart)
    assert chart is not None
    chart.show_series("项目", [("2024-05", 40.0, 0.5), ("2024-06", 60.0, 1.5)])
    axis = chart.chart().axes()[0]
    assert axis.categories() == ["24-05", "24-06"]  # type: ignore[attr-defined]
    assert not axis.truncateLabels()  # type: ignore[attr-defined]


def test_conflict_comparison_has_titles_before_a_choice(
    county_desktop: DesktopApp, qtbot: QtBot
) -> None:
    window = county_desktop.build_window()
    qtbot.addWidget(window)
    view = window.findChild(ConflictsView)
    assert view is not None
    titles = [view.compare.horizontalHeaderItem(n).text() for n in range(3)]
    assert titles == ["字段", "当前版本", "另一版本"]


def test_enter_saves_even_after_tabbing_past_cancel(window: MainWindow, qtbot: QtBot) -> None:
    form = window.ledger_views["enterprises"].new_record()
    cancel = form.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setFocus()  # Tab reached "Cancel": Qt drops the dialog's default button here
    name = form.widgets["name"]
    assert isinstance(name, QLineEdit)
    name.setFocus()
    name.setText("测试茶业有限公司")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert form.isVisible()
    assert form.field_error("credit_code")  # the save ran and found the missing code
    assert form.findChild(QScrollArea).focusPolicy() == Qt.FocusPolicy.NoFocus
    cancel.setFocus()
    qtbot.keyClick(cancel, Qt.Key.Key_Return)  # Enter on a button presses that button
    assert not form.isVisible()


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


def test_pdf_export_says_where_the_file_went(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = window.findChild(DashboardView)
    assert view is not None
    target = tmp_path / "目标.pdf"
    monkeypatch.setattr(
        "desktop.ui.dashboard.view.QFileDialog.getSaveFileName",
        lambda *args, **kwargs: (str(target), "PDF (*.pdf)"),
    )
    view.ask_export_pdf()
    assert target.stat().st_size > 0
    assert "目标.pdf" in view.pdf_status.text()
    assert view.pdf_status.toolTip() == str(target)


def test_english_form_fits_without_sideways_scrolling(tmp_path: Path, qtbot: QtBot) -> None:
    english = open_desktop(make_data_dir(tmp_path, records=20), "en")
    window = english.build_window()
    qtbot.addWidget(window)
    window.show()
    form = window.ledger_views["inspections"].new_record()
    qtbot.waitExposed(form)
    scroll = form.findChild(QScrollArea)
    assert scroll is not None
    assert not scroll.horizontalScrollBar().isVisible()
    category = form.widgets["category_code"]
    assert isinstance(category, QComboBox)
    assert category.toolTip() == category.currentText()
    form.reject()
    english.close()


def test_a_narrow_window_keeps_the_navigation_titles_whole(window: MainWindow) -> None:
    window.resize(800, 600)
    window.centralWidget().resize(800, 560)
    navigation = window.navigation
    assert navigation.minimumWidth() >= navigation.sizeHintForColumn(0)
    assert navigation.width() >= navigation.sizeHintForColumn(0)


def test_wizard_next_is_enabled_under_the_prefilled_operator(tmp_path: Path, qtbot: QtBot) -> None:
    wizard = DesktopApp(tmp_path / "fresh", dialogs=False).first_run()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.next()
    assert wizard.currentPage() is wizard.operator_page
    if wizard.operator_page.operator.text():  # the login name, when the system knows one
        assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        wizard.next()
        assert wizard.currentPage() is wizard.folder_page


def test_search_box_names_what_it_searches(county_desktop: DesktopApp, qtbot: QtBot) -> None:
    window = county_desktop.build_window()
    qtbot.addWidget(window)
    inspections = window.ledger_views["inspections"].filter_bar.text.placeholderText()
    statistics = window.ledger_views["manual_statistics"].filter_bar.text.placeholderText()
    assert inspections.startswith("搜索(Ctrl+F)：企业名称或信用代码、产品/检查对象")
    assert "信用代码" not in statistics  # statistics have no enterprise
    assert "数据来源" in statistics


def test_an_import_refreshes_the_ledgers_and_the_status_bar(tmp_path: Path, qtbot: QtBot) -> None:
    township_dir = make_data_dir(tmp_path, records=30)
    township_db = Database.for_data_dir(township_dir)
    package = export.export_data(
        township_db, load_office(township_db), tmp_path / "usb", period="2022-05"
    ).path
    township_db.dispose()
    county_dir = tmp_path / "county-empty"
    county_db = Database.for_data_dir(county_dir)
    init_office(county_db, county=True, operator="县办")
    county_db.dispose()
    county = open_desktop(county_dir)
    window = county.build_window()
    qtbot.addWidget(window)
    window.show()
    inspections = window.ledger_views["inspections"]
    assert inspections.model.total == 0
    assert "尚无记录" in inspections.empty_hint.text()
    page = window.findChild(SyncPage)
    assert page is not None
    dialog = page.open_import()
    dialog.set_paths([package])
    dialog.commit()
    qtbot.waitUntil(lambda: (inspections.model.total or 0) > 0)
    assert inspections.empty_hint.isHidden()
    qtbot.waitUntil(lambda: "上次导入:无" not in window.sync_label.text().replace(" ", ""))
    county.close()


def test_an_export_updates_the_last_export_date(window: MainWindow, qtbot: QtBot) -> None:
    page = window.findChild(SyncPage)
    assert page is not None
    dialog = page.open_export()
    dialog.folder.setText(str(Path(window.context.data_dir) / "out"))  # type: ignore[union-attr]
    dialog.export_button.click()
    assert dialog.written is not None
    qtbot.waitUntil(lambda: "上次导出:无" not in window.sync_label.text().replace(" ", ""))


def test_an_enterprise_list_import_shows_in_the_ledger(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    from desktop.ui.dashboard.screen import TargetsAndReports

    enterprises = window.ledger_views["enterprises"]
    before = enterprises.model.total or 0
    screen = window.show_screen("dashboard")
    assert isinstance(screen, TargetsAndReports)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["企业名称", "统一社会信用代码", "所属乡镇"])
    sheet.append(["泰顺县导入测试有限公司", "91330329MA2H00006J", "罗阳镇"])
    source = tmp_path / "list.xlsx"
    book.save(source)
    screen.reports.check_workbook(source)
    screen.reports.import_good_rows()
    assert screen.reports.imported == 1
    qtbot.waitUntil(lambda: enterprises.model.total == before + 1)
