"""``python -m desktop`` runs the command line."""

from desktop.cli import entry_point

entry_point()
