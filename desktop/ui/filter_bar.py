"""The filter bar above a ledger: free text, category, township, dates, result, rectification.

Every change produces a new :class:`LedgerQuery` (emitted as ``changed``); the table model runs it
in SQL. Free text is applied as you type.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QWidget,
)

from desktop.services.expiry import EXPIRY_WARNING_DAYS
from desktop.services.fields import RECTIFICATION_STATUSES, LedgerSpec
from desktop.services.ledger_query import LedgerQuery
from desktop.services.office import Office
from desktop.ui.display import ReferenceLabels

NO_DATE = QDate(2000, 1, 1)


class FilterBar(QWidget):
    """Builds the query of one ledger from the clerk's filter choices."""

    changed = Signal(object)
    """Emits the new :class:`LedgerQuery`."""

    def __init__(
        self,
        spec: LedgerSpec,
        labels: ReferenceLabels,
        office: Office,
        language: str = "zh",
        parent: QWidget | None = None,
        warning_days: int = EXPIRY_WARNING_DAYS,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        names = spec.field_names
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self._search_hint(language))
        self.text.setClearButtonEnabled(True)
        self.text.textChanged.connect(self._emit)
        layout.addWidget(self.text, 3)
        self.category: QComboBox | None = None
        if "category_code" in names:
            group = spec.field("category_code").category_group
            self.category = self._combo(
                self.tr("All categories"), labels.categories_of(group, language)
            )
            layout.addWidget(self.category, 2)
        self.township: QComboBox | None = None
        if "township_code" in names and office.is_county:
            townships = [
                (code, en if language == "en" else zh)
                for code, (zh, en) in labels.townships.items()
            ]
            self.township = self._combo(self.tr("All townships"), townships)
            layout.addWidget(self.township, 1)
        self.date_from: QDateEdit | None = None
        self.date_to: QDateEdit | None = None
        if spec.date_field:
            self.date_from = self._date_edit(self.tr("From"))
            self.date_to = self._date_edit(self.tr("To"))
            layout.addWidget(self.date_from)
            layout.addWidget(self.date_to)
        self.result: QComboBox | None = None
        if "result" in names:
            fld = spec.field("result")
            self.result = self._combo(
                self.tr("All results"),
                [(c.code, fld.choice_label(c.code, language)) for c in fld.choices],
            )
            layout.addWidget(self.result, 1)
        self.rectification: QComboBox | None = None
        if "rectification_status" in names:
            options = [
                (c.code, c.label_en if language == "en" else c.label_zh)
                for c in RECTIFICATION_STATUSES
            ]
            options.append(("overdue", self.tr("Overdue")))
            self.rectification = self._combo(self.tr("Any rectification"), options)
            layout.addWidget(self.rectification, 1)
        self.expiring: QCheckBox | None = None
        if "expiry_date" in names:
            self.expiring = QCheckBox(
                self.tr("Expiring within {days} days").format(days=warning_days)
            )
            self.expiring.toggled.connect(self._emit)
            layout.addWidget(self.expiring)
        self.deleted = QCheckBox(self.tr("Show deleted"))
        self.deleted.toggled.connect(self._emit)
        layout.addWidget(self.deleted)

    def _search_hint(self, language: str) -> str:
        """What the search box looks in, for this ledger (not "credit code" on statistics)."""
        parts = [self.spec.field(name).label(language) for name in self.spec.search_fields[:2]]
        if "enterprise_id" in self.spec.field_names:
            parts.insert(0, self.tr("enterprise name or credit code"))
        separator = ", " if language == "en" else "、"
        return self.tr("Search (Ctrl+F): {fields}…").format(fields=separator.join(parts))

    def _combo(self, everything: str, options: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.addItem(everything, None)
        for code, label in options:
            combo.addItem(label, code)
        # wide enough for the "all …" entry, so "Any rectification" is not cut to "Any rectificati"
        combo.setMinimumContentsLength(max(6, len(everything)))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.currentIndexChanged.connect(self._emit)
        return combo

    def _date_edit(self, label: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(label)
        edit.setDate(NO_DATE)
        edit.dateChanged.connect(self._emit)
        return edit

    @staticmethod
    def _date(edit: QDateEdit | None) -> date | None:
        if edit is None or edit.date() == NO_DATE:
            return None
        value = edit.date()
        return date(value.year(), value.month(), value.day())

    @staticmethod
    def _code(combo: QComboBox | None) -> str | None:
        if combo is None:
            return None
        data = combo.currentData()
        return str(data) if data else None

    def query(self) -> LedgerQuery:
        return LedgerQuery(
            text=self.text.text().strip(),
            category=self._code(self.category),
            township=self._code(self.township),
            date_from=self._date(self.date_from),
            date_to=self._date(self.date_to),
            result=self._code(self.result),
            rectification=self._code(self.rectification),
            expiring_only=bool(self.expiring and self.expiring.isChecked()),
            include_deleted=self.deleted.isChecked(),
        )

    def _emit(self) -> None:
        self.changed.emit(self.query())
