"""Ledger table models and views: every model passes Qt's model tester, filters run in SQL."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.services.fields import LEDGERS
from desktop.services.queries import LedgerQuery, select_ids
from desktop.ui.app import DesktopApp
from desktop.ui.display import ReferenceLabels, format_value
from desktop.ui.main_window import MainWindow
from desktop.ui.table_model import PAGE_SIZE, LedgerTableModel
from desktop.ui.tasks import TaskRunner

TODAY = date(2022, 6, 30)

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("ledger", sorted(LEDGERS))
def test_every_table_model_passes_the_model_tester(
    desktop: DesktopApp, qtmodeltester: ModelTester, qtbot: QtBot, ledger: str
) -> None:
    window = desktop.build_window()
    qtbot.addWidget(window)
    view = window.ledger_views.get(ledger)
    if view is None:  # county statistics exist at the county office only
        assert ledger == "manual_statistics"
        return
    model = view.model
    if ledger == "project_progress":
        model.set_query(replace(model.query, extra={}))
    assert model.rowCount() > 0
    qtmodeltester.check(model, force_py=True)
    window.close()


def test_model_pages_instead_of_loading_every_row(desktop: DesktopApp, qtbot: QtBot) -> None:
    window = desktop.build_window()
    qtbot.addWidget(window)
    model: LedgerTableModel = window.ledger_views["inspections"].model
    total = model.rowCount()
    assert total > PAGE_SIZE
    assert model.cached_pages == 1
    last = model.index(total - 1, 0)
    assert model.data(last) not in (None, "")
    assert model.cached_pages == 2
    window.close()


def test_cells_are_formatted_when_first_shown(window: MainWindow) -> None:
    """A first page's rows below the screen are formatted only when asked for — as the same
    text the clerk reads."""
    model: LedgerTableModel = window.ledger_views["inspections"].model
    model.refresh()
    assert model.rowCount() > PAGE_SIZE
    below = model.row_at(PAGE_SIZE - 1)
    assert below is not None
    assert below._cells == [None] * below.width  # not painted, not asked for yet
    labels, language = model.labels, model.language
    pages = [model.reads.page(model.spec, model.query.page(0, PAGE_SIZE), model._today())]
    record = pages[0].records[PAGE_SIZE - 1]
    assert record["id"] == below.record["id"]
    expected = tuple(
        format_value(fld, record.get(fld.name), labels, language, pages[0].enterprises)
        for fld in model.columns
    )
    assert model.data(model.index(PAGE_SIZE - 1, 2)) == expected[2]
    assert below._cells[2] == expected[2] and below._cells[3] is None  # that cell alone
    shown = tuple(model.data(model.index(PAGE_SIZE - 1, c)) for c in range(model.columnCount()))
    assert shown == expected
    assert below.cells == expected


def test_filter_narrows_rows_including_two_character_chinese_terms(window: MainWindow) -> None:
    view = window.ledger_views["inspections"]
    everything = view.model.rowCount()
    subject_column = [f.name for f in view.model.columns].index("subject")
    subject = view.model.data(view.model.index(0, subject_column))
    term = subject[:2]
    assert len(term) == 2
    view.filter_bar.text.setText(term)
    narrowed = view.model.rowCount()
    assert 0 < narrowed < everything
    for row in range(narrowed):
        record = view.model.row_at(row)
        assert record is not None
        haystack = " ".join(str(record.record.get(n) or "") for n in view.spec.search_fields)
        enterprise = view.model.data(view.model.index(row, 3))
        assert term in haystack or term in enterprise
    view.filter_bar.text.setText("不存在的词")
    assert view.model.rowCount() == 0
    assert view.count_label.text() == "共 0 条"
    view.filter_bar.text.clear()
    assert view.model.rowCount() == everything


def test_category_and_result_filters(window: MainWindow) -> None:
    view = window.ledger_views["inspections"]
    bar = view.filter_bar
    assert bar.result is not None and bar.category is not None
    bar.result.setCurrentIndex(bar.result.findData("fail"))
    failing = view.model.rowCount()
    assert failing > 0
    result_column = [f.name for f in view.model.columns].index("result")
    assert {view.model.data(view.model.index(r, result_column)) for r in range(failing)} == {
        "不合格"
    }


def test_overdue_rectifications_are_highlighted_and_filterable(window: MainWindow) -> None:
    window.context.service.create(
        "inspections",
        {
            "category_code": "INS_PRODUCT_QUALITY_SPOT_CHECK",
            "inspection_date": "2022-04-01",
            "subject": "竹筷",
            "batches_sampled": 2,
            "batches_passed": 1,
            "result": "fail",
            "rectification_required": True,
            "rectification_deadline": "2022-05-01",
        },
    )
    view = window.ledger_views["inspections"]
    bar = view.filter_bar
    assert bar.rectification is not None
    bar.rectification.setCurrentIndex(bar.rectification.findData("overdue"))
    rows = view.model.rowCount()
    assert rows > 0
    for row in range(rows):
        index = view.model.index(row, 0)
        assert view.model.data(index, Qt.ItemDataRole.ToolTipRole) == "整改已逾期"
        assert view.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None


def test_expiring_certifications_are_filterable(window: MainWindow) -> None:
    view = window.ledger_views["certifications"]
    assert view.filter_bar.expiring is not None
    view.filter_bar.expiring.setChecked(True)
    for row in range(view.model.rowCount()):
        flag = view.model.row_at(row)
        assert flag is not None and flag.flag in ("expiring", "expired")


def test_sorting_happens_in_sql(window: MainWindow) -> None:
    view = window.ledger_views["inspections"]
    column = [f.name for f in view.model.columns].index("batches_sampled")
    view.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
    assert view.model.query.sort == "batches_sampled" and not view.model.query.descending
    values = [int(view.model.data(view.model.index(r, column))) for r in range(20)]
    assert values == sorted(values)


def test_column_chooser_hides_columns_and_remembers_them(
    desktop: DesktopApp, window: MainWindow, qtbot: QtBot
) -> None:
    view = window.ledger_views["inspections"]
    column = [f.name for f in view.model.columns].index("subject")
    view.set_column_shown(column, False)
    assert "subject" in desktop.settings.hidden_columns("inspections", [])
    again = desktop.build_window()
    qtbot.addWidget(again)
    assert again.ledger_views["inspections"].table.horizontalHeader().isSectionHidden(column)
    again.close()


def test_navigation_lists_the_ledgers_without_placeholders(window: MainWindow) -> None:
    titles = window.navigation_titles()
    assert titles[:4] == ["抽检/检查", "认证/品牌/标准", "示范项目", "企业名录"]
    # every page has content once opened (the reports and sync pages are built then)
    assert all(window.show_screen(key).findChildren(QWidget) for key in window.screens)
    status = window.counts_label.text()
    assert "抽检/检查" in status and "企业名录" in status
    assert "上次导出" in window.sync_label.text()


@pytest.mark.parametrize(
    ("ledger", "sort", "descending"),
    [
        ("inspections", None, True),
        ("inspections", "batches_sampled", False),
        ("certifications", "expiry_date", True),
        ("enterprises", None, True),
    ],
)
def test_scrolling_page_by_page_shows_the_same_rows_as_sql_order(
    desktop: DesktopApp, qtbot: QtBot, ledger: str, sort: str | None, descending: bool
) -> None:
    assert desktop.database is not None
    window = desktop.build_window()
    qtbot.addWidget(window)
    model = window.ledger_views[ledger].model
    model.set_query(replace(model.query, sort=sort, descending=descending))
    shown = [model.record_id(row) for row in range(model.rowCount())]
    spec = LEDGERS[ledger]
    with desktop.database.session() as session:
        expected = list(
            session.scalars(select_ids(spec, replace(model.query, offset=0, limit=5000), TODAY))
        )
    assert shown == expected


def test_a_newer_keystroke_stops_the_reads_of_the_older_one(
    desktop: DesktopApp, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed on while the first page (or the count) of the previous text is still read: that
    read is stopped at once, never shown, and the new text's rows come on their own queue."""
    assert desktop.database is not None
    spec = LEDGERS["inspections"]
    model = LedgerTableModel(
        spec, desktop.database, ReferenceLabels.load(desktop.database), TaskRunner()
    )
    real_page, real_count = model.reads.page, model.reads.count
    held: list[str] = []

    def slow_page(*args: object, **kwargs: object) -> object:
        query, cancel = args[1], kwargs.get("cancel") or args[-1]
        if getattr(query, "text", "") == "茶":  # a read the clerk overtakes
            held.append("page")
            deadline = time.monotonic() + 10
            while not cancel.cancelled and time.monotonic() < deadline:  # type: ignore[union-attr]
                time.sleep(0.01)
            cancel.check()  # type: ignore[union-attr]
        return real_page(*args, **kwargs)  # type: ignore[arg-type]

    def slow_count(*args: object, **kwargs: object) -> object:
        query, cancel = args[1], args[3]
        if getattr(query, "text", "") == "":
            held.append("count")
            deadline = time.monotonic() + 10
            while not cancel.cancelled and time.monotonic() < deadline:  # type: ignore[union-attr]
                time.sleep(0.01)
            cancel.check()  # type: ignore[union-attr]
        return real_count(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(model.reads, "page", slow_page)
    monkeypatch.setattr(model.reads, "count", slow_count)
    shown: list[str] = []
    model.refreshed.connect(lambda: shown.append(model.query.text))
    model.set_query(LedgerQuery())
    qtbot.waitUntil(lambda: shown == [""] and held == ["count"], timeout=10000)
    started = time.monotonic()
    model.set_query(LedgerQuery(text="茶"))  # stops the count of the empty text
    qtbot.waitUntil(lambda: held == ["count", "page"], timeout=10000)
    model.set_query(LedgerQuery(text="茶叶"))  # stops the first page of 茶
    qtbot.waitUntil(lambda: model.total is not None and shown[-1] == "茶叶", timeout=10000)
    assert time.monotonic() - started < 5
    assert shown == ["", "茶叶"]  # 茶's rows were never shown
    expected = select_ids(spec, LedgerQuery(text="茶叶", limit=10**6), TODAY)
    with desktop.database.session() as session:
        assert model.total == len(list(session.scalars(expected)))
    assert model.wait()


def test_a_first_page_read_while_the_index_was_stale_is_read_again_when_it_catches_up(
    desktop: DesktopApp, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert desktop.database is not None and desktop.search is not None
    index = desktop.search
    qtbot.waitUntil(index.is_fresh, timeout=20000)
    spec = LEDGERS["inspections"]
    labels = ReferenceLabels.load(desktop.database)
    model = LedgerTableModel(spec, desktop.database, labels, TaskRunner(), search=index)
    real_page = model.reads.page
    cancels: list[object] = []

    def page(*args: object, **kwargs: object) -> object:
        cancel = kwargs.get("cancel") or args[-1]
        if getattr(args[1], "text", "") == "茶" and not cancels:
            cancels.append(cancel)  # the stale read: slow until stopped
            deadline = time.monotonic() + 10
            while not cancel.cancelled and time.monotonic() < deadline:  # type: ignore[union-attr]
                time.sleep(0.01)
            cancel.check()  # type: ignore[union-attr]
        return real_page(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(model.reads, "page", page)
    shown: list[str] = []
    model.refreshed.connect(lambda: shown.append(model.query.text))
    model.set_query(LedgerQuery(text="茶"))
    qtbot.waitUntil(lambda: bool(cancels), timeout=10000)
    index.update_all()  # what the keeper does once the index is found stale
    qtbot.waitUntil(lambda: shown == ["茶"], timeout=10000)
    assert cancels[0].cancelled  # type: ignore[attr-defined]
    assert model.wait()
