"""Draw the application icon and write it as a Windows ``.ico`` (and a PNG for the window).

    python packaging/windows/make_icon.py

Writes ``packaging/windows/quality-desk.ico`` (16–256 px, PNG-compressed entries, the format
Windows Vista and later read) and ``resources/icons/quality-desk.png`` (256 px). Both are
committed; run this again only to change the design: a blue rounded square with 质 in white,
drawn with the CJK font the window pins (WenQuanYi Micro Hei on the build machine).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ICO = ROOT / "packaging" / "windows" / "quality-desk.ico"
PNG = ROOT / "resources" / "icons" / "quality-desk.png"
SIZES = (16, 24, 32, 48, 64, 128, 256)
BLUE = "#1f6fb2"
FONTS = ("WenQuanYi Micro Hei", "Microsoft YaHei", "Noto Sans CJK SC", "SimHei")


def ico_bytes(images: list[tuple[int, bytes]]) -> bytes:
    """An ICO file holding PNG images: ``[(size, png_bytes), ...]``."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    directory, data = b"", b""
    for size, png in images:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        data += png
        offset += len(png)
    return header + directory + data


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(BLUE))
    margin = size * 0.04
    radius = size * 0.2
    painter.drawRoundedRect(
        QRectF(margin, margin, size - 2 * margin, size - 2 * margin), radius, radius
    )
    family = next((f for f in FONTS if f in set(QFontDatabase.families())), "")
    font = QFont(family)
    font.setPixelSize(round(size * 0.66))
    font.setBold(size >= 32)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size, size * 0.98), Qt.AlignmentFlag.AlignCenter, "质")
    painter.end()
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(array.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])
    images = [(size, render_png(size)) for size in SIZES]
    ICO.write_bytes(ico_bytes(images))
    PNG.parent.mkdir(parents=True, exist_ok=True)
    PNG.write_bytes(images[-1][1])
    print(ICO, PNG)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
