"""The sync commands' own wording: a dry run says what it *would* trust, and pins nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services import demo
from desktop.sync import export
from tests.sync.helpers import TOWNSHIP_A, make_site


def test_a_dry_run_says_it_would_trust_the_key_and_pins_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    township = make_site(tmp_path / "t", TOWNSHIP_A)
    with township.open() as (database, office):
        demo.generate(database, office, 10, 1)
        path = export.export_data(database, office, tmp_path / "out", period="2026-10").path
    county = make_site(tmp_path / "c", None)
    capsys.readouterr()
    assert main(["--data-dir", str(county.folder), "import", str(path), "--dry-run"]) == 0
    dry = capsys.readouterr().out
    assert "would trust" in dry and "将信任" in dry
    assert "key trusted" not in dry and "已信任" not in dry
    assert main(["--data-dir", str(county.folder), "keys", "show", "--json"]) == 0
    assert TOWNSHIP_A not in capsys.readouterr().out, "a dry run pins nothing"
    assert main(["--data-dir", str(county.folder), "import", str(path)]) == 0
    real = capsys.readouterr().out
    assert "key trusted on first use" in real and "已信任密钥" in real
