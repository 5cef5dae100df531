"""The targets dashboard: the plan's targets by section, per-township chart, pass-rate trend.

Plugged into the main window through ``desktop.ui.screens.SCREEN_MODULES`` (``screen`` module).
"""
