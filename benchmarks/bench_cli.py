"""Benchmark of the command line's start: what a clerk's script waits for on every call.

Run: ``python benchmarks/bench_cli.py [--runs 15]``.

Interleaved runs of each command and of the baseline ``python -c "import sqlite3"`` (the cost of
starting Python and loading SQLite, which no command can avoid), medians compared:

- ``quality-desk --version``: ≤ 2× the baseline;
- ``quality-desk --help``: printed for information (it lists every command);
- ``quality-desk stats`` on an initialised office with no records: ≤ 6× the baseline;
- ``record add enterprises --jsonl`` with 200 lines: per record, against 200 separate
  ``record add --json`` calls (for information).

Each figure is wall time (what the script waits for); the CPU time of the same runs (user +
system, from the children's resource usage) is printed beside it, for information — it moves
far less with the machine's load. Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from budgets import Report, median

VERSION_BUDGET = 2.0
STATS_BUDGET = 6.0
JSONL_LINES = 200


def timed_process(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` (output discarded; must exit 0)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def command_prefix() -> list[str]:
    """The installed ``quality-desk`` script beside this Python, else ``python -m desktop``."""
    script = Path(sys.executable).with_name("quality-desk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "desktop"]


def enterprise_lines(count: int, series: str = "MA2J") -> bytes:
    from desktop.services.credit_code import check_character

    lines = []
    for number in range(count):
        first17 = f"91330329{series}{number:05d}"
        code = first17 + check_character(first17)
        lines.append(f'{{"credit_code":"{code}","name":"基准测试企业{number:05d}有限公司"}}')
    return ("\n".join(lines) + "\n").encode("utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        return run(root, args.runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def run(root: Path, runs: int) -> int:
    qd = command_prefix()
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    # An installed copy (wheel or bundle) carries its compiled bytecode; a source checkout run
    # with PYTHONDONTWRITEBYTECODE would compile every module of the app on every start instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    data = root / "office"
    subprocess.run(
        [*qd, "--data-dir", str(data), "init", "--township", "330329100000"],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    # The first runs may pay for byte-compiling; not what a clerk waits for each time.
    timed_process([*qd, "--data-dir", str(data), "stats"], env)
    timed_process([*qd, "--data-dir", str(data), "--help"], env)
    commands = {
        "baseline": [sys.executable, "-c", "import sqlite3"],
        "--version": [*qd, "--version"],
        "--help": [*qd, "--help"],
        "stats": [*qd, "--data-dir", str(data), "stats"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            wall, used = timed_process(command, env)
            times[name].append(wall)
            cpu[name].append(used)
    report = Report(f"command line start, medians of {runs} interleaved runs")
    base, base_cpu = median(times["baseline"]), median(cpu["baseline"])
    report.note(
        f"baseline python -c 'import sqlite3': {base * 1000:.0f} ms ({base_cpu * 1000:.0f} ms CPU)"
    )

    def detail(name: str) -> str:
        wall, used = median(times[name]), median(cpu[name])
        return f"{wall * 1000:.0f} ms; CPU {used * 1000:.0f} ms, {used / base_cpu:.2f}× baseline's"

    report.check(
        "quality-desk --version / baseline",
        median(times["--version"]) / base,
        VERSION_BUDGET,
        "×",
        detail=detail("--version"),
    )
    report.note(
        f"quality-desk --help: {median(times['--help']) / base:.2f}× baseline ({detail('--help')})"
    )
    report.check(
        "quality-desk stats (empty office) / baseline",
        median(times["stats"]) / base,
        STATS_BUDGET,
        "×",
        detail=detail("stats"),
    )

    lines = enterprise_lines(JSONL_LINES)
    jsonl = root / "enterprises.jsonl"
    jsonl.write_bytes(lines)
    started = time.perf_counter()
    result = subprocess.run(
        [*qd, "--data-dir", str(data), "record", "add", "enterprises", "--jsonl", str(jsonl)],
        env=env,
        capture_output=True,
    )
    batch = time.perf_counter() - started
    if result.returncode != 0:
        report.note(f"record add --jsonl failed: {result.stderr.decode(errors='replace')}")
        report.misses.append("record add --jsonl")
    else:
        added = len(result.stdout.splitlines())
        one_each = []
        for line in enterprise_lines(5, "MA2K").splitlines():
            started = time.perf_counter()
            subprocess.run(
                [*qd, "--data-dir", str(data), "record", "add", "enterprises", "--json", "-"],
                input=line,
                env=env,
                capture_output=True,
                check=True,
            )
            one_each.append(time.perf_counter() - started)
        report.note(
            f"record add --jsonl: {added} records in {batch * 1000:.0f} ms "
            f"({batch / max(added, 1) * 1000:.1f} ms each); one process per record "
            f"{median(one_each) * 1000:.0f} ms each"
        )
    return report.finish()


if __name__ == "__main__":
    sys.exit(main())
