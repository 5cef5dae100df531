"""Pictures of the 目标与报表 dashboard for the README, from a county demo (offscreen Qt).

    python scripts/dashboard_pictures.py [--out docs/reports]

Writes ``dashboard.png`` (1366×768 window, 制造业产品质量合格率 selected: bars per township, the
dashed target line, upright value labels) and ``drill-down.png`` (the records behind it, every
column, with 导出为 Excel).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TODAY = date(2022, 6, 30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "reports")
    args = parser.parse_args()
    from desktop.db import Database
    from desktop.services import demo
    from desktop.services.office import init_office
    from desktop.ui.app import DesktopApp
    from desktop.ui.dashboard.screen import TargetsAndReports
    from desktop.ui.tasks import ImmediateTaskRunner

    with tempfile.TemporaryDirectory(prefix="qd-dashboard-") as scratch:
        data_dir = Path(scratch) / "county"
        database = Database.for_data_dir(data_dir)
        office = init_office(database, county=True, operator="县办王五")
        demo.generate(database, office, records=120, seed=7, today=TODAY)
        database.dispose()
        desktop = DesktopApp(
            data_dir, dialogs=False, runner=ImmediateTaskRunner(), today=lambda: TODAY
        )
        desktop.settings.language = "zh"
        desktop.language.install(desktop.app, "zh")
        assert desktop.open_database()
        window = desktop.build_window()
        window.resize(1366, 768)
        window.show()
        screen = window.show_screen("dashboard")
        assert isinstance(screen, TargetsAndReports)
        view = screen.dashboard
        view.select_target("mfg_product_quality_pass_rate")
        for _ in range(10):
            desktop.app.processEvents()
        window.grab().save(str(args.out / "dashboard.png"))
        view.drill(view.tree.currentItem())
        dialog = view.open_dialog
        assert dialog is not None
        dialog.resize(1300, 560)
        for _ in range(10):
            desktop.app.processEvents()
        dialog.grab().save(str(args.out / "drill-down.png"))
        dialog.close()
        desktop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
