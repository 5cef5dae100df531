"""Automatic backups the clerk does not have to think about: one a day, the last few kept.

When the window closes, the database is copied (SQLite backup API, :mod:`desktop.backup`)
to ``backups/`` as ``quality-desk-<date-time>-daily-<office>.sqlite3`` unless a daily backup of
today exists already; then all but the newest ``keep`` daily backups are removed. Backups made for
other reasons (before an upgrade, before a restore, by hand) are never removed here. No Qt.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime
from pathlib import Path

from desktop import backup
from desktop.paths import backups_dir

DAILY_LABEL = "daily"
KEEP_DAILY = 10
_DAILY = re.compile(r"^quality-desk-(\d{8})-\d{6}-daily(?:-[^.]*)?\.sqlite3$")

log = logging.getLogger(__name__)


def daily_backups(folder: Path) -> list[Path]:
    """The automatic daily backups in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _DAILY.match(p.name))


def backup_label(office_code: str | None) -> str:
    """``daily-330329100000`` (the code keeps the name legal on any file system)."""
    return f"{DAILY_LABEL}-{office_code}" if office_code else DAILY_LABEL


def daily_backup(
    database_file: Path,
    office_code: str | None = None,
    keep: int = KEEP_DAILY,
    now: datetime | None = None,
) -> Path | None:
    """Make today's automatic backup (if not made yet) and rotate; returns the new file or None.

    Raises the backup service's storage errors (the caller logs them: closing the window must
    not fail because a backup could not be written).
    """
    if not database_file.exists():
        return None
    moment = now or datetime.now()
    folder = backups_dir(database_file.parent)
    today = moment.strftime("%Y%m%d")
    made: Path | None = None
    if today not in {_day_of(p) for p in daily_backups(folder)}:
        target = folder / backup.backup_name(backup_label(office_code), moment)
        made = backup.copy_database(database_file, target)
    rotate(folder, keep)
    return made


def _day_of(path: Path) -> str:
    match = _DAILY.match(path.name)
    return match.group(1) if match else ""


def rotate(folder: Path, keep: int = KEEP_DAILY) -> list[Path]:
    """Remove all but the newest ``keep`` daily backups; returns the removed files."""
    removed = []
    backups = daily_backups(folder)
    for old in backups[: max(0, len(backups) - keep)]:
        try:
            old.unlink()
            removed.append(old)
        except OSError:
            log.warning("could not remove the old backup %s", old, exc_info=True)
    return removed


def last_backup_day(folder: Path) -> date | None:
    """The day of the newest daily backup (the 待办 panel and the status bar can show it)."""
    backups = daily_backups(folder)
    if not backups:
        return None
    match = _DAILY.match(backups[-1].name)
    return datetime.strptime(match.group(1), "%Y%m%d").date() if match else None
