"""今日待办: shown when the window opens (and from 文件 → 今日待办, Ctrl+T).

One line per thing to do (:mod:`desktop.services.todo`): overdue rectifications, certificates
expiring, last month's package not exported, projects without last month's progress. Each line
is a button that opens its records: the ledger with the matching filter, the sync page, or the
first project lacking its progress.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.todo import TodoItem
from desktop.ui.geometry import fit_window


class TodoDialog(QDialog):
    """The day's work, each line opening its records."""

    def __init__(
        self,
        items: list[TodoItem],
        open_item: Callable[[TodoItem], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Today's work"))
        self.items = items
        self.buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        if not items:
            layout.addWidget(
                QLabel(
                    self.tr(
                        "Nothing is waiting: no overdue rectification, no "
                        "certificate expiring, the monthly export is made."
                    )
                )
            )
        for item in items:
            button = QPushButton(self.describe(item))
            button.setStyleSheet("text-align: left; padding: 6px;")
            button.clicked.connect(lambda _checked=False, i=item: self._open(i, open_item))
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        fit_window(self, 520, 120 + 44 * max(1, len(items)))

    def _open(self, item: TodoItem, open_item: Callable[[TodoItem], None]) -> None:
        open_item(item)
        self.accept()

    def describe(self, item: TodoItem) -> str:
        if item.key == "overdue_rectifications":
            return self.tr("{count} rectification(s) past their deadline — show them").format(
                count=item.count
            )
        if item.key == "expiring_certificates":
            return self.tr("{count} certificate(s) expiring or expired — show them").format(
                count=item.count
            )
        if item.key == "export_missing":
            return self.tr("The package for {period} has not been exported — export it").format(
                period=item.period
            )
        return self.tr("{count} project(s) without progress for {period} — enter it").format(
            count=item.count, period=item.period
        )
