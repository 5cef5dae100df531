"""The window half of ``quality-desk self-test``: open the real main window offscreen, render it,
print a page to PDF; and open a data folder's window once for measuring start-up time.

Called by :mod:`desktop.cli.self_test` (the command line itself never imports Qt). Every check
raises :class:`SelfCheckError` with a reason a support person can act on.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import (
    QCollator,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QMessageLogContext,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QImage, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desktop.ui.app import DesktopApp


class SelfCheckError(Exception):
    """A window-side check failed; the message says what is missing or broken."""


def _quiet_offscreen(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    # The offscreen platform warns that it cannot resize windows to their hints: expected.
    if "propagateSizeHints" not in message:
        sys.stderr.write(f"{message}\n")


def use_offscreen_platform() -> None:
    """Draw without a screen (before the QApplication exists); keeps an existing application."""
    if QCoreApplication.instance() is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        qInstallMessageHandler(_quiet_offscreen)


def _check_image(image: QImage) -> None:
    if image.isNull() or image.width() < 400 or image.height() < 300:
        raise SelfCheckError(f"the window rendered as a {image.width()}×{image.height()} image")
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 31) for y in range(0, image.height(), 17)
    }
    if len(colours) < 4:
        raise SelfCheckError("the window rendered as a blank image")


def render_main_window(data_dir: Path, out_png: Path) -> str:
    """Open the main window on an initialised data folder, render it to ``out_png``."""
    use_offscreen_platform()
    desktop = DesktopApp(data_dir, dialogs=False)
    try:
        if desktop.language.code != "zh":
            raise SelfCheckError("the Chinese translation of the window (.qm) is missing")
        if not desktop.open_database():
            raise SelfCheckError(f"no database in {data_dir}")
        window = desktop.build_window()
        window.resize(1280, 780)
        window.show()
        QApplication.processEvents()
        image = window.grab().toImage()
        _check_image(image)
        if not image.save(str(out_png)):
            raise SelfCheckError("the PNG image writer is missing")
        title = window.windowTitle()
        screens = len(window.navigation_titles())
    finally:
        desktop.close()
    return f"main window {title!r} with {screens} screens rendered {image.width()}×{image.height()}"


def check_qt_translations() -> str:
    """Qt's own Chinese catalogue (standard buttons and dialogs) is where Qt looks for it."""
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not QTranslator().load("qtbase_zh_CN", folder):
        raise SelfCheckError(f"Qt's qtbase_zh_CN.qm is missing from {folder}")
    return f"qtbase_zh_CN.qm found in {folder}"


PINYIN_ORDER = "阿波车张中"
"""Five characters in pinyin order (a, bo, che, zhang, zhong); code-point order differs."""


def check_chinese_text() -> str:
    """Chinese collation (Qt through ICU's data, which the Linux bundle trims) sorts by pinyin,
    and Python's GBK codec (Chinese Windows consoles and files) is present."""
    import functools

    collator = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    ordered = "".join(sorted(reversed(PINYIN_ORDER), key=functools.cmp_to_key(collator.compare)))
    if ordered != PINYIN_ORDER:
        raise SelfCheckError(f"Chinese collation sorts {ordered}, expected {PINYIN_ORDER}")
    try:
        encoded = PINYIN_ORDER.encode("gbk")
    except LookupError as exc:
        raise SelfCheckError("Python's GBK codec is missing") from exc
    return f"pinyin order {ordered}, GBK {encoded.hex()}"


def print_test_page(out_pdf: Path) -> str:
    """Print one A4 page with Chinese text to PDF through QtPrintSupport."""
    use_offscreen_platform()
    if QCoreApplication.instance() is None:
        QApplication(["quality-desk"])
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(str(out_pdf))
    painter = QPainter()
    if not painter.begin(printer):
        raise SelfCheckError("cannot start printing to PDF")
    painter.drawText(200, 200, "质量提升台账 Quality Desk self-test")
    painter.end()
    data = out_pdf.read_bytes()
    if not data.startswith(b"%PDF") or len(data) < 500:
        raise SelfCheckError(f"the PDF printer wrote {len(data)} bytes")
    return f"A4 page printed to PDF ({len(data):,} bytes)"


def open_window_once(data_dir: Path) -> float:
    """Open this data folder's main window, wait until it is shown, close it.

    Returns the seconds from the call to the first shown window (the process start before it is
    measured by the caller, e.g. ``packaging/build.py`` timing the whole process).
    """
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        qInstallMessageHandler(_quiet_offscreen)
    started = time.perf_counter()
    desktop = DesktopApp(data_dir, dialogs=False)
    try:
        if not desktop.open_database():
            raise SelfCheckError(f"no database in {data_dir}")
        window = desktop.build_window()
        window.show()
        QApplication.processEvents()
        if not window.isVisible():
            raise SelfCheckError("the main window did not show")
        return time.perf_counter() - started
    finally:
        desktop.close()
