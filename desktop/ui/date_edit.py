"""A date field that takes dates as clerks type them, with a calendar to pick from.

The clerk types 20261121, 2026/11/21, 2026.11.21 or 2026-11-21 and sees 2026-11-21 when leaving
the field (the parsing is :mod:`desktop.services.dates`, the same as the services' validation).
The calendar opens with F4 or Alt+↓ or the button at the end of the field; Enter there takes the
day, Esc closes it without change.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle, QWidget

from desktop.services.dates import DateTextError, normalise_date_text, parse_clerk_date


class CalendarPopup(QCalendarWidget):
    """The calendar shown under a date field."""

    chosen = Signal(QDate)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setGridVisible(True)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.activated.connect(self._take)
        self.clicked.connect(self._take)

    def _take(self, day: QDate) -> None:
        self.chosen.emit(day)
        self.close()


class DateEdit(QLineEdit):
    """A line edit for a date, with a calendar popup."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(self.tr("YYYY-MM-DD, e.g. 20261121"))
        self.setMaxLength(40)
        self.calendar_action = QAction(self)
        self.calendar_action.setIcon(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        )
        self.calendar_action.setToolTip(self.tr("Calendar (F4)"))
        self.calendar_action.triggered.connect(self.show_calendar)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        self.popup: CalendarPopup | None = None
        self.editingFinished.connect(self.normalise)

    def normalise(self) -> None:
        """Show a readable date as YYYY-MM-DD (unreadable text stays for the clerk to fix)."""
        text = self.text().strip()
        if text:
            normal = normalise_date_text(text)
            if normal != self.text():
                self.setText(normal)

    def current_date(self) -> date | None:
        try:
            return parse_clerk_date(self.text())
        except DateTextError:
            return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            self.show_calendar()
            return
        super().keyPressEvent(event)

    def show_calendar(self) -> CalendarPopup:
        popup = CalendarPopup(self)
        popup.chosen.connect(self._chosen)
        day = self.current_date() or date.today()
        popup.setSelectedDate(QDate(day.year, day.month, day.day))
        popup.installEventFilter(_EscapeCloses(popup))
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        popup.show()
        popup.setFocus()
        self.popup = popup
        return popup

    def _chosen(self, day: QDate) -> None:
        self.setText(f"{day.year():04d}-{day.month():02d}-{day.day():02d}")
        self.textEdited.emit(self.text())
        self.setFocus()


class _EscapeCloses(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and isinstance(watched, QWidget)
        ):
            watched.close()
            return True
        return False
