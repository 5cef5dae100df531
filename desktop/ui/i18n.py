"""Language and font: Simplified Chinese by default through Qt translations, English on request.

Source strings in the code are English (``self.tr()``); ``resources/translations/
quality_desk_zh_CN.qm`` (compiled from the ``.ts`` beside it) turns them into Chinese, and Qt's
own ``qtbase_zh_CN.qm`` translates the standard buttons. One CJK font family is pinned so every
machine (and every screenshot) draws the same glyphs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication

from desktop.resources import resources_dir

CJK_FONTS = ("WenQuanYi Micro Hei", "Microsoft YaHei", "Noto Sans CJK SC", "SimHei", "PingFang SC")
"""Preferred UI font families, first one installed wins (the first is bundled on Linux CI)."""
FONT_POINT_SIZE = 10
TRANSLATION_NAME = "quality_desk_zh_CN"


def translations_dir() -> Path:
    return resources_dir() / "translations"


_INSTALLED: list[QTranslator] = []
"""Translators this module put on the application (one set per process)."""


class Language:
    """Installs the translators of one language on the application, replacing earlier ones."""

    def __init__(self) -> None:
        self._installed = _INSTALLED
        self.code = "en"

    def install(self, app: QCoreApplication, code: str) -> bool:
        """Switch to ``zh`` or ``en``; returns False when the Chinese catalogue is missing."""
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        self.code = "en"
        if code != "zh":
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
            return True
        ours = QTranslator(app)
        if not ours.load(TRANSLATION_NAME, str(translations_dir())):
            return False
        app.installTranslator(ours)
        self._installed.append(ours)
        qt_base = QTranslator(app)
        if qt_base.load(
            "qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            app.installTranslator(qt_base)
            self._installed.append(qt_base)
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.code = "zh"
        return True


def pin_font(app: QApplication) -> str:
    """Use the first installed CJK family for the whole UI; returns the family used.

    The families are given to Qt as a fallback list rather than looked up one by one, which
    would enumerate every installed font before the window can show.
    """
    font = QFont()
    font.setFamilies(list(CJK_FONTS))
    font.setPointSize(FONT_POINT_SIZE)
    app.setFont(font)
    return QFontInfo(app.font()).family()
