"""Entry script of the frozen bundle: the ``quality-desk`` command line (no command: the window)."""

from desktop.cli import entry_point

if __name__ == "__main__":
    entry_point()
