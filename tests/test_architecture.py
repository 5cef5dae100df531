"""The walls of the house: the core never imports Qt, the faces never import each other, and the
window reads and writes only through the services."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "desktop"
CORE = [p for p in ROOT.rglob("*.py") if p.relative_to(ROOT).parts[0] not in ("ui",)]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_modules_do_not_import_qt() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in CORE
        if any(name.split(".")[0] in ("PySide6", "shiboken6") for name in _imports(path))
    ]
    assert offenders == []


def test_core_does_not_import_the_ui_package() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in CORE
        if path.relative_to(ROOT).parts[0] != "cli"
        and any(name.startswith("desktop.ui") for name in _imports(path))
    ]
    assert offenders == []


def test_window_reaches_the_database_only_through_the_services() -> None:
    """Nothing under desktop/ui/ runs its own SQL: no SQLAlchemy, no model classes."""
    offenders = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "ui").rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] == "sqlalchemy"
        or name == "desktop.models"
        or name.startswith("desktop.models.")
    )
    assert offenders == []


def test_window_opens_no_session() -> None:
    """The screens call the read facades (``LedgerReads``, ``ReportReads``) and the services'
    writers; none of them opens a database session itself."""
    offenders = sorted(
        f"{path.relative_to(ROOT)}:{node.lineno}"
        for path in (ROOT / "ui").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "session"
    )
    assert offenders == []


FLOOR_1 = [
    p
    for p in ROOT.rglob("*.py")
    if p.relative_to(ROOT).parts[0] in ("models", "migrations")
    or (p.parent == ROOT and p.name != "__main__.py")
]
"""The ground floor: models, migrations, the database, files, logs, ids, paths and errors."""


def test_the_ground_floor_imports_nothing_above_it() -> None:
    upper = ("desktop.services", "desktop.sync", "desktop.reports", "desktop.cli", "desktop.ui")
    offenders = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in FLOOR_1
        for name in _imports(path)
        if name.startswith(upper)
    )
    assert offenders == []


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_no_two_modules_import_each_other() -> None:
    """Arrows run one way: no cycle of imports (deferred imports inside functions included)."""
    modules = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)  # and its submodules imported by name:
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        graph[name] = {target for target in found if target in modules and target != name}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_core_imports_with_qt_unavailable() -> None:
    """Import every core package in a process where importing PySide6 fails."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "import pkgutil, importlib, desktop\n"
        "for info in pkgutil.walk_packages(desktop.__path__, 'desktop.'):\n"
        "    if info.name.startswith(('desktop.ui', 'desktop.migrations', 'desktop.__main__')):\n"
        "        continue\n"
        "    importlib.import_module(info.name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
