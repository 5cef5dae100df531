"""Type-to-search in long combo boxes (35 certificate kinds, 19 townships, 34 targets).

The clerk types any part of an entry (拼音 through the input method, or Chinese characters) and
picks from the entries containing it; leaving the box with text that matches no entry puts the
last chosen entry back, so a combo box never holds a value that is not in its list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter


def make_searchable(combo: QComboBox) -> None:
    """Let ``combo`` be searched by typing part of an entry."""
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    completer = QCompleter(combo.model(), combo)
    completer.setCompletionColumn(combo.modelColumn())
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    line = combo.lineEdit()
    assert line is not None

    def settle() -> None:
        text = line.text().strip()
        position = combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if position < 0 and text:
            matches = [i for i in range(combo.count()) if text.lower() in combo.itemText(i).lower()]
            position = matches[0] if len(matches) == 1 else -1
        if position >= 0:
            combo.setCurrentIndex(position)
        line.setText(combo.itemText(combo.currentIndex()))

    completer.activated.connect(lambda _text: settle())
    line.editingFinished.connect(settle)
