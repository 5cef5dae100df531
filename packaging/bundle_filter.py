"""What the PyInstaller bundle keeps: Qt libraries, plugins and translations filtered by name.

Imported by ``quality-desk.spec`` (and by ``tests/packaging``, so the rules are tested without a
build). PyInstaller's Qt hooks collect everything a used Qt module *might* load; this app uses
QtCore, QtGui, QtWidgets, QtCharts (progress chart), QtPrintSupport (printing, PDF export) and
QtSvg (icons). Everything else is dropped by name, in three passes:

1. :func:`keep_binary` / :func:`keep_data`: Qt modules we never load (WebEngine, Qml/Quick, Pdf,
   3D, Multimedia, Network, ...), plugin folders we never need (sql drivers, tls, multimedia,
   evdev input, ...), single plugins (the GTK platform theme, embedded-device platforms, image
   formats nobody opens), Qt translations other than Simplified Chinese and English, and the
   Linux printing stack that must come from the host (``HOST_LIBRARIES``).
2. :func:`drop_orphans`: system libraries PyInstaller collected only because a dropped file
   needed them (the GTK theme drags in GTK, Pango, Cairo, ATK, ...). A library stays when any
   kept binary needs it.
3. The build script checks that no kept binary misses a library (``ldd``), so a filter that goes
   too far fails the build instead of the user's PC.

Paths are bundle destinations as PyInstaller writes them (``PySide6/Qt/lib/libQt6Gui.so.6`` on
Linux, ``PySide6/Qt6Gui.dll`` on Windows); separators are normalised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import PurePosixPath
from typing import Any

# Qt modules (library or Python binding), matched as a prefix of the module name after "Qt6"/"Qt".
DROP_QT_MODULES = (
    "WebEngine", "WebView", "WebChannel", "WebSockets", "Qml", "Quick", "Pdf", "3D",
    "Multimedia", "FFmpeg", "SpatialAudio", "Designer", "Help", "UiTools", "Location",
    "Positioning", "Sensors", "SerialPort", "SerialBus", "Bluetooth", "Nfc", "RemoteObjects",
    "Scxml", "StateMachine", "TextToSpeech", "Graphs", "DataVisualization", "Lottie", "Labs",
    "HttpServer", "Network", "VirtualKeyboard", "ShaderTools", "Test", "Sql", "CanvasPainter",
    "Concurrent", "Xml", "EglFS", "EglFs", "Wayland", "WlShell",
)  # fmt: skip

# Python bindings whose Qt library stays (QtCharts links the OpenGL libraries) but which Python
# never imports.
DROP_QT_BINDINGS = ("OpenGL", "OpenGLWidgets", "DBus")

# Whole plugin folders the app never needs.
DROP_PLUGIN_DIRS = frozenset(
    (
        "assetimporters", "canbus", "designer", "egldeviceintegrations", "generic",
        "geometryloaders", "geoservices", "multimedia", "networkinformation", "position",
        "qmltooling", "renderers", "renderplugins", "sceneparsers", "scxmldatamodel", "sensors",
        "sqldrivers", "texttospeech", "tls", "vectorimageformats", "webview",
        "wayland-graphics-integration-server", "qmllint", "qmlls",
        # Linux desktops run X11 apps under Wayland too (XWayland); the window uses xcb.
        "wayland-decoration-client", "wayland-graphics-integration-client",
        "wayland-shell-integration",
    )
)  # fmt: skip

# Single plugins, by file stem without the "lib" prefix / "q" prefix variants.
DROP_PLUGINS = re.compile(
    r"^(lib)?(qgtk3|qxdgdesktopportal|qminimal|qminimalegl|qeglfs|qlinuxfb|qvnc|qvkkhrdisplay"
    r"|qpdf|qtiff|qwebp|qicns|qtga|qwbmp|qdirect2d|qtvirtualkeyboardplugin|qwayland[a-z-]*"
    # the app shows PNG and SVG only (icons, charts, screenshots): no JPEG or GIF reader
    r"|qjpeg|qgif)\b",
)

# Linux host libraries of the printing stack: the CUPS print plugin must use the machine's own
# libcups (it has to match the local cupsd) and its TLS/Kerberos/Avahi dependencies. Without
# libcups on the machine the plugin does not load and Qt still prints to PDF.
HOST_LIBRARIES = (
    "libcups.", "libgnutls.", "libp11-kit.", "libkrb5.", "libkrb5support.", "libgssapi_krb5.",
    "libk5crypto.", "libcom_err.", "libkeyutils.", "libavahi-", "libnettle.", "libhogweed.",
    "libgmp.", "libtasn1.", "libidn2.", "libunistring.",
)  # fmt: skip

# Python extension modules the app never imports: no Japanese or Korean codecs (Chinese, GBK and
# Big5 stay). Matched by module name, on Linux (``lib-dynload/_codecs_jp.cpython-311-….so``) and
# Windows (``_codecs_jp.pyd``). ``_ssl`` stays although nothing goes online: python-stdnum's
# ``stdnum.util`` imports ``ssl`` unconditionally.
DROP_PYTHON_EXTENSIONS = frozenset(("_codecs_jp", "_codecs_kr", "_codecs_iso2022"))
_PYTHON_EXTENSION = re.compile(r"^([A-Za-z0-9_]+)(?:\.cpython-[^.]+)?\.(?:so|pyd)$")

# Windows: Mesa's software OpenGL (20 MB) is only a fallback for OpenGL/Quick rendering, which
# widgets never use.
WINDOWS_DROP = frozenset(("opengl32sw.dll",))

QT_LANGUAGES = ("zh_CN", "en")
_QT_LIB = re.compile(r"^(?:lib)?Qt6([A-Za-z0-9]+?)(?:[.\-_]|$)")
_QT_BINDING = re.compile(r"^Qt([A-Za-z0-9]+?)\.(?:abi3\.so|pyd|pyi|so)$")
_QT_TRANSLATION = re.compile(r"^(qt[a-z_]*?)_([a-zA-Z]{2}(?:_[A-Za-z]{2})?)\.qm$")


def _parts(dest: str) -> tuple[str, ...]:
    return PurePosixPath(dest.replace("\\", "/")).parts


def qt_module(name: str) -> str | None:
    """The Qt module a library or binding file belongs to (``libQt6Gui.so.6`` → ``Gui``)."""
    match = _QT_LIB.match(name) or _QT_BINDING.match(name)
    return match.group(1) if match else None


def _dropped_module(module: str) -> bool:
    return module.startswith(DROP_QT_MODULES)


def keep_binary(dest: str) -> bool:
    """True when a binary (library, plugin, extension) belongs in the bundle."""
    parts = _parts(dest)
    if not parts:
        return True
    name = parts[-1]
    if name.lower() in WINDOWS_DROP:
        return False
    extension = _PYTHON_EXTENSION.match(name)
    if extension and extension.group(1) in DROP_PYTHON_EXTENSIONS:
        return False
    if parts[0] != "PySide6":
        if len(parts) == 1 and name.startswith(HOST_LIBRARIES):
            return False
        # Top-level links to Qt libraries (PyInstaller puts them beside the executable too).
        module = _QT_LIB.match(name)
        return module is None or not _dropped_module(module.group(1))
    binding = _QT_BINDING.match(name)
    if binding and len(parts) == 2 and binding.group(1) in DROP_QT_BINDINGS:
        return False
    if "plugins" in parts:
        folder = (
            parts[parts.index("plugins") + 1] if len(parts) > parts.index("plugins") + 2 else ""
        )
        if folder in DROP_PLUGIN_DIRS:
            return False
        return not DROP_PLUGINS.match(name)
    if "qml" in parts:
        return False
    module = qt_module(name)
    return module is None or not _dropped_module(module)


def keep_data(dest: str) -> bool:
    """True when a data file belongs in the bundle (Qt translations: Chinese and English only)."""
    parts = _parts(dest)
    if parts and parts[0] == "stdnum":
        return keep_stdnum_data(parts)
    if not parts or parts[0] != "PySide6":
        return True
    if "qml" in parts or "typesystems" in parts or "glue" in parts or "include" in parts:
        return False
    name = parts[-1]
    if "translations" in parts:
        match = _QT_TRANSLATION.match(name)
        if not match:
            return False
        catalogue, language = match.groups()
        if catalogue.startswith(("qtwebengine", "qtmultimedia", "qtserialport", "qtlocation",
                                 "qtconnectivity", "qtdeclarative", "qtwebsockets", "qthelp",
                                 "qtdesigner", "designer", "assistant", "linguist")):  # fmt: skip
            return False
        return language in QT_LANGUAGES
    if "plugins" in parts:
        return keep_binary(dest)
    module = qt_module(name)
    return module is None or not _dropped_module(module)


def keep_stdnum_data(parts: tuple[str, ...]) -> bool:
    """python-stdnum's number registers (``oui.dat`` 1.2 MB, ``imsi.dat``, ...) stay out, except
    China's: the app checks only Chinese numbers (``stdnum.cn.uscc`` needs no data file)."""
    return not parts[-1].endswith(".dat") or (len(parts) > 2 and parts[1] == "cn")


Entry = tuple[str, str, str]


def filter_entries(entries: Iterable[Any], keep: Callable[[str], bool]) -> list[Any]:
    """Entries (PyInstaller TOC tuples: destination, source, type) whose destination is kept."""
    return [entry for entry in entries if keep(str(entry[0]))]


def _is_orphan_candidate(dest: str) -> bool:
    """A system library PyInstaller placed at the top of the bundle as someone's dependency."""
    parts = _parts(dest)
    name = parts[-1]
    if len(parts) != 1 or ".cpython-" in name or name.startswith(("libpython", "python")):
        return False
    return name.startswith("lib") and (".so" in name or name.endswith(".dylib"))


def drop_orphans(
    entries: list[Any], needed_by: Callable[[str], Iterable[str]]
) -> tuple[list[Any], list[str]]:
    """Drop top-level system libraries no kept binary needs; returns (kept, dropped names).

    ``needed_by(source_path)`` lists the library file names a binary needs, transitively (on
    Linux PyInstaller's ``bindepend.get_imports`` does that with ``ldd``).
    """
    needed: set[str] = set()
    for dest, source, _kind in entries:
        if not _is_orphan_candidate(str(dest)):
            needed.update(needed_by(str(source)))
    kept, dropped = [], []
    for entry in entries:
        name = _parts(str(entry[0]))[-1]
        if _is_orphan_candidate(str(entry[0])) and name not in needed:
            dropped.append(name)
        else:
            kept.append(entry)
    return kept, sorted(dropped)
