"""Render the Windows version resource and the Inno Setup script from ``pyproject.toml``.

One version, everywhere: ``pyproject.toml`` holds it; this script writes

- ``build/windows/version-info.txt``: the ``VSVersionInfo`` PyInstaller embeds in the ``.exe``
  (Explorer → Properties → Details shows the version and the Chinese product name), and
- ``build/windows/quality-desk.iss``: the Inno Setup script of the per-user installer.

Run it anywhere (``python packaging/windows/render.py``); ``packaging/build.py`` runs it before
every build, and the Windows workflow before ``ISCC.exe``. Templates use ``$name`` placeholders
(``string.Template``); a missing value is an error, never an empty string.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = Path(__file__).resolve().parent
OUT = ROOT / "build" / "windows"

PRODUCT_ZH = "质量提升台账"
PRODUCT_EN = "Quality Desk"
PUBLISHER = "泰顺县质量强县工作领导小组办公室"
APP_ID = "{{6F1C2A9E-5B7D-4C3E-9A21-7D2B8E4F0C15}"
"""Inno Setup AppId (the doubled brace is Inno's escape). Never change it: upgrades find the old
install by it."""


@dataclass(frozen=True)
class Release:
    """Name and version of this release, read from ``pyproject.toml``."""

    name: str
    version: str

    @property
    def numbers(self) -> tuple[int, int, int, int]:
        """The version as the four numbers Windows wants (``0.1.0`` → ``0, 1, 0, 0``)."""
        match = re.match(r"^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?", self.version)
        if not match:
            raise ValueError(f"version {self.version!r} does not start with a number")
        parts = [int(p) if p else 0 for p in match.groups()]
        return parts[0], parts[1], parts[2], parts[3]


def read_release(pyproject: Path = ROOT / "pyproject.toml") -> Release:
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return Release(name=str(project["name"]), version=str(project["version"]))


def values(release: Release, bundle_dir: str) -> dict[str, str]:
    numbers = release.numbers
    return {
        "name": release.name,
        "version": release.version,
        "version_tuple": ", ".join(str(n) for n in numbers),
        "version_dotted4": ".".join(str(n) for n in numbers),
        "product_zh": PRODUCT_ZH,
        "product_en": PRODUCT_EN,
        "publisher": PUBLISHER,
        "app_id": APP_ID,
        "exe_name": f"{release.name}.exe",
        "gui_exe_name": f"{release.name}-gui.exe",
        "bundle_dir": bundle_dir,
        "output_dir": str(ROOT / "dist" / "installer"),
        "output_base": f"{release.name}-{release.version}-setup",
        "icon_file": str(TEMPLATES / "quality-desk.ico"),
    }


def render(template: Path, mapping: dict[str, str]) -> str:
    """Fill one template; raises KeyError naming a placeholder that has no value."""
    return Template(template.read_text(encoding="utf-8")).substitute(mapping)


def render_all(out: Path = OUT, bundle_dir: Path | None = None) -> list[Path]:
    """Write every rendered file into ``out``; returns their paths."""
    release = read_release()
    bundle = bundle_dir or ROOT / "dist" / release.name
    mapping = values(release, str(bundle))
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for template in sorted(TEMPLATES.glob("*.in")):
        target = out / template.name.removesuffix(".in")
        text = render(template, mapping)
        # Inno Setup reads UTF-8 only with a BOM; the version resource is Python source.
        encoding = "utf-8-sig" if target.suffix == ".iss" else "utf-8"
        target.write_text(
            text, encoding=encoding, newline="\r\n" if target.suffix == ".iss" else None
        )
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the rendered files")
    parser.add_argument("--bundle", type=Path, help="the PyInstaller folder (default dist/NAME)")
    args = parser.parse_args(argv)
    for path in render_all(args.out, args.bundle):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
