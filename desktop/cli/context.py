"""What every command receives: the data folder, lazily opened database and office, output.

Nothing here imports the database layer until a command asks for it, so commands that need
none (``--version``, ``--help``, usage errors) start as fast as Python does, and a command that
only reads a SQLite office at this release's schema can skip SQLAlchemy (:meth:`quick_reader`).
"""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.console import json_text, one_line

if TYPE_CHECKING:
    from desktop.db import Database
    from desktop.services.clock import ClockCheck
    from desktop.services.office import Office


@dataclass
class CliContext:
    """The data folder chosen by ``--data-dir`` / ``QUALITY_DESK_HOME`` and what it holds."""

    data_dir: Path
    database_url: str | None = None
    _database: Database | None = field(default=None, repr=False)
    _office: Office | None = field(default=None, repr=False)

    def database(self, create: bool = False) -> Database:
        """The database; ``create`` allows a data folder without one yet (``init``)."""
        from desktop.db import Database
        from desktop.services import office as office_service

        if self._database is None:
            if create or self.database_url:
                self._database = (
                    Database(self.database_url)
                    if self.database_url
                    else Database.for_data_dir(self.data_dir)
                )
            else:
                self._database = office_service.open_database(self.data_dir)
        return self._database

    def office(self) -> Office:
        """This office, after upgrading the schema if needed."""
        from desktop.services import office as office_service

        if self._office is None:
            self._office = office_service.open_office(self.database())
            warn_about_clock(self.database())
        return self._office

    def quick_reader(self) -> tuple[sqlite3.Connection, Office] | None:
        """A plain ``sqlite3`` connection and the office, for a read that needs no SQLAlchemy.

        Only for a SQLite data folder whose schema is already this release's (nothing to
        upgrade); None otherwise, and the command takes the usual way through
        :meth:`database` and :meth:`office`. The clock is checked as :meth:`office` checks it.
        The caller closes the connection.
        """
        if self.database_url is not None or self._database is not None:
            return None
        from desktop.services import clock
        from desktop.services.office import quick_office

        found = quick_office(self.data_dir)
        if found is not None:
            _say_clock(clock.quick_check(found[0]))
        return found

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()


def warn_about_clock(database: Database) -> None:
    """One line on stderr when this PC's clock looks wrong (stdout stays clean for scripts)."""
    from desktop.services import clock

    _say_clock(clock.warning(database))


def _say_clock(found: ClockCheck | None) -> None:
    if found is not None and found.problem is not None:
        sys.stderr.write(f"quality-desk: 警告 / warning: {one_line(found)}\n")


def print_json(data: Any) -> None:
    """Print JSON with Chinese kept readable (UTF-8), two-space indent, stable key order."""
    import orjson

    text = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS).decode()
    sys.stdout.write(json_text(text))
    sys.stdout.write("\n")
