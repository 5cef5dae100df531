"""The system libraries Qt's platform plugins link are installed (``ldd``), and the set-up
scripts name the Debian packages that provide them.

On a fresh Debian machine ``scripts/start.sh`` / ``scripts/run-tests.sh`` install
``QD_QT_PACKAGES`` (``scripts/setup-common.sh``); this test is what tells that list is complete:
after those scripts ran, nothing that ``libqxcb.so`` (a real X display) or ``libqoffscreen.so``
needs may be missing, or the window never opens on a clerk's desktop.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("ldd") is None, reason="ldd is Linux only"
)


def _plugin(name: str) -> Path:
    import PySide6

    path = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / name
    assert path.is_file(), path
    return path


def _not_found(path: Path) -> list[str]:
    output = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split("=>")[0].strip() for line in output.splitlines() if "not found" in line]


@pytest.mark.parametrize("plugin", ["libqxcb.so", "libqoffscreen.so"])
def test_every_library_the_platform_plugin_links_is_installed(plugin: str) -> None:
    missing = _not_found(_plugin(plugin))
    assert not missing, (
        f"{plugin} needs {', '.join(sorted(set(missing)))}: add the Debian packages that provide "
        "them to QD_QT_PACKAGES in scripts/setup-common.sh, then run bash scripts/run-tests.sh"
    )


def _script_packages() -> set[str]:
    text = (ROOT / "scripts" / "setup-common.sh").read_text(encoding="utf-8")
    match = re.search(r'QD_QT_PACKAGES="([^"]*)"', text)
    assert match, "QD_QT_PACKAGES not found"
    return set(match.group(1).replace("\\\n", " ").split())


def test_the_scripts_name_the_package_of_every_xcb_library() -> None:
    """Each ``libxcb-*`` / ``libxkbcommon*`` / ``libX11-xcb`` library the xcb plugin links
    (directly or through ``libQt6XcbQpa``) comes from a package the scripts install."""
    if shutil.which("dpkg") is None:
        pytest.skip("dpkg (Debian) is needed to map libraries to packages")
    qt_lib = _plugin("libqxcb.so").parents[2] / "lib" / "libQt6XcbQpa.so.6"
    output = subprocess.run(["ldd", str(qt_lib)], capture_output=True, text=True).stdout
    libraries = {
        match.group(1): match.group(2)
        for match in re.finditer(r"^\s*(lib(?:xcb|xkbcommon|X11-xcb)\S*) => (\S+)", output, re.M)
    }
    assert libraries, output
    packages = _script_packages()
    unlisted = {}
    for name, path in libraries.items():
        if path == "not":
            unlisted[name] = "(not installed)"
            continue
        real = str(Path(path).resolve())
        owner = subprocess.run(["dpkg", "-S", real], capture_output=True, text=True).stdout
        package = owner.split(":")[0].strip()
        if package not in packages:
            unlisted[name] = package
    assert not unlisted, f"add to QD_QT_PACKAGES in scripts/setup-common.sh: {unlisted}"
