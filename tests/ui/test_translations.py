"""Every string of the window has its Simplified Chinese translation (no mixed-language screens).

Runs ``scripts/update_translations.py --check``: ``pyside6-lupdate`` over all of ``desktop/ui``
into a copy of the catalogue, then any live message without a finished translation fails.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_window_string_lacks_its_chinese_translation() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compiled_catalogue_matches_its_source(tmp_path: Path) -> None:
    source = ROOT / "resources" / "translations" / "quality_desk_zh_CN.ts"
    compiled = source.with_suffix(".qm")
    assert compiled.exists()
    # lrelease of the committed .ts must give the committed .qm (nobody forgot to compile).
    fresh = tmp_path / "fresh.qm"
    lrelease = str(Path(sys.executable).parent / "pyside6-lrelease")
    out = subprocess.run(
        [lrelease, str(source), "-qm", str(fresh)], capture_output=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert fresh.read_bytes() == compiled.read_bytes()
