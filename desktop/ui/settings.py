"""The window's settings, declared once with their defaults and stored in one QSettings file.

The file lives in the data folder (``ui-settings.ini``) so a portable install keeps its layout,
and tests get a fresh file per temporary folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

LANGUAGES = ("zh", "en")
SETTINGS_FILENAME = "ui-settings.ini"
SETTINGS_VERSION = 1
MAX_OPERATORS = 10


class UiSettings:
    """Typed access to the window's settings (language, layout, last used choices)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.folder = path.parent
        """The data folder the settings file lives in (drafts and backups live there too)."""
        self._store = QSettings(str(path), QSettings.Format.IniFormat)
        if self._store.value("version") is None:
            self._store.setValue("version", SETTINGS_VERSION)

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> UiSettings:
        return cls(data_dir / SETTINGS_FILENAME)

    @property
    def path(self) -> Path:
        """The settings file (in the data folder, so a portable copy carries its settings)."""
        return Path(self._store.fileName())

    # ---- language ----------------------------------------------------------------------------

    @property
    def language(self) -> str:
        value = str(self._store.value("language", "zh"))
        return value if value in LANGUAGES else "zh"

    @language.setter
    def language(self, value: str) -> None:
        self._store.setValue("language", value if value in LANGUAGES else "zh")

    # ---- who works at this PC -----------------------------------------------------------------

    @property
    def operator(self) -> str:
        """The clerk who worked here last ('' before anyone said)."""
        return str(self._store.value("operator/current", "") or "")

    @operator.setter
    def operator(self, name: str) -> None:
        name = name.strip()
        self._store.setValue("operator/current", name)
        if name:
            others = [n for n in self.operators() if n != name]
            self._store.setValue("operator/recent", [name, *others][:MAX_OPERATORS])

    def operators(self) -> list[str]:
        """Clerks who used this PC, the last one first (several clerks share one PC)."""
        value = self._store.value("operator/recent")
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value if v] if isinstance(value, list) else []

    # ---- layout ------------------------------------------------------------------------------

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def set_geometry(self, value: QByteArray) -> None:
        self._store.setValue("window/geometry", value)

    def header_state(self, ledger: str) -> QByteArray | None:
        return self._bytes(f"ledgers/{ledger}/header")

    def set_header_state(self, ledger: str, value: QByteArray) -> None:
        self._store.setValue(f"ledgers/{ledger}/header", value)

    def hidden_columns(self, ledger: str, default: list[str]) -> list[str]:
        value = self._store.value(f"ledgers/{ledger}/hidden")
        if value is None:
            return list(default)
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value] if isinstance(value, list) else list(default)

    def set_hidden_columns(self, ledger: str, names: list[str]) -> None:
        self._store.setValue(f"ledgers/{ledger}/hidden", names if names else "")

    # ---- last used values ----------------------------------------------------------------------

    def last_value(self, ledger: str, field: str) -> str | None:
        value = self._store.value(f"last/{ledger}/{field}")
        return str(value) if value else None

    def set_last_value(self, ledger: str, field: str, value: str | None) -> None:
        self._store.setValue(f"last/{ledger}/{field}", value or "")

    def sync(self) -> None:
        self._store.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) else None
