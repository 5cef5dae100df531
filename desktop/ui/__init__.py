"""The Qt face of Quality Desk: a thin layer over the services.

:mod:`desktop.ui.pyside_guard` must be installed before long use of PySide6 on Python 3.11; the
modules that run the window (``app``, ``tasks``, ``table_model``) install it on import, the
launcher only after the first window is shown (importing ctypes costs start-up time).
"""
