"""Operations commands: ``backup``, ``restore`` and ``self-test`` (also in the installed bundle).

``backup [--out PATH]`` copies this office's SQLite database with the SQLite backup API to a
timestamped file in the data folder's ``backups/`` (or to PATH: a file, or a folder to put it in).
``restore PATH [--yes]`` checks that PATH is a Quality Desk database of this or an older schema,
asks for confirmation, saves the current database to ``backups/`` first, then puts PATH in place
and upgrades it to this release's schema. ``self-test`` checks that this copy of the app works:
see :mod:`desktop.cli.self_test`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.cli.context import CliContext
from desktop.errors import UsageError


def register(subparsers: Any) -> None:
    """Add this module's commands to the parser."""
    backup = subparsers.add_parser("backup", help="copy the database to a timestamped backup")
    backup.add_argument(
        "--out", metavar="PATH", help="backup file or folder (default: DATA/backups/)"
    )
    backup.set_defaults(handler=cmd_backup)

    restore = subparsers.add_parser(
        "restore", help="replace the database with a backup (the current one is saved first)"
    )
    restore.add_argument("path", metavar="PATH", help="a backup made by 'backup' or an upgrade")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.set_defaults(handler=cmd_restore)

    self_test = subparsers.add_parser(
        "self-test", help="check that this copy works (database, window, printing); prints OK"
    )
    self_test.add_argument("--verbose", action="store_true", help="print each step")
    self_test.add_argument(
        "--window-only",
        action="store_true",
        help="open this data folder's main window once and quit (start-up timing)",
    )
    self_test.set_defaults(handler=cmd_self_test)


def _database_file(context: CliContext) -> Path:
    from desktop.paths import database_path

    if context.database_url:
        raise UsageError(
            "备份和恢复只适用于本机的 SQLite 数据库；PostgreSQL 请用 pg_dump / pg_restore。",
            "backup and restore work on the local SQLite database; "
            "use pg_dump / pg_restore for PostgreSQL.",
        )
    return database_path(context.data_dir)


def cmd_backup(context: CliContext, args: argparse.Namespace) -> int:
    from desktop import backup as backup_service
    from desktop import output_paths

    source = _database_file(context)
    out = Path(args.out).expanduser() if args.out else None
    if out is not None:  # a folder that exists, else the backup's file name
        out = output_paths.output_folder(out) if out.is_dir() else output_paths.output_file(out)
    made = backup_service.backup_database(source, label="manual", out=out)
    print(made)
    return 0


def _confirm(question: str) -> bool:
    sys.stdout.write(question)
    sys.stdout.flush()
    answer = sys.stdin.readline()
    return answer.strip().lower() in ("y", "yes", "是", "确定")


def cmd_restore(context: CliContext, args: argparse.Namespace) -> int:
    from desktop import backup as backup_service
    from desktop.db import Database, is_known_revision, upgrade

    target = _database_file(context)
    source = Path(args.path).expanduser()
    info = backup_service.inspect_database(source, is_known_revision)
    if not args.yes:
        current = (
            f"当前数据库 {target} 将被替换（替换前会先自动备份）。"
            if target.exists()
            else f"将在 {target} 放入此数据库。"
        )
        question = (
            f"要恢复的备份 / backup to restore: {info.describe()}\n"
            f"{current}\n"
            "The current database will be replaced (it is backed up first).\n"
            "确定恢复吗？/ Restore? [y/N] "
        )
        if not _confirm(question):
            sys.stderr.write("quality-desk: 已取消恢复，数据库未改变 / restore cancelled\n")
            return 1
    result = backup_service.restore_database(source, target, is_known_revision)
    database = Database.for_data_dir(context.data_dir)
    try:
        before, after = upgrade(database)
    finally:
        database.dispose()
    if result.previous_backup is not None:
        print(f"原数据库已备份到 / previous database saved to: {result.previous_backup}")
    upgraded = f" (schema {before} → {after})" if before != after else ""
    print(f"已恢复 / restored: {result.restored.describe()}{upgraded}")
    return 0


def cmd_self_test(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.cli import self_test

    if args.window_only:
        return self_test.run_window_once(context.data_dir)
    return self_test.run_self_test(verbose=args.verbose)
