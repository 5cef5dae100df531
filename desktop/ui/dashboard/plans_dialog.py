"""The county's plans in the window: pick one, edit it, copy it into the next round, mark current.

A plan's details (name, issuing document and number, counting window) and each target's goal
(comparison, figure, deadline year) and counted categories are edited in place and saved through
:mod:`desktop.services.plans`; "Copy as a new plan…" starts the next round from the one shown;
"Import workbook…" reads a targets workbook (``plans show PLAN --out`` writes the layout). A
township office sees the plans read-only: they come down in the county's reference package.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.reports.edits import ReportEdits
from desktop.reports.plan_workbook import PlanDraft
from desktop.reports.reads import ReportReads
from desktop.ui.screens import ScreenContext

EDITABLE = (3, 4, 5, 6)
"""Target table columns the county edits: comparison, figure, deadline year, categories."""


def _qdate(text: str) -> QDate:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        day = date.today()
    return QDate(day.year, day.month, day.day)


def _iso(edit: QDateEdit) -> str:
    value = edit.date()
    return f"{value.year():04d}-{value.month():02d}-{value.day():02d}"


class CopyPlanDialog(QDialog):
    """The new plan's id, name and counting window."""

    def __init__(self, source: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Copy as a new plan"))
        form = QFormLayout(self)
        end = date.fromisoformat(source["window"]["end"])
        self.plan_id = QLineEdit(str(end.year + 1))
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. 质量提升三年行动（2023—2025年）"))
        self.start = QDateEdit(QDate(end.year + 1, 1, 1))
        self.end = QDateEdit(QDate(end.year + 3, 12, 31))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        form.addRow(self.tr("Plan id"), self.plan_id)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Window from"), self.start)
        form.addRow(self.tr("Window to"), self.end)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def fields(self) -> dict[str, Any]:
        return {
            "name_zh": self.name.text().strip(),
            "window_start": _iso(self.start),
            "window_end": _iso(self.end),
        }


class PlansDialog(QDialog):
    """Plans: details and targets of the one picked, editable at the county."""

    plans_changed = Signal()
    """A plan was saved, copied, imported or marked current (the dashboard reloads)."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.county = context.office.is_county
        self.data: dict[str, Any] | None = None
        self.setWindowTitle(self.tr("Plans"))
        self.resize(1180, 640)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Plan")))
        self.picker = QComboBox()
        self.picker.currentIndexChanged.connect(lambda _i: self._picked())
        top.addWidget(self.picker, 1)
        self.current_button = QPushButton(self.tr("Mark as current"))
        self.current_button.clicked.connect(self.mark_current)
        self.copy_button = QPushButton(self.tr("Copy as a new plan…"))
        self.copy_button.clicked.connect(self.ask_copy)
        self.import_button = QPushButton(self.tr("Import workbook…"))
        self.import_button.clicked.connect(self.ask_import)
        for button in (self.current_button, self.copy_button, self.import_button):
            button.setEnabled(self.county)
            top.addWidget(button)
        layout.addLayout(top)
        form = QFormLayout()
        self.name = QLineEdit()
        self.document = QLineEdit()
        self.number = QLineEdit()
        self.issuer = QLineEdit()
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        window = QHBoxLayout()
        window.addWidget(self.start)
        window.addWidget(QLabel("—"))
        window.addWidget(self.end)
        window.addStretch(1)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Issuing document"), self.document)
        form.addRow(self.tr("Document number"), self.number)
        form.addRow(self.tr("Issued by"), self.issuer)
        form.addRow(self.tr("Counting window"), window)
        for line in (self.name, self.document, self.number, self.issuer):
            line.setReadOnly(not self.county)
        self.start.setReadOnly(not self.county)
        self.end.setReadOnly(not self.county)
        layout.addLayout(form)
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Target id"),
                self.tr("Target"),
                self.tr("Unit"),
                self.tr("Comparison"),
                self.tr("Figure"),
                self.tr("Deadline year"),
                self.tr("Categories counted"),
            ]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        if not self.county:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 200), (2, 60), (3, 60), (4, 70), (5, 80), (6, 300)):
            self.table.setColumnWidth(column, width)
        layout.addWidget(self.table, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = QPushButton(self.tr("Save plan"))
        self.save_button.setEnabled(self.county)
        self.save_button.clicked.connect(self.save)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.load(None)

    # ---- loading -------------------------------------------------------------------------------

    def load(self, plan_id: str | None) -> None:
        database = self.context.database
        self.context.runner.run(
            lambda: ReportReads(database).plan_details(plan_id),
            self._show,
            self.context.errors.report,
        )

    def _picked(self) -> None:
        plan_id = self.picker.currentData()
        if plan_id and (self.data is None or plan_id != self.data["id"]):
            self.load(str(plan_id))

    def _show(self, data: dict[str, Any]) -> None:
        self.data = data
        self.picker.blockSignals(True)
        self.picker.clear()
        for plan in data["all"]:
            self.picker.addItem(f"{plan['id']}  {plan['name']}（{plan['window']}）", plan["id"])
        self.picker.setCurrentIndex(max(0, self.picker.findData(data["id"])))
        self.picker.blockSignals(False)
        self.name.setText(data["name"])
        self.document.setText(data["document"])
        self.number.setText(data["document_number"])
        self.issuer.setText(data["issuer"])
        self.start.setDate(_qdate(data["window"]["start"]))
        self.end.setDate(_qdate(data["window"]["end"]))
        self.current_button.setEnabled(self.county and not data["current"])
        targets = data["targets"]
        self.table.setRowCount(len(targets))
        for row, target in enumerate(targets):
            value = target["target_value"]
            goal = "" if value is None else f"{value:g}"
            if value is None:
                text = str(target["target_text"])
                goal = ("达标" if "达标" in text else "完成") if "true" in text else "高于上年"
            cells = [
                target["id"],
                target["name"],
                target["unit"],
                target["comparison"],
                goal,
                "" if target["deadline_year"] is None else str(target["deadline_year"]),
                ";".join(target["categories"]),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column not in EDITABLE:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        mark = self.tr("current plan") if data["current"] else self.tr("not current")
        self.status.setText(
            self.tr("{count} targets · {mark}").format(count=len(targets), mark=mark)
        )

    # ---- writing -------------------------------------------------------------------------------

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def edited_targets(self) -> list[dict[str, Any]]:
        """The targets as the table now says: goal, comparison, deadline, categories."""
        targets = []
        for row in range(self.table.rowCount()):
            goal = self._text(row, 4)
            entry: dict[str, Any] = {
                "target_id": self._text(row, 0),
                "comparison": self._text(row, 3) or ">=",
                "category_codes": self._text(row, 6),
            }
            if goal in ("达标", "完成"):
                entry.update(target_value=None, target_text=f"{goal}(true)")
            elif goal == "高于上年":
                entry.update(target_value=None, target_text="上年值 (previous year)")
            else:
                try:
                    number = float(goal.rstrip("%"))
                except ValueError:
                    raise ValueError(goal) from None
                entry.update(target_value=number, target_text=f"{number:g}")
            year = self._text(row, 5)
            entry["deadline_year"] = int(year) if year.isdigit() else None
            targets.append(entry)
        return targets

    def save(self) -> None:
        if self.data is None:
            return
        try:
            targets = self.edited_targets()
        except ValueError as bad:
            self.context.errors.show_message(
                self.tr(
                    "“{value}” is not a figure (write a number, 达标, 完成 or 高于上年)."
                ).format(value=bad.args[0]),
                self,
            )
            return
        fields = {
            "name_zh": self.name.text().strip(),
            "document": self.document.text().strip(),
            "document_number": self.number.text().strip(),
            "issuer": self.issuer.text().strip(),
            "window_start": _iso(self.start),
            "window_end": _iso(self.end),
        }
        database, office, plan_id = self.context.database, self.context.office, self.data["id"]
        self.context.runner.run(
            lambda: ReportEdits(database, office).save_plan(plan_id, fields, targets),
            lambda saved: self._done(saved, self.tr("Plan saved.")),
            self.context.errors.report,
        )

    def _done(self, plan_id: str, message: str) -> None:
        self.status.setText(message)
        self.plans_changed.emit()
        self.load(plan_id)

    def mark_current(self) -> None:
        if self.data is None:
            return
        database, office, plan_id = self.context.database, self.context.office, self.data["id"]
        self.context.runner.run(
            lambda: ReportEdits(database, office).set_current_plan(plan_id),
            lambda done: self._done(done, self.tr("Marked as the current plan.")),
            self.context.errors.report,
        )

    def ask_copy(self) -> None:
        if self.data is None:
            return
        dialog = CopyPlanDialog(self.data, self)
        self.copy_dialog = dialog
        dialog.accepted.connect(lambda: self.copy(dialog.plan_id.text().strip(), dialog.fields()))
        dialog.open()

    def copy(self, new_id: str, fields: dict[str, Any]) -> None:
        if self.data is None:
            return
        database, office, source = self.context.database, self.context.office, self.data["id"]
        self.context.runner.run(
            lambda: ReportEdits(database, office).copy_plan(source, new_id, fields),
            lambda done: self._done(done, self.tr("New plan {id} added.").format(id=done)),
            self.context.errors.report,
        )

    def ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a plan workbook"), "", "Excel (*.xlsx)"
        )
        if path:
            self.import_workbook(Path(path))

    def import_workbook(self, path: Path) -> None:
        database, office = self.context.database, self.context.office

        def imported(draft: PlanDraft) -> None:
            if draft.problems:
                self.status.setText(
                    self.tr("Not imported, {count} problems: {first}").format(
                        count=len(draft.problems), first=draft.problems[0]
                    )
                )
                return
            self._done(draft.plan_id, self.tr("Plan {id} imported.").format(id=draft.plan_id))

        self.context.runner.run(
            lambda: ReportEdits(database, office).import_plan(path),
            imported,
            self.context.errors.report,
        )
