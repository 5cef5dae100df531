"""The pinned PySide6 keeps ``None``'s reference count on Python 3.11.

PySide6 6.12.0 returns ``None`` from every void method without taking a reference: on Python 3.11
(no immortal objects) a clerk's session ends in "Fatal Python error: none_dealloc" after a few
thousand calls. pyproject.toml pins 6.11.3, which does not; this test keeps a future upgrade honest.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QWidget

pytestmark = pytest.mark.gui


def test_void_calls_do_not_drain_none_references(qapp: QApplication) -> None:
    widget = QWidget()
    before = sys.getrefcount(None)
    for _ in range(2000):
        widget.update()
        widget.setEnabled(True)
    assert before - sys.getrefcount(None) < 50
