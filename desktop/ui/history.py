"""A record's edit history, read from the audit trail: who changed what, when, from what to what."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.fields import LedgerSpec
from desktop.ui.geometry import fit_window

ACTIONS = {
    "create": ("新建", "Created"),
    "update": ("修改", "Changed"),
    "delete": ("删除", "Deleted"),
}


def history_rows(
    spec: LedgerSpec, entries: list[dict[str, Any]], language: str
) -> list[tuple[str, str, str, str, str, str]]:
    """One line per changed field: (time, who, action, field, before, after)."""
    rows = []
    for entry in reversed(entries):
        action = ACTIONS.get(entry["action"], (entry["action"], entry["action"]))
        action_text = action[1] if language == "en" else action[0]
        before = entry.get("before") or {}
        after = entry.get("after") or {}
        fields = entry.get("changed_fields") or []
        if entry["action"] != "update":
            fields = fields[:1] if entry["action"] == "delete" else []
        if not fields:
            rows.append(
                (entry["at"], entry["actor"], action_text, "", "", entry.get("reason") or "")
            )
            continue
        for name in fields:
            try:
                label = spec.field(name).label(language)
            except KeyError:
                label = name
            rows.append(
                (
                    entry["at"],
                    entry["actor"],
                    action_text,
                    label,
                    _text(before.get(name), language),
                    _text(after.get(name), language),
                )
            )
    return rows


def _text(value: Any, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        yes, no = ("Yes", "No") if language == "en" else ("是", "否")
        return yes if value else no
    return str(value)


class HistoryDialog(QDialog):
    """Shows the audit trail of one record, newest first."""

    def __init__(
        self,
        spec: LedgerSpec,
        title: str,
        entries: list[dict[str, Any]],
        language: str = "zh",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("History — {title}").format(title=title))
        layout = QVBoxLayout(self)
        rows = history_rows(spec, entries, language)
        self.table = QTableWidget(len(rows), 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Operator"),
                self.tr("Action"),
                self.tr("Field"),
                self.tr("Before"),
                self.tr("After"),
            ]
        )
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.empty_hint = QLabel(
            self.tr(
                "No change recorded for this record yet: it has not been edited in this "
                "program since it was entered or received."
            )
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setVisible(not rows)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fit_window(self, 820, 420)
