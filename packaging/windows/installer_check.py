"""Check the rendered Inno Setup script against the bundle it installs, file by file.

Inno Setup only runs on Windows, so Linux cannot compile the installer; this module reads the
rendered ``quality-desk.iss`` the way ISCC resolves its ``[Files]`` entries and checks, for every
file of the bundle (``dist/quality-desk``):

- exactly one ``[Files]`` entry installs it, below ``{app}`` at the same relative path;
- its path is legal on Windows: no ``< > : " | ? *``, no name ending in a space or a dot, no
  reserved device name, no two paths differing only in letter case (NTFS ignores case), and the
  installed path fits Windows' 260-character limit under ``%LOCALAPPDATA%\\Programs\\QualityDesk``
  of a long user name;
- the program files the script names (``[Icons]``, ``[Run]``, ``UninstallDisplayIcon``) are in
  the bundle — on a Windows bundle by their ``.exe`` names; a Linux bundle has the command-line
  program without ``.exe`` and no windowed one, which is then reported as not checkable here;
- ``[InstallDelete]`` / ``[UninstallDelete]`` only name folders of the bundle (never the data).

``packaging/build.py`` runs it on every build; ``tests/packaging/test_installer_check.py`` on
made-up bundles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PureWindowsPath

RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in "123456789"}
FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f]')
INSTALL_ROOT = "C:\\Users\\" + "张" * 20 + "\\AppData\\Local\\Programs\\QualityDesk\\"
"""The longest install folder we plan for: a 20-character user name."""
MAX_PATH = 259
"""Windows' MAX_PATH (260) less the terminating NUL."""


@dataclass
class Report:
    """What the check found: installed files, problems, and notes about what it could not see."""

    installed: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _defines(text: str) -> dict[str, str]:
    return dict(re.findall(r'^#define\s+(\w+)\s+"([^"]*)"', text, flags=re.M))


def _expand(value: str, defines: dict[str, str]) -> str:
    return re.sub(r"\{#(\w+)\}", lambda m: defines.get(m.group(1), m.group(0)), value)


def sections(text: str) -> dict[str, list[str]]:
    """Lines of each ``[Section]`` (comments, preprocessor lines and blanks left out)."""
    result: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        header = re.fullmatch(r"\[(\w+)\]", line)
        if header:
            current = header.group(1)
            result.setdefault(current, [])
        elif current:
            result[current].append(line)
    return result


def parameters(line: str) -> dict[str, str]:
    """``Name: "value"; Flags: a b`` → ``{"name": "value", "flags": "a b"}`` (keys lower case)."""
    found = re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)\s*(?:;|$)', line)
    return {key.lower(): value.strip().strip('"').replace('""', '"') for key, value in found}


def _bundle_files(bundle: Path) -> list[str]:
    """Every file of the bundle, as a Windows relative path (``_internal\\PySide6\\...``)."""
    return sorted(
        str(PureWindowsPath(*path.relative_to(bundle).parts))
        for path in bundle.rglob("*")
        if path.is_file() or path.is_symlink()
    )


def path_problems(relative: str) -> list[str]:
    """Why a relative installed path is not legal on Windows (empty when it is)."""
    problems = []
    for part in PureWindowsPath(relative).parts:
        if FORBIDDEN.search(part):
            problems.append(f"{relative}: {part!r} holds a character Windows forbids")
        if part.endswith((" ", ".")):
            problems.append(f"{relative}: {part!r} ends with a space or a dot")
        if part.split(".")[0].upper() in RESERVED:
            problems.append(f"{relative}: {part!r} is a reserved device name")
    if len(INSTALL_ROOT) + len(relative) > MAX_PATH:
        problems.append(f"{relative}: {len(relative)} characters, too long under {INSTALL_ROOT}")
    return problems


def _case_clashes(paths: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    clashes = []
    for path in paths:
        other = seen.setdefault(path.lower(), path)
        if other != path:
            clashes.append(f"{path} and {other} differ only in letter case (one file on Windows)")
    return clashes


def _source_matches(source: str, bundle_dir: str, files: list[str]) -> tuple[str, list[str]]:
    """(folder prefix inside the bundle, files) an entry's ``Source`` names."""
    root = PureWindowsPath(bundle_dir)
    try:
        inside = PureWindowsPath(source).relative_to(root)
    except ValueError:
        return "", []
    pattern = str(inside)
    if pattern == "*":
        return "", files
    if pattern.endswith("\\*"):
        prefix = pattern[:-1]
        return prefix, [f for f in files if f.startswith(prefix)]
    return "", [f for f in files if f == pattern]


def check(iss_text: str, bundle: Path, windows_bundle: bool) -> Report:
    """Resolve the script's ``[Files]`` against ``bundle`` and check everything listed above."""
    report = Report()
    defines = _defines(iss_text)
    parts = sections(iss_text)
    bundle_dir = defines.get("MyBundleDir", "")
    files = _bundle_files(bundle)
    if not files:
        report.problems.append(f"the bundle {bundle} is empty")
        return report
    # The rendered script names the bundle folder as the build machine spells it.
    local_dir = bundle_dir.replace("/", "\\")
    for line in parts.get("Files", []):
        entry = parameters(line)
        source = _expand(entry.get("source", ""), defines).replace("/", "\\")
        flags = entry.get("flags", "").split()
        prefix, matched = _source_matches(source, local_dir, files)
        if not matched:
            report.problems.append(f"[Files] {line}: installs nothing of the bundle")
        dest = entry.get("destdir", "")
        if dest != "{app}" and not dest.startswith("{app}\\"):
            report.problems.append(f"[Files] {line}: installs outside {{app}}")
        for name in matched:
            below = name[len(prefix) :]
            if "\\" in below and "recursesubdirs" not in flags:
                continue
            target = dest + "\\" + below
            if name in report.installed:
                report.problems.append(f"{name} is installed twice")
            report.installed[name] = target
            if target != "{app}\\" + name:
                report.problems.append(f"{name} would be installed as {target}")
    missing = [name for name in files if name not in report.installed]
    report.problems.extend(f"{name} is in the bundle but no [Files] entry installs it"
                           for name in missing)  # fmt: skip
    for name in files:
        report.problems.extend(path_problems(name))
    report.problems.extend(_case_clashes(files))

    programs = {defines.get("MyAppExeName", ""), defines.get("MyConsoleExeName", "")} - {""}
    for program in sorted(programs):
        if windows_bundle:
            if program not in files:
                report.problems.append(f"the script starts {program}, which the bundle lacks")
        elif program.removesuffix(".exe") in files:
            report.notes.append(f"{program}: found as {program.removesuffix('.exe')} (Linux)")
        else:
            report.notes.append(f"{program}: only a Windows bundle has it (not checked here)")
    for section in ("InstallDelete", "UninstallDelete"):
        for line in parts.get(section, []):
            name = parameters(line).get("name", "")
            inside = name.removeprefix("{app}\\")
            if inside == name or not any(f.startswith(inside + "\\") for f in files):
                report.problems.append(f"[{section}] {line}: not a folder of the bundle")
    return report
