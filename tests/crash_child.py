"""A ``quality-desk`` process that kills itself (SIGKILL) at a chosen SQL statement.

``python -m tests.crash_child ARGS...`` runs ``desktop.cli.main(ARGS)``. Every SQL statement
SQLite executes on any connection — ORM, Core and the raw cursors of the sync paths alike, and
``BEGIN``/``COMMIT`` — goes through a trace callback that counts it. With ``QD_CRASH_AT=N`` the
process sends itself SIGKILL as statement N starts (a power cut at that moment: nothing after it
runs, no ``finally``, no rollback). ``QD_CRASH_MATCH=TEXT`` counts only statements containing
TEXT. With ``QD_CRASH_COUNT=FILE`` the number of statements run is written to FILE at exit, so a
test can first measure an operation and then choose moments inside it.
"""

from __future__ import annotations

import atexit
import os
import signal
import sqlite3
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from desktop.cli import main


def _install() -> None:
    crash_at = int(os.environ.get("QD_CRASH_AT", "0"))
    match = os.environ.get("QD_CRASH_MATCH", "")
    count_file = os.environ.get("QD_CRASH_COUNT")
    seen = [0]

    def trace(statement: str) -> None:
        if match and match not in statement:
            return
        seen[0] += 1
        if seen[0] == crash_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_trace_callback(trace)

    event.listen(Engine, "connect", on_connect)
    if count_file:
        atexit.register(lambda: Path(count_file).write_text(str(seen[0]), encoding="utf-8"))


if __name__ == "__main__":
    _install()
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.exit(code)
