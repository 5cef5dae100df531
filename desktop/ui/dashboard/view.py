"""The dashboard screen: targets by plan section with progress bars, and the two charts.

The figures are computed off the GUI thread by the indicator engine, for the plan picked (the
current plan by default); the line under the toolbar names the plan and its window and says so
plainly when the as-of day lies outside it. Activating a target (double click, Enter) lists the
records behind it, every column, each record opening in its form, exportable to .xlsx; clicking a
township's bar lists that township's. "Export PDF…" writes the dashboard to an A4 PDF.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import QualityDeskError
from desktop.reports import figures
from desktop.reports.indicators import Indicator, Status
from desktop.reports.reads import DashboardData, DrillRecords, ReportReads
from desktop.services.fields import LEDGERS
from desktop.ui.dashboard import colours
from desktop.ui.dashboard import data as dashboard_data
from desktop.ui.dashboard.charts import TownshipChart, TrendChart, figure_text, goal_text
from desktop.ui.dashboard.drill import DrillDownDialog
from desktop.ui.dashboard.pdf import export_pdf
from desktop.ui.dashboard.plans_dialog import PlansDialog
from desktop.ui.form import RecordForm
from desktop.ui.screens import ScreenContext

STATUS_COLOURS = colours.STATUS_TEXT
TARGET_ROLE = Qt.ItemDataRole.UserRole + 1
CHINESE_NUMERALS = dict(zip("一二三四五六七八九十", range(1, 11), strict=True))


def section_number(section: str, language: str) -> str:
    """The plan's section as a reader of ``language`` writes it: "(三)" stays Chinese, else "3"."""
    bare = section.strip("()（） ")
    if language == "zh" or bare not in CHINESE_NUMERALS:
        return section
    return str(CHINESE_NUMERALS[bare])


class DashboardView(QWidget):
    """Targets grouped by plan section, a per-township chart and the pass-rate trend."""

    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.data: DashboardData | None = None
        self.open_dialog: DrillDownDialog | None = None
        """The drill-down opened last (tests and screenshots read it)."""
        self.open_form: RecordForm | None = None
        """The record opened last from a drill-down."""
        self.plans_dialog: PlansDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("As of")))
        self.as_of = QDateEdit()
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        today = context.today()
        self.as_of.setDate(QDate(today.year, today.month, today.day))
        bar.addWidget(self.as_of)
        self.township = QComboBox()
        if context.office.township_code:
            self.township.addItem(context.office.display_name(), context.office.township_code)
            self.township.setEnabled(False)
        else:
            self.township.addItem(self.tr("Whole county"), None)
            for code in context.labels.townships:
                self.township.addItem(context.labels.township(code, context.language), code)
        bar.addWidget(self.township)
        self.plan = QComboBox()
        self.plan.setToolTip(self.tr("The plan whose targets and counting window are shown"))
        self.plan.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        bar.addWidget(self.plan)
        self.plans_button = QPushButton(self.tr("Plans…"))
        self.plans_button.setToolTip(
            self.tr("The plans: windows, targets and the categories counted (county: edit, copy)")
        )
        self.plans_button.clicked.connect(self.open_plans)
        bar.addWidget(self.plans_button)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        bar.addWidget(self.refresh_button)
        self.pdf_status = QLabel()  # says where the last PDF went (full path in the tooltip)
        self.pdf_status.setStyleSheet("color: #2e7d32;")
        bar.addWidget(self.pdf_status)
        bar.addStretch(1)
        self.summary = QLabel()
        bar.addWidget(self.summary)
        self.pdf_button = QPushButton(self.tr("Export PDF…"))
        self.pdf_button.clicked.connect(self.ask_export_pdf)
        bar.addWidget(self.pdf_button)
        layout.addLayout(bar)
        self.plan_line = QLabel()
        self.plan_line.setWordWrap(True)
        layout.addWidget(self.plan_line)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels(
            [
                self.tr("Target"),
                self.tr("Value"),
                self.tr("Goal"),
                self.tr("Progress"),
                self.tr("Status"),
            ]
        )
        self.tree.setAlternatingRowColors(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for column, width in ((1, 90), (2, 80), (3, 170), (4, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        self.tree.currentItemChanged.connect(lambda current, _old: self._select(current))
        self.tree.itemActivated.connect(lambda item, _column: self.drill(item))
        self.township_chart = TownshipChart()
        self.township_chart.township_clicked.connect(self._drill_township)
        self.trend_chart = TrendChart()
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.township_chart)
        charts.addWidget(self.trend_chart)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(charts)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([520, 380])
        layout.addWidget(split, 1)
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.township.currentIndexChanged.connect(lambda _i: self.refresh())
        self.plan.currentIndexChanged.connect(lambda _i: self._plan_picked())
        self._filling_plans = False
        self.refresh()

    # ---- loading -------------------------------------------------------------------------------

    def selected_as_of(self) -> date:
        value = self.as_of.date()
        return date(value.year(), value.month(), value.day())

    def selected_township(self) -> str | None:
        code = self.township.currentData()
        return str(code) if code else None

    def open_plans(self) -> PlansDialog:
        """The plans dialog; the dashboard reloads when a plan changes."""
        dialog = PlansDialog(self.context, self)
        dialog.plans_changed.connect(self.refresh)
        self.plans_dialog = dialog
        dialog.open()
        return dialog

    def selected_plan(self) -> str | None:
        """The plan picked (None until the plans are loaded: the current plan)."""
        code = self.plan.currentData()
        return str(code) if code else None

    def _plan_picked(self) -> None:
        if not self._filling_plans:
            self.refresh()

    def refresh(self) -> None:
        database, as_of, township, plan = (
            self.context.database,
            self.selected_as_of(),
            self.selected_township(),
            self.selected_plan(),
        )
        self.summary.setText(self.tr("Computing…"))
        self.context.runner.run(
            lambda: ReportReads(database).dashboard(as_of, township, plan),
            self._show,
            self.context.errors.report,
        )

    def _fill_plans(self, data: DashboardData) -> None:
        chosen = data.report.plan.id
        self._filling_plans = True
        try:
            self.plan.clear()
            for plan_id, name, window in data.plans:
                mark = self.tr(" (current)") if plan_id == data.current_plan else ""
                self.plan.addItem(f"{name}{mark}", plan_id)
                self.plan.setItemData(self.plan.count() - 1, window, Qt.ItemDataRole.ToolTipRole)
            index = self.plan.findData(chosen)
            self.plan.setCurrentIndex(max(0, index))
        finally:
            self._filling_plans = False

    def _show_plan_line(self, data: DashboardData) -> None:
        report = data.report
        plan = report.plan
        line = self.tr("Plan: {name} · counting window {start} to {end}").format(
            name=plan.name(self.context.language),
            start=plan.window.start.isoformat(),
            end=plan.window.end.isoformat(),
        )
        note = report.window_note(self.context.language)
        if note:
            self.plan_line.setText(f"{line}\n⚠ {note}")
            self.plan_line.setStyleSheet(f"color: {colours.STATUS_TEXT[Status.BEHIND]};")
        else:
            self.plan_line.setText(line)
            self.plan_line.setStyleSheet("")

    def _show(self, data: DashboardData) -> None:
        self.data = data
        self._fill_plans(data)
        self._show_plan_line(data)
        previous = self._current_target()
        self.tree.clear()
        sections: dict[str, QTreeWidgetItem] = {}
        counts = dict.fromkeys(Status, 0)
        chosen: QTreeWidgetItem | None = None
        for indicator in data.report.indicators:
            counts[indicator.status] += 1
            section = indicator.target.section
            if section not in sections:
                group = QTreeWidgetItem(
                    [
                        self.tr("Section {section}").format(
                            section=section_number(section, self.context.language)
                        )
                    ]
                )
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFirstColumnSpanned(True)
                self.tree.addTopLevelItem(group)
                sections[section] = group
            item = self._item(indicator)
            sections[section].addChild(item)
            self.tree.setItemWidget(item, 3, self._progress(indicator))
            if indicator.target.id == previous or (chosen is None and previous is None):
                chosen = item if indicator.computable else chosen
        self.tree.expandAll()
        self.summary.setText(
            self.tr(
                "{reached} reached · {on_track} on track · {behind} behind · {none} no data"
            ).format(
                reached=counts[Status.REACHED],
                on_track=counts[Status.ON_TRACK],
                behind=counts[Status.BEHIND],
                none=counts[Status.NO_DATA],
            )
        )
        self.trend_chart.show_trends(data.trends)
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
        else:
            self.township_chart.show_indicator(None, {})

    def _item(self, indicator: Indicator) -> QTreeWidgetItem:
        item = QTreeWidgetItem(
            [
                indicator.target.name_zh,
                figure_text(indicator, indicator.total.value),
                goal_text(indicator),
                "",
                indicator.status.label(self.context.language),
            ]
        )
        item.setData(0, TARGET_ROLE, indicator.target.id)
        item.setToolTip(0, indicator.target.name_en)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(4, QBrush(QColor(STATUS_COLOURS[indicator.status])))
        if indicator.manual is not None:
            entry = indicator.manual
            item.setToolTip(
                1,
                self.tr("Entered by {who} on {day}, source: {source}").format(
                    who=entry.entered_by, day=entry.as_of.isoformat(), source=entry.source
                ),
            )
        return item

    def _progress(self, indicator: Indicator) -> QProgressBar:
        bar = QProgressBar()
        bar.setRange(0, 100)
        percent = indicator.percent_of_target
        bar.setValue(int(min(100.0, max(0.0, percent or 0.0))))
        bar.setFormat(figures.figure_text(percent, percent=True))
        bar.setMaximumHeight(18)
        fill = colours.STATUS_FILL[indicator.status]
        bar.setStyleSheet(
            "QProgressBar { border: 1px solid #9aa0a8; border-radius: 3px;"
            f" background: {colours.TRACK}; text-align: center; color: {colours.BAR_TEXT}; }}"
            f"QProgressBar::chunk {{ background: {fill}; border-radius: 2px; }}"
        )
        return bar

    # ---- selection and drill-down --------------------------------------------------------------

    def _current_target(self) -> str | None:
        item = self.tree.currentItem()
        value = item.data(0, TARGET_ROLE) if item is not None else None
        return str(value) if value else None

    def indicator(self, target_id: str) -> Indicator | None:
        if self.data is None:
            return None
        for indicator in self.data.report.indicators:
            if indicator.target.id == target_id:
                return indicator
        return None

    def _select(self, item: QTreeWidgetItem | None) -> None:
        target_id = item.data(0, TARGET_ROLE) if item is not None else None
        indicator = self.indicator(str(target_id)) if target_id else None
        if self.data is not None:
            self.township_chart.show_indicator(indicator, dict(self.data.report.townships))

    def select_target(self, target_id: str) -> bool:
        for index in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(index)
            if group is None:
                continue
            for child in range(group.childCount()):
                item = group.child(child)
                if item is not None and item.data(0, TARGET_ROLE) == target_id:
                    self.tree.setCurrentItem(item)
                    return True
        return False

    def drill(self, item: QTreeWidgetItem | None, township: str | None = None) -> None:
        target_id = item.data(0, TARGET_ROLE) if item is not None else None
        if not target_id:
            return
        self.drill_target(str(target_id), township)

    def drill_target(self, target_id: str, township: str | None = None) -> None:
        indicator = self.indicator(target_id)
        if indicator is None:
            return
        scope = township or self.selected_township()
        database, as_of = self.context.database, self.selected_as_of()
        plan = self.data.report.plan if self.data is not None else None
        plan_id = plan.id if plan is not None else None
        name = indicator.target.name_zh
        if township and self.data is not None:
            name = f"{name} — {dict(self.data.report.townships).get(township, township)}"
        subtitle = ""
        if plan is not None:
            subtitle = self.tr("{plan} · as of {day} · {value} / target {goal}").format(
                plan=plan.name(self.context.language),
                day=as_of.isoformat(),
                value=figure_text(indicator, indicator.total.value),
                goal=goal_text(indicator),
            )

        def show(records: DrillRecords) -> None:
            dialog = DrillDownDialog(
                name,
                records,
                self.context.labels,
                self.context.language,
                self,
                open_record=self.open_record,
                export=lambda path: self._export_records(dialog, records, name, subtitle, path),
                subtitle=subtitle,
            )
            self.open_dialog = dialog
            dialog.open()

        self.context.runner.run(
            lambda: ReportReads(database).records_behind(target_id, as_of, scope, plan_id),
            show,
            self.context.errors.report,
        )

    def open_record(self, ledger: str, record_id: str) -> RecordForm | None:
        """Open a record behind a figure in its ledger's form."""
        try:
            record = self.context.service.get(record_id)
        except QualityDeskError as error:
            self.context.errors.report(error, self)
            return None
        form = RecordForm(
            LEDGERS[ledger],
            self.context.service,
            self.context.labels,
            self.context.settings,
            self.context.language,
            record=record,
            today=self.context.today,
            parent=self.open_dialog or self,
        )
        self.open_form = form
        form.open()
        return form

    def _export_records(
        self,
        dialog: DrillDownDialog,
        records: DrillRecords,
        title: str,
        subtitle: str,
        path: Path,
    ) -> None:
        database, labels, language = (
            self.context.database,
            self.context.labels,
            self.context.language,
        )
        self.context.runner.run(
            lambda: dashboard_data.export_records(
                ReportReads(database), path, records, title, subtitle, labels, language
            ),
            lambda count: dialog.exported(path, count),
            self.context.errors.report,
        )

    def _drill_township(self, code: str) -> None:
        target_id = self._current_target()
        if target_id:
            self.drill_target(target_id, code)

    # ---- PDF -----------------------------------------------------------------------------------

    def ask_export_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export dashboard as PDF"), "质量提升目标完成情况.pdf", "PDF (*.pdf)"
        )
        if not path:
            return
        try:
            written = self.export_pdf(Path(path))
        except (OSError, QualityDeskError) as error:  # e.g. the folder is read-only
            self.pdf_status.setText("")
            self.context.errors.report(error, self)
            return
        self.pdf_status.setText(self.tr("PDF saved: {name}").format(name=written.name))
        self.pdf_status.setToolTip(str(written))

    def export_pdf(self, path: Path) -> Path:
        """Write the dashboard to ``path`` (A4 landscape); returns the file written."""
        if self.data is None:
            return path
        scope = self.township.currentText()
        return export_pdf(path, self.data, scope, self.township_chart, self.trend_chart)
