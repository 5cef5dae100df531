"""The ``quality-desk`` command line: a contract county IT scripts rely on.

``quality-desk [--data-dir DIR] COMMAND``. Exit codes: 0 success; 2 bad usage or bad input, with a
one-line reason on stderr; 3 a sync package was rejected; 1 an unexpected error, with the path of
a log file that holds the details. Command modules register themselves in ``COMMAND_MODULES``
(:mod:`desktop.cli.commands`).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desktop.cli.commands import (
    COMMAND_HELP,
    COMMAND_MODULES,
    EXIT_BROKEN_PIPE,
    EXIT_OK,
    EXIT_UNEXPECTED,
    EXIT_USAGE,
    GLOBAL_OPTIONS_WITH_VALUE,
    modules_for,
    requested_command,
)
from desktop.cli.console import one_line, prepare

if TYPE_CHECKING:
    import argparse

__all__ = [
    "COMMAND_HELP",
    "COMMAND_MODULES",
    "EXIT_BROKEN_PIPE",
    "EXIT_OK",
    "EXIT_UNEXPECTED",
    "EXIT_USAGE",
    "build_parser",
    "entry_point",
    "main",
    "modules_for",
    "requested_command",
    "wants_version_only",
]


def wants_version_only(argv: Sequence[str]) -> bool:
    """True when ``argv`` is ``--version`` with at most the global options that take a value
    (``--data-dir D``): answered before argparse is even imported. Anything else goes through
    the parser, which prints the version the same way (or the usage error it always gave)."""
    tokens = list(argv)
    seen = False
    while tokens:
        token = tokens.pop(0)
        if token == "--version":
            seen = True
        elif token in GLOBAL_OPTIONS_WITH_VALUE:
            if not tokens or tokens.pop(0).startswith("-"):
                return False
        elif not any(token.startswith(f"{option}=") for option in GLOBAL_OPTIONS_WITH_VALUE):
            return False
    return seen


def _version() -> str:
    from desktop import __version__

    return __version__


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the commands of ``modules`` (default: every command)."""
    from desktop.cli.parser import build_parser as build

    return build(modules)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the process exit code."""
    prepare()
    arguments = list(sys.argv[1:] if argv is None else argv)
    if wants_version_only(arguments):
        sys.stdout.write(f"quality-desk {_version()}\n")
        return EXIT_OK
    parser = build_parser(modules_for(arguments))
    args = parser.parse_args(arguments)
    from desktop import logs
    from desktop.cli.context import CliContext
    from desktop.errors import QualityDeskError
    from desktop.paths import resolve_data_dir

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
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except Exception as error:
        import traceback
        from pathlib import Path

        from desktop import storage_errors

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
