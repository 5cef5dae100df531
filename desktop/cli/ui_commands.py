"""Commands of the window: ``screenshot`` renders the main views to PNG files offscreen."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop import output_paths
from desktop.cli.context import CliContext


def register(subparsers: Any) -> None:
    shot = subparsers.add_parser(
        "screenshot", help="render the window's main views to PNG files (offscreen, demo data)"
    )
    shot.add_argument("--out", required=True, help="folder for the PNG files")
    shot.add_argument("--records", type=int, default=400, help="demo records (default 400)")
    shot.add_argument("--language", choices=("zh", "en"), default="zh")
    shot.set_defaults(handler=cmd_screenshot)


def cmd_screenshot(context: CliContext, args: argparse.Namespace) -> int:
    """Write the screenshots and list them."""
    from desktop.ui.screenshots import render

    out = output_paths.output_folder(Path(args.out))
    for path in render(out, records=max(50, args.records), language=args.language):
        print(path)
    return 0
