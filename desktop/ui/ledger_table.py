"""A ledger's table widget and its column layout (widths, order, hidden columns, sort mark).

Shared by the ledger screen (:mod:`desktop.ui.ledger_view`) and the first page the launcher paints
before the full layer has loaded (:mod:`desktop.ui.quick_start`), so both look the same; it
imports only Qt and the ledger specs.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from desktop.services.fields import Field, Kind, LedgerSpec
from desktop.ui.settings import UiSettings

OVERDUE_COLOUR = QColor("#fde2e1")
EXPIRING_COLOUR = QColor("#fff1cc")
DELETED_COLOUR = QColor("#9a9a9a")
"""Rows that need attention (overdue, expiring) and deleted records, in every ledger table."""

COLUMN_WIDTHS = {
    Kind.DATE: 100,
    Kind.PERIOD: 80,
    Kind.INT: 80,
    Kind.FLOAT: 110,
    Kind.BOOL: 80,
    Kind.CHOICE: 100,
    Kind.TOWNSHIP: 90,
    Kind.CATEGORY: 200,
    Kind.ENTERPRISE: 230,
    Kind.PROJECT: 220,
    Kind.TARGET: 280,
    Kind.CREDIT_CODE: 170,
    Kind.TEXT: 170,
}
"""Starting column widths by kind of field (the clerk's own widths are remembered)."""


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)


def header_data(
    columns: Sequence[Field], language: str, section: int, orientation: Qt.Orientation, role: int
) -> str | int | None:
    """A ledger model's ``headerData``: a column's label (its field name as UserRole), a row's
    number. Asked for every role of every shown section after each new page (the headers lay
    themselves out again), so roles are compared as plain integers."""
    role = int(role)
    if role != _DISPLAY and role != _USER:
        return None
    if orientation is Qt.Orientation.Horizontal:
        if not 0 <= section < len(columns):
            return None
        fld = columns[section]
        return fld.label(language) if role == _DISPLAY else fld.name
    return section + 1 if role == _DISPLAY else None


class LedgerTable(QTableView):
    """The table of a ledger: Enter edits the current record, Delete deletes it."""

    activated_row = Signal()
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit()
            return
        if event.key() == Qt.Key.Key_Delete and self.currentIndex().isValid():
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


def set_up_table(table: QTableView, spec: LedgerSpec, columns: Sequence[Field]) -> None:
    """Selection, header and starting widths of a ledger's table (its model is set)."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setSortingEnabled(False)
    header = table.horizontalHeader()
    header.setSectionsClickable(True)
    header.setSortIndicatorShown(True)
    header.setSectionsMovable(True)
    header.setHighlightSections(False)
    header.setDefaultSectionSize(110)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for number, fld in enumerate(columns):
        width = COLUMN_WIDTHS.get(fld.kind, 110)
        width = 240 if fld.name == spec.title_field else width
        # never narrower than the column's own title (English titles are long)
        header.resizeSection(number, max(width, header.sectionSizeHint(number)))
        if fld.name == spec.date_field:
            header.setSortIndicator(number, Qt.SortOrder.DescendingOrder)
    if spec.date_field is None:
        header.setSortIndicator(-1, Qt.SortOrder.DescendingOrder)
    header.setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(26)
    table.verticalHeader().setVisible(False)


def restore_layout(
    table: QTableView,
    spec: LedgerSpec,
    columns: Sequence[Field],
    settings: UiSettings,
    is_county: bool,
) -> None:
    """The clerk's own widths, order and hidden columns (townships never see 乡镇)."""
    header = table.horizontalHeader()
    state = settings.header_state(spec.name)
    if state is not None:
        header.restoreState(state)
        # widths saved in Chinese are too narrow for the English titles after a switch
        for number in range(header.count()):
            fits = header.sectionSizeHint(number)
            if header.sectionSize(number) < fits:
                header.resizeSection(number, fits)
    default = list(spec.hidden_columns)
    if not is_county:
        default.append("township_code")
    hidden = settings.hidden_columns(spec.name, default)
    for number, fld in enumerate(columns):
        header.setSectionHidden(number, fld.name in hidden)
