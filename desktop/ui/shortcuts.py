"""Keyboard shortcuts bound to a widget (typed wrapper around QShortcut)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def shortcut(
    key: str | QKeySequence,
    parent: QWidget,
    slot: Callable[[], object],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
) -> QShortcut:
    """Call ``slot`` when ``key`` is pressed in ``parent``'s window."""
    sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
    bound = QShortcut(sequence, parent)
    bound.setContext(context)
    bound.activated.connect(slot)
    return bound
