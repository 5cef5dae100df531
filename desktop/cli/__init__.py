"""The ``quality-desk`` command line: a contract county IT scripts rely on.

``quality-desk [--data-dir DIR] COMMAND``. Exit codes: 0 success; 2 bad usage or bad input, with a
one-line reason on stderr; 3 a sync package was rejected; 1 an unexpected error, with the path of
a log file that holds the details. Command modules register themselves in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__, logs, storage_errors
from desktop.cli.console import one_line, prepare
from desktop.cli.context import CliContext
from desktop.errors import QualityDeskError
from desktop.paths import resolve_data_dir

COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "desktop.cli.core_commands": ("init", "demo", "stats", "targets", "record", "gui"),
    "desktop.cli.ops_commands": ("backup", "restore", "self-test"),
    "desktop.cli.ui_commands": ("screenshot",),
    "desktop.cli.report_commands": ("indicators", "report", "reports"),
    "desktop.cli.plan_commands": ("plans",),
    "desktop.cli.import_commands": ("import-ledger", "import-enterprises"),
    "desktop.cli.sync_commands": (
        "keys",
        "export",
        "import",
        "conflicts",
        "receipt",
        "completeness",
    ),
}
"""Modules with a ``register(subparsers)`` function, and the top-level commands each adds.

Only the module of the command asked for is imported (all of them for ``--help`` or an unknown
word), so ``quality-desk`` starting the window does not pay for openpyxl, cryptography and the
rest. ``tests/cli/test_cli.py`` checks this table against what the modules register."""

GLOBAL_OPTIONS_WITH_VALUE = frozenset({"--data-dir", "--database-url"})

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE, as shell tools exit when their reader closes the pipe."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors on one line with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"quality-desk: 用法错误 / usage error: {message}\n")


def requested_command(argv: Sequence[str]) -> str | None:
    """The command word of ``argv``, found without importing any command module."""
    skip_value = False
    for token in argv:
        if skip_value:
            skip_value = False
        elif token in GLOBAL_OPTIONS_WITH_VALUE:
            skip_value = True
        elif not token.startswith("-"):
            return token
    return None


def modules_for(argv: Sequence[str]) -> list[str]:
    """The command modules to import for ``argv``."""
    if any(token in ("-h", "--help") for token in argv):
        return list(COMMAND_MODULES)
    command = requested_command(argv)
    if command is None:
        return []
    owners = [module for module, names in COMMAND_MODULES.items() if command in names]
    return owners or list(COMMAND_MODULES)


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the commands of ``modules`` (default: every command)."""
    parser = _Parser(
        prog="quality-desk",
        description="质量提升台账 Quality Desk — ledger of the Quality Improvement Action plan",
    )
    parser.add_argument("--version", action="version", version=f"quality-desk {__version__}")
    parser.add_argument(
        "--data-dir",
        help="data folder (default: $QUALITY_DESK_HOME, portable folder, or the user data folder)",
    )
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL of a county store (e.g. postgresql+psycopg://...); overrides SQLite",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module_name in COMMAND_MODULES if modules is None else modules:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    prepare()
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(modules_for(arguments))
    args = parser.parse_args(arguments)
    data_dir = resolve_data_dir(args.data_dir)
    logs.configure(data_dir)
    context = CliContext(data_dir=data_dir, database_url=args.database_url)
    handler = getattr(args, "handler", None)
    if handler is None:
        from desktop.cli.core_commands import run_gui

        handler = run_gui
    try:
        return int(handler(context, args))
    except QualityDeskError as error:
        sys.stderr.write(f"quality-desk: {one_line(error)}\n")
        return error.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("quality-desk: 已取消 / cancelled\n")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): not an error of ours, and nothing to log.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:
        known = storage_errors.classify(error)
        if known is not None:  # a path that bypassed the session: still the storage's fault
            sys.stderr.write(f"quality-desk: {one_line(known)}\n")
            return known.exit_code
        log = logs.record_failure(
            f"unexpected error in: quality-desk {' '.join(arguments)}", traceback.format_exc()
        ) or Path("-")
        sys.stderr.write(
            f"quality-desk: 意外错误，详情见日志 / unexpected error, details in {log}\n"
        )
        return EXIT_UNEXPECTED
    finally:
        context.close()


def entry_point() -> None:
    """Console-script entry: exit with :func:`main`'s code."""
    sys.exit(main())
