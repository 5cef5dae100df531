"""The argument parser of ``quality-desk``: the global options and every command's subparser.

Imported only when a command line has to be parsed (``--version`` alone is answered without
argparse). The commands of modules not asked for are listed by name and help only, from
:data:`desktop.cli.COMMAND_HELP`, so ``--help`` and usage errors import no command module.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from typing import Any

from desktop.cli.commands import COMMAND_HELP, COMMAND_MODULES, EXIT_USAGE


class Parser(argparse.ArgumentParser):
    """argparse that reports usage errors on one line with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"quality-desk: 用法错误 / usage error: {message}\n")


class VersionAction(argparse.Action):
    """``--version``, with the version looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:
        import sys

        from desktop import __version__

        sys.stdout.write(f"quality-desk {__version__}\n")  # on stdout, as argparse's own
        parser.exit(0)


def build_parser(modules: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the commands of ``modules`` (default: every command); the others are
    listed by name and help only, in the same order."""
    parser = Parser(
        prog="quality-desk",
        description="质量提升台账 Quality Desk — ledger of the Quality Improvement Action plan",
    )
    parser.add_argument(
        "--version", action=VersionAction, help="show program's version number and exit"
    )
    parser.add_argument(
        "--data-dir",
        help="data folder (default: $QUALITY_DESK_HOME, portable folder, or the user data folder)",
    )
    parser.add_argument(
        "--database-url",
        help="SQLAlchemy URL of a county store (e.g. postgresql+psycopg://...); overrides SQLite",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    wanted = set(COMMAND_MODULES if modules is None else modules)
    for module_name, names in COMMAND_MODULES.items():
        # A command added without its line in COMMAND_HELP still works (its module is imported
        # to list it); the test of the table says what to add.
        if module_name in wanted or any(name not in COMMAND_HELP for name in names):
            importlib.import_module(module_name).register(subparsers)
        else:
            for name in names:
                subparsers.add_parser(name, help=COMMAND_HELP[name], add_help=False)
    return parser
