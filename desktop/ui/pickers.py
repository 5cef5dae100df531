"""The enterprise picker: search by name or credit code as you type, or add a new one inline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.db import Database
from desktop.services.reads import PICKER_SUGGESTIONS, LedgerReads

SUGGESTIONS = PICKER_SUGGESTIONS


def search_enterprises(
    database: Database, text: str, limit: int = SUGGESTIONS
) -> list[tuple[str, str, str]]:
    """Live enterprises whose name or credit code contains ``text``: (id, name, code)."""
    found = LedgerReads(database).enterprises(text, limit)
    return [(choice.id, choice.name, choice.credit_code) for choice in found]


def enterprise_label(database: Database, enterprise_id: str) -> str:
    return LedgerReads(database).enterprise_label(enterprise_id)


class EnterprisePicker(QWidget):
    """A line edit that suggests enterprises; ``enterprise_id`` is the chosen one (or None)."""

    changed = Signal()

    def __init__(
        self,
        database: Database,
        add_enterprise: Callable[[str], str | None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self._add_enterprise = add_enterprise
        self._id: str | None = None
        self._choices: dict[str, str] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #7a5a00;")
        self.hint.hide()
        outer.addWidget(self.hint)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Type a name or credit code"))
        self.suggestions = QStringListModel(self)
        self.completer = QCompleter(self.suggestions, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.edit.setCompleter(self.completer)
        self.edit.textEdited.connect(self._search)
        self.completer.activated[str].connect(self._chosen)  # type: ignore[index]
        layout.addWidget(self.edit, 1)
        self.add_button = QPushButton(self.tr("New…"))
        self.add_button.setToolTip(self.tr("Add a new enterprise"))
        # in the Tab chain: after typing a name that is not registered, Tab then Enter adds it
        self.add_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self._add)
        self.add_button.setVisible(add_enterprise is not None)
        layout.addWidget(self.add_button)
        self.setFocusProxy(self.edit)

    @property
    def enterprise_id(self) -> str | None:
        return self._id

    def set_enterprise(self, enterprise_id: str | None) -> None:
        self._id = enterprise_id or None
        self.edit.setText(enterprise_label(self.database, enterprise_id) if enterprise_id else "")
        self.changed.emit()

    def _search(self, text: str) -> None:
        self._id = None
        found = search_enterprises(self.database, text)
        self._choices = {f"{name}（{code}）": ident for ident, name, code in found}
        self.suggestions.setStringList(list(self._choices))
        if found:
            self.completer.complete()
        words = text.strip()
        if words and not found and self._add_enterprise is not None:
            self.hint.setText(
                self.tr(
                    "“{text}” is not in the register — Tab to “New…” and press Enter to add it."
                ).format(text=words)
            )
            self.hint.show()
        else:
            self.hint.hide()
        self.changed.emit()

    def _chosen(self, text: str) -> None:
        self.hint.hide()
        self._id = self._choices.get(text)
        self.edit.setText(text)
        self.changed.emit()

    def _add(self) -> None:
        if self._add_enterprise is None:
            return
        new_id = self._add_enterprise(self.edit.text().strip())
        if new_id:
            self.set_enterprise(new_id)

    def pending_text(self) -> str:
        """Text typed but not matched to an enterprise (the form warns about it)."""
        return "" if self._id else self.edit.text().strip()
