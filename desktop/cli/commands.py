"""The command line's table of contents: every command, the module that registers it, its
one-line help, the global options and the exit codes.

Costs nothing to import, so ``--version``, ``--help`` and usage errors are answered without
importing any command module (and so without the database layer).
"""

from __future__ import annotations

from collections.abc import Sequence

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

Only the module of the command asked for is imported (none for ``--version``, ``--help`` or an
unknown word: :data:`COMMAND_HELP` lists the commands), so ``quality-desk`` starting the window
does not pay for openpyxl, cryptography and the rest, and ``--version`` / ``--help`` touch no
database code. ``tests/cli/test_cli.py`` checks this table against what the modules register."""

COMMAND_HELP: dict[str, str] = {
    "init": "create or upgrade this office's database",
    "demo": "fill with deterministic demonstration records",
    "stats": "record counts per ledger and township",
    "targets": "the plan's targets as stored",
    "record": "add, edit, delete, show or list records",
    "gui": "open the window (the default)",
    "backup": "copy the database to a timestamped backup",
    "restore": "replace the database with a backup (the current one is saved first)",
    "self-test": "check that this copy works (database, window, printing); prints OK",
    "screenshot": "render the window's main views to PNG files (offscreen, demo data)",
    "indicators": "every plan target computed from the records, per township",
    "report": "write the monthly report workbook (月报)",
    "reports": "issued (frozen) monthly reports",
    "plans": "the plans (规划): windows, targets, current",
    "import-ledger": (
        "import a ledger from an Excel/WPS/CSV file (good rows in, refused rows listed)"
    ),
    "import-enterprises": "add enterprises from an Excel list (good rows in, bad listed)",
    "keys": "signing keys: show, enrol, county key",
    "export": "write the next sync package",
    "import": "verify and merge sync packages",
    "conflicts": "list or settle merge conflicts",
    "receipt": "write a signed receipt for a township",
    "completeness": "townships × months: what arrived",
}
"""Each command's one-line help, as its module registers it (a test keeps the two equal): the
top-level ``--help`` and usage errors list the commands from here without importing them. A
command missing here still works: its module is then imported to list it."""

GLOBAL_OPTIONS_WITH_VALUE = frozenset({"--data-dir", "--database-url"})

EXIT_OK = 0
EXIT_UNEXPECTED = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE, as shell tools exit when their reader closes the pipe."""


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
    """The command modules to import for ``argv`` (none without a known command word)."""
    command = requested_command(argv)
    if command is None:
        return []
    return [module for module, names in COMMAND_MODULES.items() if command in names]
