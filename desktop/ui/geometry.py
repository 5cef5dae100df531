"""Windows and dialogs that fit the screen they open on.

Township PCs have 1366×768 screens (also 1024×768 projectors, and 125 % / 150 % scaling, which
leaves 1093×614 or 911×512 logical pixels), with a Windows taskbar taking about 40 of them. A
window sized by its wishes alone (1280×780, a 760 px form) hangs off the bottom: the status bar
or the 保存 button is cut off. Every top-level window of this package sizes itself here, from the
screen's *available* geometry (taskbar excluded), and centres itself on it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

FRAME_ALLOWANCE = (16, 40)
"""Width and height the window manager's frame and title bar add around a window."""


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The screen area a window may use (taskbar excluded), of the widget's screen."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = (parent.window() if parent is not None else widget).screen()
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def fitted_size(width: int, height: int, available: QRect) -> tuple[int, int]:
    """The wished size, shrunk to what fits inside ``available`` with its frame."""
    room_w = available.width() - FRAME_ALLOWANCE[0]
    room_h = available.height() - FRAME_ALLOWANCE[1]
    return max(200, min(width, room_w)), max(150, min(height, room_h))


def fit_window(widget: QWidget, width: int, height: int, available: QRect | None = None) -> None:
    """Resize ``widget`` to at most ``width``×``height``, within the screen, and centre it.

    The minimum size of the widget is lowered when it would not fit (a scroll area then takes
    over); ``available`` overrides the screen (tests).
    """
    area = available if available is not None else available_geometry(widget)
    w, h = fitted_size(width, height, area)
    minimum = widget.minimumSize()
    if minimum.width() > w or minimum.height() > h:
        widget.setMinimumSize(min(minimum.width(), w), min(minimum.height(), h))
    widget.resize(w, h)
    x = area.x() + max(0, (area.width() - w - FRAME_ALLOWANCE[0]) // 2)
    y = area.y() + max(0, (area.height() - h - FRAME_ALLOWANCE[1]) // 2)
    widget.move(x, y)


def keep_on_screen(widget: QWidget, available: QRect | None = None) -> None:
    """After restoring a saved geometry: pull the window back inside the screen if it was saved
    on a larger one (a PC moved from a monitor to a laptop, or the scaling changed)."""
    area = available if available is not None else available_geometry(widget)
    frame = widget.frameGeometry()
    if area.contains(frame):
        return
    fit_window(widget, widget.width(), widget.height(), area)
