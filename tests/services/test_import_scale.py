"""100,000 inspection rows go in within the memory bound (issue 13: ≤ 300 MB resident).

The import runs as the command line does, in a fresh process that reports its own peak resident
size at the end (``VmHWM``: ``getrusage``'s ``ru_maxrss`` would carry the forking pytest's peak
across ``exec`` on Linux). ``QD_IMPORT_SCALE_ROWS`` changes the row count.
Timing is left to ``benchmarks/bench_import.py``: a shared CI machine's load makes a wall-clock
assertion flaky, memory is not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TOWNSHIP
from tests.services.ledger_files import big_inspection_workbook

ROWS = int(os.environ.get("QD_IMPORT_SCALE_ROWS", "100000"))
MEMORY_BOUND_MB = 300
RUN = """
import sys
from desktop.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print("PEAK_RSS_KB", peak)
sys.exit(code)
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_large_inspection_ledger_within_the_memory_bound(tmp_path: Path) -> None:
    path = big_inspection_workbook(tmp_path / "抽检台账.xlsx", ROWS)
    data = tmp_path / "town"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", RUN, "--data-dir", str(data), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            timeout=600,
        )

    assert cli("init", "--township", TOWNSHIP).returncode == 0
    result = cli(
        "import-ledger",
        "inspections",
        str(path),
        "--default",
        "category_code=INS_FOOD_SAFETY_SAMPLING",
        "--json",
    )
    assert result.returncode == 0, result.stderr
    body, _, peak = result.stdout.rpartition("PEAK_RSS_KB")
    report = json.loads(body)
    assert report["counts"]["inspections"] == {"created": ROWS, "duplicate": 0, "refused": 0}
    assert report["counts"]["enterprises"]["created"] == min(ROWS, 2000)
    peak_mb = int(peak) / 1024
    assert peak_mb <= MEMORY_BOUND_MB, f"peak resident {peak_mb:.0f} MB"
