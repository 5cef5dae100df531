"""The packaging rules, checked without building: what the bundle keeps, the rendered Windows
files, and the build script's own helpers."""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path) -> ModuleType:
    """Import a packaging script by path, under a name no installed package uses."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


render = _load("quality_desk_render", ROOT / "packaging" / "windows" / "render.py")
bundle_filter = _load("quality_desk_bundle_filter", ROOT / "packaging" / "bundle_filter.py")
build = _load("quality_desk_build", ROOT / "packaging" / "build.py")

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/lib/libQt6WebEngineCore.so.6",
        "PySide6/Qt6Qml.dll",
        "PySide6/QtQuick.pyd",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6/Qt/lib/libQt63DCore.so.6",
        "PySide6/Qt6Multimedia.dll",
        "PySide6/Qt/lib/libQt6Network.so.6",
        "libQt6Network.so.6",
        "libQt6Qml.so.6",
        "PySide6/QtOpenGL.abi3.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/sqldrivers/libqsqlite.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/plugins/imageformats/qpdf.dll",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "libcups.so.2",
        "libgnutls.so.30",
        "PySide6/opengl32sw.dll",
        "PySide6/Qt/lib/libQt6WaylandClient.so.6",
        "PySide6/Qt/lib/libQt6WlShellIntegration.so.6",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/plugins/imageformats/qgif.dll",
        "python3.11/lib-dynload/_codecs_jp.cpython-311-x86_64-linux-gnu.so",
        "_codecs_kr.pyd",
    ],
)
def test_unused_qt_and_host_libraries_are_dropped(dest: str) -> None:
    assert not bundle_filter.keep_binary(dest)
    assert not bundle_filter.keep_binary(dest.replace("/", "\\"))


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt6Gui.dll",
        "PySide6/QtWidgets.pyd",
        "PySide6/QtCharts.abi3.so",
        "PySide6/Qt/lib/libQt6Charts.so.6",
        "PySide6/Qt/lib/libQt6OpenGL.so.6",
        "PySide6/Qt/lib/libQt6PrintSupport.so.6",
        "PySide6/QtPrintSupport.pyd",
        "PySide6/Qt/lib/libQt6Svg.so.6",
        "PySide6/Qt/lib/libicudata.so.73",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/plugins/printsupport/windowsprintersupport.dll",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "python3.11/lib-dynload/_hashlib.cpython-311-x86_64-linux-gnu.so",
        "libcrypto.so.3",
        "python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so",
        "libssl.so.3",
        "python3.11/lib-dynload/_codecs_cn.cpython-311-x86_64-linux-gnu.so",
        "_codecs_tw.pyd",
        "libQt6Core.so.6",
        "python3.11/lib-dynload/_sqlite3.cpython-311-x86_64-linux-gnu.so",
        "_sqlite3.pyd",
        "sqlite3.dll",
        "cryptography/hazmat/bindings/_rust.abi3.so",
        "libpython3.11.so.1.0",
    ],
)
def test_what_the_app_needs_is_kept(dest: str) -> None:
    assert bundle_filter.keep_binary(dest)


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("stdnum/oui.dat", False),
        ("stdnum/at/postleitzahl.dat", False),
        ("stdnum/cn/loc.dat", True),
        ("stdnum/cn/uscc.py", True),
        ("PySide6/Qt/translations/qtbase_zh_CN.qm", True),
    ],
)
def test_data_files_kept_or_dropped(dest: str, kept: bool) -> None:
    assert bundle_filter.keep_data(dest) is kept


def _qt_modules_used() -> set[str]:
    used: set[str] = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("PySide6.Qt"):
                used.add(str(node.module).split(".")[1].removeprefix("Qt"))
            elif isinstance(node, ast.Import):
                used.update(
                    alias.name.split(".")[1].removeprefix("Qt")
                    for alias in node.names
                    if alias.name.startswith("PySide6.Qt")
                )
    return used


def test_every_qt_module_the_code_imports_survives_the_filters() -> None:
    used = _qt_modules_used()
    assert {"Core", "Gui", "Widgets", "PrintSupport"} <= used
    for module in sorted(used):
        for dest in (
            f"PySide6/Qt{module}.abi3.so",
            f"PySide6/Qt{module}.pyd",
            f"PySide6/Qt/lib/libQt6{module}.so.6",
            f"PySide6/Qt6{module}.dll",
        ):
            assert bundle_filter.keep_binary(dest), f"{dest} is dropped but desktop/ imports it"


def test_qt_translations_only_chinese_and_english() -> None:
    keep = bundle_filter.keep_data
    assert keep("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert keep("PySide6/Qt/translations/qt_en.qm")
    assert keep("PySide6\\translations\\qtbase_zh_CN.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep("PySide6/Qt/translations/qtwebengine_zh_CN.qm")
    assert not keep("PySide6/Qt/translations/qtdeclarative_zh_CN.qm")
    assert keep("resources/translations/quality_desk_zh_CN.qm")
    assert keep("resources/reference/targets.csv")
    assert keep("desktop/migrations/versions/0001_initial_schema.py")


def test_orphan_libraries_go_unless_something_kept_needs_them() -> None:
    entries = [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/src/libqxcb.so", "BINARY"),
        ("python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so", "/src/_ssl.so", "BINARY"),
        ("libxcb.so.1", "/lib/libxcb.so.1", "BINARY"),
        ("libssl.so.3", "/lib/libssl.so.3", "BINARY"),
        ("libgtk-3.so.0", "/lib/libgtk-3.so.0", "BINARY"),
        ("libpython3.11.so.1.0", "/lib/libpython3.11.so.1.0", "BINARY"),
    ]
    needs = {"/src/libqxcb.so": ["libxcb.so.1", "libc.so.6"], "/src/_ssl.so": ["libssl.so.3"]}
    kept, dropped = bundle_filter.drop_orphans(entries, lambda source: needs.get(source, []))
    assert dropped == ["libgtk-3.so.0"]
    assert [e[0] for e in kept] == [e[0] for e in entries if e[0] != "libgtk-3.so.0"]


# ---- Windows files rendered from pyproject.toml ----------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("windows")
    paths = render.render_all(out, bundle_dir=Path("C:/build/dist/quality-desk"))
    return {p.name: p.read_bytes().decode("utf-8-sig") for p in paths}


def test_version_numbers_for_windows() -> None:
    assert render.Release("x", "1.2.3").numbers == (1, 2, 3, 0)
    assert render.Release("x", "2.0").numbers == (2, 0, 0, 0)
    assert render.Release("x", "0.4.1rc2").numbers == (0, 4, 1, 0)
    with pytest.raises(ValueError):
        _ = render.Release("x", "dev").numbers


def test_version_resource_carries_the_one_version(rendered: dict[str, str]) -> None:
    text = rendered["version-info.txt"]
    tree = ast.parse(text, mode="eval")  # PyInstaller evaluates it as a Python expression
    assert isinstance(tree.body, ast.Call) and ast.unparse(tree.body.func) == "VSVersionInfo"
    numbers = ", ".join(str(n) for n in render.Release("q", VERSION).numbers)
    assert f"filevers=({numbers})" in text and f"prodvers=({numbers})" in text
    strings = dict(re.findall(r"StringStruct\('(\w+)', '([^']*)'\)", text))
    assert strings["ProductVersion"] == VERSION
    assert strings["ProductName"] == "质量提升台账"
    assert strings["OriginalFilename"] == "quality-desk.exe"


def _iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith((";", "#")):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = stripped[1:-1]
            sections.setdefault(current, [])
        else:
            sections.setdefault(current, []).append(stripped)
    return sections


def test_installer_is_per_user_with_chinese_shortcuts_and_keeps_user_data(
    rendered: dict[str, str],
) -> None:
    text = rendered["quality-desk.iss"]
    assert "$" not in text.replace("{#", "")  # every placeholder was filled
    sections = _iss_sections(text)
    setup = configparser.ConfigParser(interpolation=None)
    setup.read_string("[Setup]\n" + "\n".join(sections["Setup"]))
    options = setup["Setup"]
    assert options["PrivilegesRequired"] == "lowest"
    assert options["SetupIconFile"].endswith("quality-desk.ico")
    assert options["DefaultDirName"].startswith("{localappdata}\\Programs")
    assert options["AppVersion"] == "{#MyAppVersion}"
    assert f'#define MyAppVersion "{VERSION}"' in text
    assert options["OutputBaseFilename"] == f"quality-desk-{VERSION}-setup"
    assert '#define MyAppName "质量提升台账"' in text
    icons = sections["Icons"]
    assert any(i.startswith('Name: "{autoprograms}\\{#MyAppName}"') for i in icons)
    assert any(i.startswith('Name: "{autodesktop}\\{#MyAppName}"') for i in icons)
    assert all("{#MyAppExeName}" in i for i in icons)
    assert '#define MyAppExeName "quality-desk-gui.exe"' in text
    # Uninstall and upgrade touch only the program folder, never the user data folder.
    for section in ("InstallDelete", "UninstallDelete"):
        for entry in sections.get(section, []):
            name = re.search(r'Name: "([^"]+)"', entry)
            assert name and name.group(1).startswith("{app}"), entry
    assert "{localappdata}\\QualityDesk" not in text.replace("{localappdata}\\Programs", "")
    assert 'Source: "{#MyBundleDir}\\*"' in text
    assert '#define MyBundleDir "C:/build/dist/quality-desk"' in text


def test_installer_program_folder_is_not_the_data_folder() -> None:
    import platformdirs

    data = Path(platformdirs.user_data_dir("QualityDesk", appauthor=False, roaming=False))
    assert data.name == "QualityDesk" and "Programs" not in data.parts


def test_a_missing_placeholder_is_an_error(tmp_path: Path) -> None:
    template = tmp_path / "x.iss.in"
    template.write_text("AppVersion=$version\nOther=$nothing\n", encoding="utf-8")
    with pytest.raises(KeyError, match="nothing"):
        render.render(template, {"version": VERSION})


def test_render_command_writes_both_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert render.main(["--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quality-desk.iss", "version-info.txt"]
    assert (tmp_path / "quality-desk.iss").read_bytes().startswith(b"\xef\xbb\xbf")
    assert str(tmp_path / "quality-desk.iss") in capsys.readouterr().out


# ---- build script helpers --------------------------------------------------------------------


def test_ldd_output_parsing() -> None:
    output = (
        "\tlinux-vdso.so.1 (0x00007ffd)\n"
        "\tlibQt6Network.so.6 => not found\n"
        "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)\n"
        "\tlibxcb-icccm.so.4 => not found\n"
    )
    assert build.missing_libraries(output) == ["libQt6Network.so.6", "libxcb-icccm.so.4"]


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
def test_bundle_size_counts_links_once(tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "libbig.so").write_bytes(b"x" * 10_000)
    (tmp_path / "libbig.so").symlink_to(tmp_path / "lib" / "libbig.so")
    assert 10_000 <= build.bundle_size(tmp_path) < 10_200


def test_committed_icon_holds_every_size_as_png() -> None:
    import struct

    data = (ROOT / "packaging" / "windows" / "quality-desk.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, 7)
    sizes = []
    for index in range(count):
        side, _h, _c, _r, _planes, _bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        sizes.append(side or 256)
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]
    assert (ROOT / "resources" / "icons" / "quality-desk.png").read_bytes().startswith(b"\x89PNG")


def test_icon_container_round_trip() -> None:
    make_icon = _load("quality_desk_make_icon", ROOT / "packaging" / "windows" / "make_icon.py")
    data = make_icon.ico_bytes([(16, b"\x89PNG16"), (256, b"\x89PNG256")])
    assert data[:6] == b"\x00\x00\x01\x00\x02\x00"
    assert data[6] == 16 and data[22] == 0  # 256 is written as 0
    assert data.endswith(b"\x89PNG16\x89PNG256")


def test_packaging_scripts_are_lint_clean() -> None:
    import subprocess

    for args in (("check", "packaging"), ("format", "--check", "packaging")):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
