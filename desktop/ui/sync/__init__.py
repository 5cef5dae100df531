"""Sync screens: export (township), import with a dry-run preview (county), conflicts side by side,
completeness grid. Plugged into the main window through ``desktop.ui.screens.SCREEN_MODULES``
(``screen`` module). All database work runs on the task helper, off the GUI thread."""
