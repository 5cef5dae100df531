"""The clock warning at start: when the PC's clock looks wrong, and the date the app believes."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import update

from desktop.db import Database
from desktop.ids import hlc_from_datetime
from desktop.models import Installation, SyncInbox
from desktop.services import clock
from desktop.services.office import Office
from tests.cli_runner import run_cli

NOW = datetime(2026, 11, 20, 9, 30)


def _hold_clock(database: Database, moment: datetime) -> None:
    with database.session() as session:
        session.execute(update(Installation).values(hlc_last=hlc_from_datetime(moment)))


def _county_signed(database: Database, moment: datetime) -> None:
    with database.session() as session:
        session.add(
            SyncInbox(
                manifest_sha256="a" * 64,
                kind="receipt",
                owner="county",
                installation_id="0" * 8 + "-0000-0000-0000-" + "0" * 12,
                sequence=1,
                previous_sha256=None,
                period=f"{moment:%Y-%m}",
                nothing_to_report=False,
                created_at=moment,
                imported_at=moment,
                imported_by="测试",
                file_name="r.qdpkg",
                records=0,
                summary={},
            )
        )


def test_a_right_clock_gives_no_warning(township_db: tuple[Database, Office]) -> None:
    database, _office = township_db
    _hold_clock(database, NOW - timedelta(minutes=5))
    assert clock.warning(database, NOW) is None


def test_a_right_clock_still_describes_itself() -> None:
    right = clock.ClockCheck(now=NOW, database_time=None, county_time=None, problem=None)
    assert right.message_zh.startswith("电脑时钟看来正常：")
    assert right.one_line() == (
        f"电脑时钟看来正常：现在显示 {NOW:%Y-%m-%d %H:%M}。 / "
        f"This PC's clock looks right: it says {NOW:%Y-%m-%d %H:%M}."
    )


def test_clock_earlier_than_the_database(township_db: tuple[Database, Office]) -> None:
    database, _office = township_db
    _hold_clock(database, NOW + timedelta(days=400))
    found = clock.warning(database, NOW)
    assert found is not None and found.problem == clock.BEHIND_DB
    assert "早于本数据库已记录的最晚时间" in found.message_zh
    assert f"{(NOW + timedelta(days=400)):%Y-%m-%d}" in found.message_zh
    assert "earlier than the latest time" in found.message_en


def test_clock_behind_the_county(township_db: tuple[Database, Office]) -> None:
    database, _office = township_db
    _county_signed(database, NOW)
    wrong = datetime(2026, 3, 1)
    found = clock.warning(database, wrong)
    assert found is not None and found.problem == clock.BEHIND
    assert found.believed == NOW.date()
    assert "本软件认为今天不早于 2026-11-20" in found.message_zh
    assert "2026-11-20 or later" in found.message_en
    with database.session() as session:
        assert clock.believed_now(session, wrong) == NOW


def test_clock_years_ahead_of_the_county(township_db: tuple[Database, Office]) -> None:
    database, _office = township_db
    _county_signed(database, NOW)
    found = clock.warning(database, NOW + timedelta(days=3 * 365))
    assert found is not None and found.problem == clock.AHEAD
    assert found.believed == NOW.date()
    assert "走快" in found.message_zh


def test_a_reset_cmos_clock(township_db: tuple[Database, Office]) -> None:
    database, _office = township_db
    found = clock.warning(database, datetime(2000, 1, 1))
    assert found is not None and found.problem == clock.BEFORE_RELEASE
    assert "主板电池" in found.message_zh


def test_the_command_line_warns_on_stderr_and_keeps_stdout_clean(
    township_db: tuple[Database, Office], data_dir: Path
) -> None:
    database, _office = township_db
    _hold_clock(database, datetime.now() + timedelta(days=800))
    database.dispose()
    result = run_cli(data_dir, "stats", "--json")
    assert result.returncode == 0, result.stderr
    assert "警告 / warning" in result.stderr and "早于本数据库" in result.stderr
    assert result.stdout.lstrip().startswith(("{", "["))


def _quick(database: Database, now: datetime) -> clock.ClockCheck:
    import sqlite3

    from desktop.db import sqlite_file

    path = sqlite_file(database)
    assert path is not None
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return clock.quick_check(connection, now)
    finally:
        connection.close()


def test_the_quick_check_judges_as_the_session_check_does(
    township_db: tuple[Database, Office],
) -> None:
    """The command line's plain-sqlite3 read gives the same verdict, times and message."""
    database, _office = township_db
    moments = [NOW, datetime(2026, 3, 1), NOW + timedelta(days=3 * 365), datetime(2000, 1, 1)]

    def same() -> None:
        for now in moments:
            with database.session() as session:
                full = clock.check(session, now)
            assert _quick(database, now) == full
            if full.problem is not None:
                assert _quick(database, now).one_line() == full.one_line()

    same()  # nothing held yet
    _hold_clock(database, NOW + timedelta(days=400, microseconds=123456))
    same()
    _county_signed(database, NOW.replace(microsecond=654321))
    same()
