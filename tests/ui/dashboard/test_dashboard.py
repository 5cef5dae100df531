"""The targets dashboard in the real main window (offscreen): sections, drill-down, chart, PDF."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtWidgets import QProgressBar
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.db import Database
from desktop.models import Enterprise
from desktop.services import demo, plans
from desktop.services.fields import LEDGERS
from desktop.services.office import init_office, load_office
from desktop.ui.app import DesktopApp
from desktop.ui.dashboard.screen import TargetsAndReports
from desktop.ui.dashboard.view import DashboardView
from desktop.ui.tasks import ImmediateTaskRunner

pytestmark = pytest.mark.gui
TODAY = date(2022, 6, 30)
TOWNS = ["330329100000", "330329102000"]


@pytest.fixture
def county_app(tmp_path: Path) -> Iterator[DesktopApp]:
    data_dir = tmp_path / "county"
    database = Database.for_data_dir(data_dir)
    office = init_office(database, county=True, operator="县办")
    demo.generate(database, office, records=300, seed=4, today=TODAY, townships=TOWNS)
    database.dispose()
    app = DesktopApp(data_dir, dialogs=False, runner=ImmediateTaskRunner(), today=lambda: TODAY)
    app.settings.language = "zh"
    app.language.install(app.app, "zh")
    assert app.open_database()
    yield app
    app.close()


def _dashboard(app: DesktopApp, qtbot: QtBot) -> DashboardView:
    window = app.build_window()
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.show()
    screen = window.show_screen("dashboard")
    assert isinstance(screen, TargetsAndReports)
    return screen.dashboard


def test_targets_grouped_by_section_with_progress(county_app: DesktopApp, qtbot: QtBot) -> None:
    view = _dashboard(county_app, qtbot)
    assert view.data is not None and len(view.data.report.indicators) == 34
    groups = [view.tree.topLevelItem(i) for i in range(view.tree.topLevelItemCount())]
    assert [g.text(0) for g in groups if g is not None][:2] == ["第(三)部分", "第(四)部分"]
    first = groups[0].child(0) if groups[0] is not None else None
    assert first is not None and first.text(0) == "制造业产品质量合格率"
    assert first.text(1).endswith("%")
    bar = view.tree.itemWidget(first, 3)
    assert isinstance(bar, QProgressBar) and bar.value() > 50
    assert "已达标" in view.summary.text()


def test_drill_down_and_township_chart(county_app: DesktopApp, qtbot: QtBot) -> None:
    view = _dashboard(county_app, qtbot)
    assert view.select_target("county_mayor_quality_award")
    indicator = view.indicator("county_mayor_quality_award")
    assert indicator is not None
    assert view.township_chart.codes == TOWNS[::-1] or len(view.township_chart.codes) == 19
    view.drill(view.tree.currentItem())
    dialog = view.open_dialog
    assert dialog is not None
    assert dialog.table.rowCount() == indicator.total.records
    view.township_chart.township_clicked.emit(TOWNS[0])
    by_town = view.open_dialog
    assert by_town is not None and by_town is not dialog
    assert by_town.table.rowCount() == indicator.by_township[TOWNS[0]].records
    view.township.setCurrentIndex(view.township.findData(TOWNS[1]))
    assert view.data is not None and view.data.report.township == TOWNS[1]
    trend = view.trend_chart.trends
    assert trend[0].target_id == "mfg_product_quality_pass_rate"


def test_export_pdf(county_app: DesktopApp, qtbot: QtBot, tmp_path: Path) -> None:
    view = _dashboard(county_app, qtbot)
    out = view.export_pdf(tmp_path / "dashboard.pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    assert data.count(b"/Type /Page\n") + data.count(b"/Type/Page\n") >= 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["county", "dashboard.pdf"]


def test_reports_tab_writes_the_monthly_report(
    county_app: DesktopApp, qtbot: QtBot, tmp_path: Path
) -> None:
    window = county_app.build_window()
    qtbot.addWidget(window)
    screen = window.show_screen("dashboard")
    assert isinstance(screen, TargetsAndReports)
    reports = screen.reports
    assert reports.selected_period().code == "2022-05"
    out = tmp_path / "月报.xlsx"
    reports.write_report(out)
    assert reports.last_report is not None and reports.last_report.path == out
    assert load_workbook(out, read_only=True).sheetnames[:3] == ["目录", "月报", "罗阳镇"]
    reports.write_report(tmp_path / "missing" / "x.xlsx")
    assert county_app.errors.shown and "文件夹不存在" in county_app.errors.shown[-1]


def test_reports_tab_imports_an_enterprise_list(
    county_app: DesktopApp, qtbot: QtBot, tmp_path: Path
) -> None:
    window = county_app.build_window()
    qtbot.addWidget(window)
    screen = window.show_screen("dashboard")
    assert isinstance(screen, TargetsAndReports)
    reports = screen.reports
    book = Workbook()
    sheet = book.active
    sheet.append(["企业名称", "统一社会信用代码", "所属乡镇"])
    sheet.append(["泰顺县导入测试有限公司", "91330329MA2H00006J", "罗阳镇"])
    sheet.append(["缺代码公司", "", "罗阳镇"])
    source = tmp_path / "list.xlsx"
    book.save(source)
    reports.check_workbook(source)
    assert reports.preview.rowCount() == 2
    item = reports.preview.item(1, 3)
    assert item is not None and "必填" in item.text()
    assert reports.import_button.isEnabled()
    reports.import_good_rows()
    assert reports.imported == 1 and not reports.import_button.isEnabled()
    with county_app.database.session() as session:  # type: ignore[union-attr]
        names = set(session.scalars(select(Enterprise.name)))
    assert "泰顺县导入测试有限公司" in names


def test_drill_down_shows_every_column_opens_records_and_exports(
    county_app: DesktopApp, qtbot: QtBot, tmp_path: Path
) -> None:
    view = _dashboard(county_app, qtbot)
    assert view.select_target("mfg_product_quality_pass_rate")
    assert view.township_chart.goal == 95.0  # the target line
    chart = view.township_chart.chart()
    assert chart is not None and len(chart.series()) == 3  # bars, value labels, target line
    labels = view.township_chart.value_labels
    assert labels is not None and labels.count() == len(view.township_chart.codes)
    assert all(labels.at(i).y() > view.township_chart.values[i] for i in range(labels.count()))
    view.drill(view.tree.currentItem())
    dialog = view.open_dialog
    assert dialog is not None and dialog.table.rowCount() > 0
    table = dialog.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert len(headers) == len(LEDGERS["inspections"].fields)
    assert {"抽检批次", "合格批次", "检查结论", "不合格项目"} <= set(headers)
    record_id = dialog.record_id(0)
    dialog.open_row(0)
    assert view.open_form is not None and view.open_form.record is not None
    assert view.open_form.record["id"] == record_id
    out = tmp_path / "records.xlsx"
    assert dialog.export is not None
    dialog.export(out)
    sheet = load_workbook(out, read_only=True)["记录明细"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][: len(headers)] == tuple(headers)
    assert len(rows) - 3 == len(dialog.records.drill.ids)
    assert rows[3][-1] in dialog.records.drill.ids
    assert "records written" in dialog.status.text() or "条记录" in dialog.status.text()


def test_the_dashboard_follows_the_plan_picked(county_app: DesktopApp, qtbot: QtBot) -> None:
    assert county_app.database is not None
    office = load_office(county_app.database)
    with county_app.database.session() as session:
        plans.copy_plan(
            session,
            office,
            "2018",
            "2023",
            {
                "name_zh": "三年行动(2023—2025年)",
                "window_start": "2023-01-01",
                "window_end": "2025-12-31",
            },
        )
        plans.set_current(session, office, "2018")
    view = _dashboard(county_app, qtbot)
    assert view.data is not None and view.data.report.plan.id == "2018"
    assert view.plan.count() == 2
    assert "2019-01-01" in view.plan_line.text() and "⚠" not in view.plan_line.text()
    view.plan.setCurrentIndex(view.plan.findData("2023"))
    assert view.data.report.plan.id == "2023"
    assert "2023-01-01" in view.plan_line.text() and "⚠" in view.plan_line.text()
    assert view.selected_plan() == "2023"


def test_reports_tab_issues_and_shows_changes(
    county_app: DesktopApp, qtbot: QtBot, tmp_path: Path
) -> None:
    window = county_app.build_window()
    qtbot.addWidget(window)
    screen = window.show_screen("dashboard")
    assert isinstance(screen, TargetsAndReports)
    reports = screen.reports
    reports.issue_check.setChecked(True)
    out = tmp_path / "issued.xlsx"
    reports.write_report(out)
    assert reports.last_report is not None and reports.last_report.issued
    assert out.exists()
    reports.show_changes()
    dialog = reports.changes_dialog
    assert dialog is not None and dialog.table.rowCount() == 1
    item = dialog.table.item(0, 2)
    assert item is not None and item.text() in ("无变化", "Nothing changed")


def test_the_county_copies_edits_and_marks_a_plan_in_the_window(
    county_app: DesktopApp, qtbot: QtBot
) -> None:
    view = _dashboard(county_app, qtbot)
    dialog = view.open_plans()
    assert dialog.data is not None and dialog.data["id"] == "2018"
    assert dialog.table.rowCount() == 34
    dialog.copy("2023", {"name_zh": "三年行动(2023—2025年)", "window_start": "2023-01-01",
                         "window_end": "2025-12-31"})  # fmt: skip
    assert dialog.data["id"] == "2023" and dialog.picker.count() == 2
    row = next(
        r for r in range(dialog.table.rowCount())
        if dialog._text(r, 0) == "performance_excellence_adopters"
    )  # fmt: skip
    item = dialog.table.item(row, 4)
    assert item is not None
    item.setText("10")
    dialog.number.setText("泰质强办〔2023〕1号")
    dialog.save()
    dialog.mark_current()
    assert dialog.data["current"]
    assert view.data is not None and view.data.current_plan == "2023"
    view.plan.setCurrentIndex(view.plan.findData("2023"))
    indicator = view.indicator("performance_excellence_adopters")
    assert indicator is not None and indicator.target.target_value == 10.0
    assert view.data.report.plan.document_number == "泰质强办〔2023〕1号"
