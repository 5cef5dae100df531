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
    "restore": ("恢复", "Restored"),
    "import": ("导入", "Imported"),
    "resolve": ("处理冲突", "Conflict settled"),
}
NO_FIELD_ACTIONS = ("create", "delete", "restore")
"""Actions shown as one line (their only 'changed field' is the internal ``deleted`` flag)."""


def _when(value: Any) -> str:
    """``YYYY-MM-DD HH:MM`` (the audit keeps ISO timestamps with seconds and a ``T``)."""
    text = str(value or "").replace("T", " ")
    return text[:16]


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
        fields = [f for f in entry.get("changed_fields") or [] if f != "deleted"]
        if entry["action"] in NO_FIELD_ACTIONS:
            fields = []
        if not fields:
            rows.append(
                (_when(entry["at"]), entry["actor"], action_text, "", "", entry.get("reason") or "")
            )
            continue
        for name in fields:
            try:
                label = spec.field(name).label(language)
            except KeyError:
                label = name
            rows.append(
                (
                    _when(entry["at"]),
                    entry["actor"],
                    action_text,
                    label,
                    _text(before.get(name), language, spec, name),
                    _text(after.get(name), language, spec, name),
                )
            )
    return rows


def _text(value: Any, language: str, spec: LedgerSpec | None = None, name: str = "") -> str:
    """A stored value as the clerk reads it: 是/否, a choice's label, items one per line."""
    if value is None:
        return ""
    if isinstance(value, bool):
        yes, no = ("Yes", "No") if language == "en" else ("是", "否")
        return yes if value else no
    if spec is not None and name in spec.field_names:
        fld = spec.field(name)
        for choice in fld.choices:
            if choice.code == value:
                return choice.label_en if language == "en" else choice.label_zh
    if isinstance(value, list):
        return "；".join(
            " ".join(str(v) for v in item.values() if v) if isinstance(item, dict) else str(item)
            for item in value
        )
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
