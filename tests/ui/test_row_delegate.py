"""The ledger tables' cell delegate: the same style option and the same pixels as Qt's own
delegate, with plain cells painted by the delegate and the rest left to the style."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QProxyStyle,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionViewItem,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.ui.ledger_view import LedgerView
from desktop.ui.main_window import MainWindow
from desktop.ui.row_delegate import CACHED_TEXTS, RowDelegate
from desktop.ui.table_model import DELETED_COLOUR, PAGE_SIZE

pytestmark = pytest.mark.gui


def _certifications(window: MainWindow) -> LedgerView:
    """The certificates ledger with expiring (tinted) rows and a deleted record at the top."""
    view = window.ledger_views["certifications"]
    model = view.model
    model.set_query(replace(model.query, expiring_only=True, include_deleted=True))
    first = model.record_id(0)
    assert first is not None
    view.service.delete(first)
    model.refresh()
    return view


def _delegate(view: LedgerView) -> RowDelegate:
    delegate = view.table.itemDelegate()
    assert isinstance(delegate, RowDelegate)
    return delegate


def _with_qts_delegate(view: LedgerView) -> QImage:
    """The table as Qt's own delegate paints it."""
    ours = view.table.itemDelegate()
    qts = QStyledItemDelegate(view.table)
    view.table.setItemDelegate(qts)
    try:
        return view.table.viewport().grab().toImage()
    finally:
        view.table.setItemDelegate(ours)


def test_the_row_delegate_fills_the_option_as_qts_delegate_reads_it(window: MainWindow) -> None:
    """Text, alignment, tint and the grey of deleted rows: the same as Qt's delegate reads."""
    view = _certifications(window)
    model = view.model
    delegate = _delegate(view)
    tinted = greyed = 0
    for row in range(min(model.rowCount(), PAGE_SIZE)):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            ours, qts = QStyleOptionViewItem(), QStyleOptionViewItem()
            delegate.initStyleOption(ours, index)
            QStyledItemDelegate.initStyleOption(delegate, qts, index)
            assert ours.text == qts.text
            assert ours.displayAlignment == qts.displayAlignment
            assert ours.backgroundBrush == qts.backgroundBrush
            assert ours.palette.brush(QPalette.ColorRole.Text) == qts.palette.brush(
                QPalette.ColorRole.Text
            )
            tinted += ours.backgroundBrush.style() != Qt.BrushStyle.NoBrush
            greyed += ours.palette.brush(QPalette.ColorRole.Text).color() == DELETED_COLOUR
    assert model.rowCount() and tinted, (model.rowCount(), model.total)  # expiring rows are tinted
    assert greyed == model.columnCount()  # the deleted record, in every column


def test_the_table_looks_exactly_as_with_qts_delegate(window: MainWindow, qtbot: QtBot) -> None:
    """Plain cells, tinted rows, the deleted record's grey, right-aligned numbers, text elided at
    a narrow column, the selected row with its focus frame, in the active and an inactive
    window, and after the font changes: pixel for pixel what Qt's delegate paints."""
    view = _certifications(window)
    table = view.table
    window.show()
    table.resize(1100, 600)
    header = table.horizontalHeader()
    header.resizeSection(header.logicalIndex(0), 45)  # elided
    model = view.model
    table.selectionModel().setCurrentIndex(
        model.index(2, 1),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    table.setFocus()
    delegate = _delegate(view)
    assert delegate.paints_plain_cells(table)
    ours = table.viewport().grab().toImage()
    assert ours == _with_qts_delegate(view)
    inactive = QPalette(table.palette())
    inactive.setColor(QPalette.ColorGroup.Inactive, QPalette.ColorRole.Text, QColor("#304050"))
    table.setPalette(inactive)
    assert table.viewport().grab().toImage() == _with_qts_delegate(view)
    font = QFont(table.font())
    font.setPointSizeF(font.pointSizeF() * 1.4)
    table.setFont(font)
    assert table.viewport().grab().toImage() == _with_qts_delegate(view)
    assert table.viewport().grab().toImage() != ours  # the bigger font did show


class _MarkedCells(QProxyStyle):
    """A style that paints its item view cells differently from Qt's common style."""

    def drawControl(
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if element == QStyle.ControlElement.CE_ItemViewItem:
            painter.fillRect(option.rect.adjusted(0, 0, -option.rect.width() + 2, 0), "red")


def test_a_style_whose_cells_look_otherwise_paints_every_cell(
    window: MainWindow, qtbot: QtBot
) -> None:
    view = _certifications(window)
    table = view.table
    style = _MarkedCells()
    table.setStyle(style)
    delegate = _delegate(view)
    assert not delegate.paints_plain_cells(table)
    assert table.viewport().grab().toImage() == _with_qts_delegate(view)


def test_the_laid_out_texts_stay_few(window: MainWindow) -> None:
    view = window.ledger_views["inspections"]
    table = view.table
    delegate = _delegate(view)
    assert delegate.paints_plain_cells(table)
    model = view.model
    column = [f.name for f in model.columns].index("subject")
    row = model.row_at(0)
    assert row is not None
    image = QImage(400, 40, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    option = QStyleOptionViewItem()
    option.initFrom(table)
    option.rect = image.rect()
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Active
    option.font = table.font()
    for number in range(CACHED_TEXTS + 50):
        cells = list(row.cells)
        cells[column] = f"检查 {number}"
        model._pages[0][0] = row.with_cells(tuple(cells))
        delegate.paint(painter, option, model.index(0, column))
    painter.end()
    assert 0 < len(delegate._texts) <= CACHED_TEXTS
