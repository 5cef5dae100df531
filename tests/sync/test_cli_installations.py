"""Issue 9's done-when, as a county runs it: real data folders, the real command line.

Two PCs of one township, each with its own ``init``, export every month; the county approves the
second once; both PCs' edits merge; each PC sees the other's records after importing the county
package; a record edited on both goes to the conflict queue; a third installation claiming the
township is held and, declined, changes nothing; a retired PC's later package is refused; A's key
never signs as D; no township touches a county figure; a batch processes every file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.db import Database
from desktop.paths import database_path
from desktop.sync import keys
from tests.cli_runner import run_cli
from tests.sync.helpers import TOWNSHIP_A, TOWNSHIP_B, Parts

pytestmark = pytest.mark.slow

FIRM = "91330329MA2H00006J"


def ok(folder: Path, *args: str, stdin: str | None = None) -> str:
    result = run_cli(folder, *args, stdin=stdin)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout


def call(folder: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(folder, *args)
    return result.returncode, result.stdout, result.stderr


def add(folder: Path, ledger: str, data: dict[str, Any]) -> str:
    return ok(folder, "record", "add", ledger, "--json", "-", stdin=json.dumps(data)).strip()


def export(folder: Path, out: Path, period: str) -> str:
    return str(
        json.loads(ok(folder, "export", "--out", str(out), "--period", period, "--json"))["path"]
    )


def county_state(county: Path) -> tuple[str, str]:
    return ok(county, "stats", "--json"), ok(county, "conflicts", "--json")


def test_two_pcs_of_one_township_from_init_to_conflict(tmp_path: Path) -> None:
    county, pc1, pc2, pc3, d = (tmp_path / n for n in ("county", "pc1", "pc2", "pc3", "d"))
    out = tmp_path / "usb"
    ok(county, "init", "--county", "--operator", "县办")
    ok(pc1, "init", "--township", TOWNSHIP_A, "--pc-label", "质量办")
    ok(pc2, "init", "--township", TOWNSHIP_A, "--pc-label", "市场监管所")
    firm1 = add(pc1, "enterprises", {"credit_code": FIRM, "name": "泰顺县罗阳茗香茶业有限公司"})
    firm2 = add(pc2, "enterprises", {"credit_code": "92330329MA2H00014A", "name": "罗阳竹木厂"})

    # Month 1: PC 1 is trusted on first use; PC 2 is held until the county approves it once.
    code, shown, _err = call(county, "import", export(pc1, out, "2026-10"))
    assert code == 0 and "key trusted on first use" in shown
    p2 = export(pc2, out, "2026-10")
    code, shown, err = call(county, "import", p2)
    fingerprint2 = json.loads(ok(pc2, "keys", "show", "--json"))["fingerprint"]
    assert code == 4 and err == ""
    held_line = next(line for line in shown.splitlines() if "held" in line)
    assert TOWNSHIP_A in held_line and "市场监管所" in held_line and fingerprint2 in held_line
    roster = json.loads(ok(county, "keys", "list", "--json"))
    pending = [r for r in roster if r["status"] == "pending"]
    assert [(r["pc_label"], r["held_packages"]) for r in pending] == [("市场监管所", 1)]
    approved = ok(county, "keys", "approve", pending[0]["installation_id"])
    assert "merged" in approved and "created 1" in approved

    # The county's package for the township: each PC now holds the other's record.
    refs = tmp_path / "refs"
    written = json.loads(ok(county, "export", "--out", str(refs), "--json"))
    mine = next(Path(w["path"]) for w in written if TOWNSHIP_A in Path(w["path"]).name)
    for pc in (pc1, pc2):
        ok(pc, "import", str(mine))
    assert "罗阳竹木厂" in ok(pc1, "record", "show", firm2)
    assert "茗香" in ok(pc2, "record", "show", firm1)

    # Month 2: both edit PC 1's record; the county queues the conflict; both edits merged.
    ok(pc1, "record", "edit", firm1, "--json", "-", stdin='{"address": "新城路1号"}')
    ok(pc2, "record", "edit", firm1, "--json", "-", stdin='{"address": "新城路2号"}')
    ok(pc2, "record", "edit", firm2, "--json", "-", stdin='{"address": "竹木路8号"}')
    shown = ok(county, "import", export(pc1, out, "2026-11"), export(pc2, out, "2026-11"))
    conflicts = json.loads(ok(county, "conflicts", "--json"))
    assert len(conflicts) == 1, (shown, ok(county, "record", "show", firm1, "--history"))
    assert len(conflicts) == 1 and conflicts[0]["record_id"] == firm1
    assert "竹木路8号" in ok(county, "record", "show", firm2)

    # A third PC claims the township: held; declined, it changed nothing, and stays refused.
    ok(pc3, "init", "--township", TOWNSHIP_A, "--pc-label", "来历不明")
    add(pc3, "enterprises", {"credit_code": "93330329MA2H000222", "name": "冒名企业"})
    p3 = export(pc3, out, "2026-11")
    before = county_state(county)
    assert call(county, "import", p3)[0] == 4
    pc3_id = json.loads(ok(pc3, "keys", "show", "--json"))["installation_id"]
    assert "declined" in ok(county, "keys", "decline", pc3_id, "--reason", "电话核实不是本镇电脑")
    assert county_state(county) == before
    code, _out, err = call(county, "import", p3)
    assert code == 3 and "拒绝" in err

    # PC 2 is retired (replaced): its later package is refused; what it sent stays.
    ok(county, "keys", "retire", fingerprint2, "--reason", "电脑更换")
    ok(pc2, "record", "edit", firm2, "--json", "-", stdin='{"address": "停用后"}')
    code, _out, err = call(county, "import", export(pc2, out, "2026-12"))
    assert code == 3 and "停用" in err
    assert "竹木路8号" in ok(county, "record", "show", firm2)

    # A's key never signs as D, and D's genuine PC is then trusted on first use.
    ok(d, "init", "--township", TOWNSHIP_B, "--pc-label", "D")
    d_package = Path(export(d, out, "2026-11"))
    forged = tmp_path / "forged.qdpkg"
    forged.write_bytes(Parts.of(d_package.read_bytes()).signed_by(_identity(pc1)).to_bytes())
    code, _out, err = call(county, "import", str(forged))
    assert code == 3 and TOWNSHIP_A in err
    assert "key trusted on first use" in ok(county, "import", str(d_package))

    # No township touches a county figure, however it labels its row.
    figure = "prefab_building_area_share"
    add(
        county,
        "manual_statistics",
        {"target_id": figure, "value": 31.0, "as_of": "2026-06-30", "source": "县住建局"},
    )
    add(
        pc1,
        "manual_statistics",
        {"target_id": figure, "value": 99.0, "as_of": "2026-10-31", "source": "乡镇自报"},
    )
    ok(county, "import", export(pc1, out, "2026-12"))
    indicators = json.loads(ok(county, "indicators", "--json", "--as-of", "2026-11-30"))
    assert _value(indicators, figure) == 31.0

    # A batch processes every file, whatever happened to the others.
    bad = tmp_path / "bad.qdpkg"
    bad.write_bytes(b"not a package")
    extra = add(pc1, "enterprises", {"credit_code": "91110108551385082Q", "name": "批量"})
    good = export(pc1, out, "2026-12")
    code, shown, err = call(county, "import", str(bad), str(p3), good)
    assert code == 3 and "bad.qdpkg" in err and "merged" in shown
    assert "批量" in ok(county, "record", "show", extra)


def _identity(folder: Path) -> keys.Identity:
    database = Database.for_data_dir(folder)
    try:
        with database.session() as session:
            identity = keys.load_identity(session)
    finally:
        database.dispose()
    assert identity is not None and database_path(folder).exists()
    return identity


def _value(indicators: Any, target: str) -> float | None:
    rows = indicators["indicators"]
    row = next(r for r in rows if r.get("id", r.get("target_id")) == target)
    value = row.get("value")
    return None if value is None else float(value)


def test_a_batch_goes_on_after_a_file_that_breaks(tmp_path: Path) -> None:
    """Whatever one file does (here a sealed file with an all-zero ephemeral key), the files
    after it are still imported."""
    county, pc = tmp_path / "county", tmp_path / "pc"
    ok(county, "init", "--county")
    ok(pc, "init", "--township", TOWNSHIP_A, "--pc-label", "质量办")
    first = export(pc, tmp_path / "usb", "2026-10")
    add(pc, "enterprises", {"credit_code": FIRM, "name": "泰顺县罗阳茗香茶业有限公司"})
    second = export(pc, tmp_path / "usb", "2026-11")
    broken = tmp_path / "zero-key.qdpkg"
    broken.write_bytes(keys.SEAL_MAGIC + bytes(32) + bytes(12) + bytes(64))
    code, shown, err = call(county, "import", first, str(broken), second)
    assert code == 3 and "zero-key.qdpkg" in err and "Traceback" not in err
    assert shown.count("merged") == 2
