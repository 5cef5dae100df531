"""The Qt face of Quality Desk: a thin layer over the services."""

from desktop.ui import pyside_guard

pyside_guard.install()
