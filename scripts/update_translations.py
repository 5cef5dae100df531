"""Refresh the Chinese catalogue from every ``tr()`` string under ``desktop/ui`` and compile it.

Workflow for anyone who adds or changes window text:

1. Write the English source string with ``self.tr("...")`` (or ``QCoreApplication.translate``).
2. Run ``python scripts/update_translations.py``: ``pyside6-lupdate`` adds new strings to
   ``resources/translations/quality_desk_zh_CN.ts`` as *unfinished* and drops vanished ones.
3. Translate them — ``pyside6-linguist resources/translations/quality_desk_zh_CN.ts``, or edit the
   ``<translation>`` elements by hand and delete ``type="unfinished"``.
4. Run the script again: it compiles the ``.qm`` the app loads.

``python scripts/update_translations.py --check`` changes nothing and exits 1 while any string of
the window lacks its Chinese translation; ``tests/ui/test_translations.py`` runs it, so a screen
that would mix English into the Chinese UI turns CI red.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "resources" / "translations" / "quality_desk_zh_CN.ts"
COMPILED = CATALOGUE.with_suffix(".qm")
SOURCES = ROOT / "desktop" / "ui"


def _tool(name: str) -> str:
    """A PySide6 tool from the running interpreter's environment (or PATH)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6-Essentials into this environment")
    return found


def lupdate(catalogue: Path) -> None:
    """Merge the current source strings into ``catalogue`` (translations are kept)."""
    files = sorted(str(p) for p in SOURCES.rglob("*.py"))
    subprocess.run(
        [_tool("pyside6-lupdate"), *files, "-no-obsolete", "-ts", str(catalogue)],
        check=True,
        capture_output=True,
    )


def untranslated(catalogue: Path) -> list[tuple[str, str]]:
    """(context, source) of every live message without a finished translation."""
    missing = []
    for context in ET.parse(catalogue).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else None
            if kind in ("vanished", "obsolete"):
                continue
            texts = [translation.text or ""] if translation is not None else []
            if translation is not None and message.get("numerus") == "yes":
                texts = [form.text or "" for form in translation.iter("numerusform")]
            if kind == "unfinished" or not texts or not all(t.strip() for t in texts):
                missing.append((name, message.findtext("source") or ""))
    return missing


def check() -> list[tuple[str, str]]:
    """Untranslated strings of the current sources, without touching the catalogue."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / CATALOGUE.name
        shutil.copy(CATALOGUE, copy)
        lupdate(copy)
        return untranslated(copy)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report missing translations")
    args = parser.parse_args(argv)
    if args.check:
        missing = check()
        for context, source in missing:
            print(f"untranslated: [{context}] {source}")
        return 1 if missing else 0
    lupdate(CATALOGUE)
    missing = untranslated(CATALOGUE)
    subprocess.run(
        [_tool("pyside6-lrelease"), str(CATALOGUE), "-qm", str(COMPILED)],
        check=True,
        capture_output=True,
    )
    for context, source in missing:
        print(f"to translate: [{context}] {source}")
    print(f"{CATALOGUE.name}: {len(missing)} string(s) to translate; compiled {COMPILED.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
