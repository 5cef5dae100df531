"""Guard against PySide6 6.12's ``None`` reference leak on Python 3.11.

PySide6 6.12 returns ``None`` from every void method (``widget.update()``, ``app.processEvents()``
…) without taking a reference — harmless from Python 3.12 on, where ``None``, ``True`` and
``False`` are immortal (PEP 683), but on 3.11 each such call lowers ``None``'s reference count by
one. It starts near 5,000, so an hour of use (or a benchmark scrolling a big ledger) ends in
"Fatal Python error: none_dealloc". Measured here: 1,000 calls of ``QWidget.update()`` lower the
count by exactly 1,000.

The project pins PySide6 6.11.3, which takes the reference (measured: no change after 1,000
calls). Should 6.12 come back while the app still runs on Python 3.11, :func:`install` raises
the three singletons' counts by 2**40, which makes them as good as immortal; in every other case
it does nothing. Remove this module once the app runs on Python ≥ 3.12.
"""

from __future__ import annotations

import ctypes
import platform
import sys

HEADROOM = 1 << 40


def needed() -> bool:
    """True on CPython before 3.12 with PySide6 6.12 or later."""
    if platform.python_implementation() != "CPython" or sys.version_info >= (3, 12):
        return False
    import PySide6

    return tuple(PySide6.__version_info__[:2]) >= (6, 12)


def install() -> bool:
    """Make ``None``, ``True`` and ``False`` effectively immortal; True when it was needed."""
    if not needed() or getattr(sys, "_quality_desk_singletons_guarded", False):
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += HEADROOM
    sys._quality_desk_singletons_guarded = True  # type: ignore[attr-defined]
    return True
