"""Build the one-folder bundle with PyInstaller, check it, and measure it.

    python packaging/build.py [--dist DIR] [--work DIR] [--clean] [--skip-build]

Steps, each printed with its time:

1. render the Windows version resource and installer script from ``pyproject.toml``
   (``packaging/windows/render.py``; PyInstaller embeds the version resource on Windows);
2. run PyInstaller on ``packaging/quality-desk.spec`` into ``dist/quality-desk/``;
3. Linux: check with ``ldd`` that no kept library misses a Qt/ICU/Python library the filters in
   ``bundle_filter.py`` dropped (a filter that goes too far fails here, not on a clerk's PC);
4. check the rendered installer script against every file of the bundle
   (``packaging/windows/installer_check.py``: installed once, below ``{app}``, legal on Windows);
   run the bundle's ``self-test`` (must print ``OK``);
5. upgrade a database of the first schema revision (``tests/fixtures/schema_0001.sqlite3``)
   through the bundle and compare row counts;
6. portable mode: a copy of the bundle with ``portable.txt`` keeps its data beside itself
   (``init``, ``backup``, ``restore`` there write nothing into the user's folders);
7. measure start-to-window time of the bundle (offscreen, an office with demo records; median of
   five runs after one warm-up).

Prints bundle size, build time and start-to-window time against the budgets (130 MB, 1.5 s) and
exits non-zero when a check fails or the bundle is over the size budget.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "packaging" / "windows"))

import installer_check  # noqa: E402
from render import read_release, render_all  # noqa: E402

SIZE_BUDGET_MB = 130.0
START_BUDGET_S = 1.5
START_RUNS = 5
FIXTURE = ROOT / "tests" / "fixtures" / "schema_0001.sqlite3"
TOWNSHIP = "330329100000"
LEDGER_TABLES = ("enterprises", "inspections", "certifications", "projects", "project_progress")
MUST_NOT_MISS = ("libQt6", "libicu", "libpyside6", "libshiboken6", "libpython")


class CheckFailedError(Exception):
    """A check of the built bundle failed."""


def bundle_size(folder: Path) -> int:
    """Bytes of every file in the bundle (symbolic links counted as links, not twice)."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_symlink():
            total += path.lstat().st_size
        elif path.is_file():
            total += path.stat().st_size
    return total


def missing_libraries(ldd_output: str) -> list[str]:
    """Library names ``ldd`` reports as ``not found``."""
    return [
        line.split("=>")[0].strip()
        for line in ldd_output.splitlines()
        if "not found" in line and "=>" in line
    ]


def _elf_files(folder: Path) -> Iterator[Path]:
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink() and (".so" in path.name or path.suffix == ""):
            with open(path, "rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    yield path


def check_libraries(bundle: Path) -> tuple[int, list[str]]:
    """ldd every ELF file; returns (files checked, system libraries missing on this machine).

    Raises :class:`CheckFailedError` when a bundled kind of library (Qt, ICU, Python) is
    missing: that is a filter dropping too much.
    """
    internal = bundle / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6' / 'Qt' / 'lib'}"}
    broken: list[str] = []
    system: set[str] = set()
    files = list(_elf_files(bundle))
    for path in files:
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        for name in missing_libraries(result.stdout):
            if name.startswith(MUST_NOT_MISS):
                broken.append(f"{path.relative_to(bundle)} needs {name}")
            else:
                system.add(name)
    if broken:
        raise CheckFailedError(
            "libraries dropped by the filters are still needed:\n  " + "\n  ".join(broken)
        )
    return len(files), sorted(system)


def _run(
    exe: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    full_env.pop("QUALITY_DESK_HOME", None)
    full_env.update(env or {})
    result = subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full_env,
        timeout=300,
    )
    if result.returncode != 0:
        raise CheckFailedError(
            f"{exe.name} {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
        )
    return result


def _counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as connection:
        return {
            t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in LEDGER_TABLES
        }


def check_version(exe: Path, version: str) -> str:
    """The bundle reports pyproject's version, read from the package metadata it carries."""
    metadata = [p.name for p in (exe.parent / "_internal").glob("quality_desk*-info")]
    if not metadata:
        raise CheckFailedError("the package metadata (version) is missing from the bundle")
    printed = _run(exe, "--version").stdout.strip()
    if printed != f"quality-desk {version}":
        raise CheckFailedError(f"the bundle says {printed!r}, pyproject.toml says {version}")
    return f"{printed} (from {metadata[0]})"


def check_installer(iss: Path, bundle: Path) -> str:
    """The rendered Inno Setup script installs each bundle file once, at a Windows-legal path."""
    report = installer_check.check(
        iss.read_text(encoding="utf-8-sig"), bundle, windows_bundle=sys.platform == "win32"
    )
    if report.problems:
        raise CheckFailedError("\n  ".join(report.problems[:40]))
    notes = f"; {'; '.join(report.notes)}" if report.notes else ""
    return f"{len(report.installed)} files, each once below {{app}}, Windows-legal paths{notes}"


def check_self_test(exe: Path) -> str:
    result = _run(exe, "self-test")
    if result.stdout.strip() != "OK":
        raise CheckFailedError(f"self-test printed {result.stdout!r}")
    return "OK"


def check_old_database_upgrades(exe: Path, scratch: Path) -> str:
    data = scratch / "old-office"
    data.mkdir()
    database = data / "quality-desk.sqlite3"
    shutil.copy(FIXTURE, database)
    before = _counts(database)
    stats = json.loads(_run(exe, "--data-dir", str(data), "stats", "--json").stdout)
    with sqlite3.connect(database) as connection:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    after = _counts(database)
    if after != before:
        raise CheckFailedError(f"rows changed while upgrading: {before} → {after}")
    backups = list((data / "backups").glob("*before-upgrade-0001*.sqlite3"))
    if revision != "0001" and not backups:
        raise CheckFailedError("no backup was made before the upgrade")
    return (
        f"0001 → {revision}, {sum(after.values())} ledger rows intact, "
        f"{len(backups)} backup, office {stats['office']}"
    )


def check_portable(bundle: Path, scratch: Path) -> str:
    copy = scratch / "stick" / bundle.name
    shutil.copytree(bundle, copy, symlinks=True)
    (copy / "portable.txt").write_text("", encoding="utf-8")
    exe = copy / _exe_name(bundle)
    home = scratch / "home"
    env = {"HOME": str(home), "XDG_DATA_HOME": str(home / ".local" / "share"),
           "LOCALAPPDATA": str(home / "AppData" / "Local")}  # fmt: skip
    _run(exe, "init", "--township", TOWNSHIP, env=env)
    made = Path(_run(exe, "backup", env=env).stdout.strip())
    _run(exe, "restore", str(made), "--yes", env=env)
    database = copy / "data" / "quality-desk.sqlite3"
    if not database.exists():
        raise CheckFailedError(f"portable mode did not create {database}")
    if home.exists() and any(p.is_file() for p in home.rglob("*")):
        raise CheckFailedError(f"portable mode wrote into the user folder: {list(home.rglob('*'))}")
    backups = sorted(p.name for p in (copy / "data" / "backups").glob("*.sqlite3"))
    if len(backups) != 2 or not any("before-restore" in name for name in backups):
        raise CheckFailedError(f"backup + restore left {backups}")
    return f"data in {database.relative_to(scratch)}, backup and restore there, home untouched"


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes; 0 where unknown (Windows)."""
    try:
        import resource
    except ImportError:
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _time_to_window(exe: Path, data: Path) -> float:
    """Seconds from starting the bundle until it prints that its window is shown (the exit
    afterwards is not counted; the same method as ``benchmarks/bench_window.py``)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    env.pop("QUALITY_DESK_HOME", None)
    command = [str(exe), "--data-dir", str(data), "self-test", "--window-only"]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    _out, err = process.communicate(timeout=300)
    if process.returncode != 0 or not line.startswith("window shown"):
        raise CheckFailedError(f"self-test --window-only exited {process.returncode}:\n{err}")
    return elapsed


def measure_start(
    exe: Path, scratch: Path, runs: int = START_RUNS
) -> tuple[float, list[float], float]:
    """Start-to-window of the bundle: (median wall seconds, each run's, median CPU seconds).

    Each run starts ``self-test --window-only``: the bundle starts, opens the office's database,
    builds and shows the main window. The wall time runs until the window is shown; the CPU time
    is the whole process's (exit included). On a busy machine the wall time grows with the load
    while the CPU time stays put, so both are printed.
    """
    data = scratch / "timed-office"
    _run(exe, "--data-dir", str(data), "init", "--township", TOWNSHIP)
    _run(exe, "--data-dir", str(data), "demo", "--records", "2000")
    _run(exe, "--data-dir", str(data), "self-test", "--window-only")  # warm-up (disk cache)
    times, cpu = [], []
    for _ in range(runs):
        cpu_before = _children_cpu()
        times.append(_time_to_window(exe, data))
        cpu.append(_children_cpu() - cpu_before)
    return statistics.median(times), times, statistics.median(cpu)


def _load_average() -> str:
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "n/a"


def _exe_name(bundle: Path) -> str:
    return bundle.name + (".exe" if sys.platform == "win32" else "")


@contextmanager
def _step(title: str) -> Iterator[None]:
    print(f"== {title}", flush=True)
    started = time.perf_counter()
    yield
    print(f"   ({time.perf_counter() - started:.1f} s)", flush=True)


def build(dist: Path, work: Path, clean: bool) -> float:
    spec = ROOT / "packaging" / "quality-desk.spec"
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work), str(spec),
    ]  # fmt: skip
    if clean:
        command.insert(3, "--clean")
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build and check the Quality Desk bundle.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--skip-build", action="store_true", help="check an existing bundle")
    args = parser.parse_args(argv)
    release = read_release()
    bundle = args.dist.resolve() / release.name
    exe = bundle / _exe_name(bundle)
    print(f"Quality Desk {release.version} → {bundle}")
    failures: list[str] = []

    with _step("render Windows version resource and installer script"):
        rendered = render_all(bundle_dir=bundle)
        for path in rendered:
            print(f"   {path.relative_to(ROOT)}")
    (iss,) = [path for path in rendered if path.suffix == ".iss"]
    build_seconds = 0.0
    if not args.skip_build:
        with _step("PyInstaller"):
            build_seconds = build(args.dist.resolve(), args.work.resolve(), args.clean)
    size_mb = bundle_size(bundle) / 1e6

    checks: list[tuple[str, Callable[[Path], str]]] = [
        ("installer script vs. every bundle file", lambda _s: check_installer(iss, bundle)),
        ("version", lambda _s: check_version(exe, release.version)),
        ("self-test", lambda _s: check_self_test(exe)),
        ("first schema revision upgrades through the bundle",
         lambda s: check_old_database_upgrades(exe, s)),
        ("portable mode", lambda s: check_portable(bundle, s)),
    ]  # fmt: skip
    if sys.platform.startswith("linux"):

        def libraries(_scratch: Path) -> str:
            count, system = check_libraries(bundle)
            note = f"; not on this machine (system): {' '.join(system)}" if system else ""
            return f"{count} ELF files, no dropped library needed{note}"

        checks.insert(0, ("libraries", libraries))
    start_seconds = start_cpu = float("nan")
    with tempfile.TemporaryDirectory(prefix="quality-desk-build-check-") as scratch_name:
        scratch = Path(scratch_name)
        for title, check in checks:
            with _step(title):
                try:
                    print(f"   {check(scratch)}")
                except CheckFailedError as failure:
                    print(f"   FAILED: {failure}")
                    failures.append(title)
        if "self-test" not in failures:
            with _step("start to window"):
                start_seconds, start_runs, start_cpu = measure_start(exe, scratch)
                print(f"   runs: {' '.join(f'{t:.2f}' for t in start_runs)} s")

    print()
    print(f"bundle size:      {size_mb:7.1f} MB  (budget {SIZE_BUDGET_MB:.0f} MB)")
    if build_seconds:
        print(f"build time:       {build_seconds:7.1f} s")
    print(
        f"start to window:  {start_seconds:7.2f} s   (budget {START_BUDGET_S} s, median of "
        f"{START_RUNS}; CPU {start_cpu:.2f} s; load average {_load_average()})"
    )
    if size_mb > SIZE_BUDGET_MB:
        failures.append("size budget")
    if start_seconds > START_BUDGET_S:
        print("warning: start-to-window is over budget on this machine")
    if failures:
        print(f"FAILED: {', '.join(failures)}")
        return 1
    print("bundle OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
