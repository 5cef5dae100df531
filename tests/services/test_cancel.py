"""Stopping a running read from another thread: SQLite's interrupt, PostgreSQL's cancel."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text

from desktop.db import Database
from desktop.services.cancel import ReadCancel, ReadCancelledError, cancellable

SLOW_SQLITE = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000000) "
    "SELECT count(*) FROM n"
)


def _stopped_soon(database: Database, statement: str) -> float:
    """Run ``statement`` under a ReadCancel, cancel it from another thread; seconds it took."""
    cancel = ReadCancel()
    timer = threading.Timer(0.3, cancel.cancel)
    started = time.monotonic()
    timer.start()
    try:
        with (
            pytest.raises(ReadCancelledError),
            cancellable(cancel),
            database.session() as session,
            cancel.running(session),
        ):
            session.execute(text(statement)).all()
    finally:
        timer.cancel()
    return time.monotonic() - started


def test_a_running_sqlite_read_is_interrupted(township_db: tuple[Database, object]) -> None:
    database, _ = township_db
    assert _stopped_soon(database, SLOW_SQLITE) < 5
    # the connection goes on working for the next read
    with database.session() as session:
        assert session.execute(text("SELECT 1")).scalar() == 1


def test_a_cancel_after_the_read_touches_nothing(township_db: tuple[Database, object]) -> None:
    database, _ = township_db
    cancel = ReadCancel()
    with database.session() as session, cancel.running(session):
        assert session.execute(text("SELECT 2")).scalar() == 2
    cancel.cancel()  # the connection is back in the pool: nothing is stopped
    with database.session() as session:
        assert session.execute(text("SELECT 3")).scalar() == 3


def test_other_failures_stay_what_they_are(township_db: tuple[Database, object]) -> None:
    with pytest.raises(ZeroDivisionError), cancellable(ReadCancel()):
        raise ZeroDivisionError()


@pytest.mark.postgres
def test_a_running_postgresql_read_is_cancelled(pg_url: str) -> None:
    database = Database(pg_url)
    assert _stopped_soon(database, "SELECT pg_sleep(20)") < 5
    with database.session() as session:
        assert session.execute(text("SELECT 1")).scalar() == 1
    database.dispose()
