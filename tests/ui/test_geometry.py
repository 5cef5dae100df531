"""Every window fits the screen it opens on: 1366×768 and 1024×768 with a taskbar, and 125 % /
150 % scaling (QT_SCALE_FACTOR), with 保存 always visible."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from desktop.ui.geometry import fit_window, fitted_size
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
TASKBAR = 40
SCREENS = {
    "1366x768": QRect(0, 0, 1366, 768 - TASKBAR),
    "1024x768": QRect(0, 0, 1024, 768 - TASKBAR),
    "125%": QRect(0, 0, 1093, 614 - TASKBAR),
    "150%": QRect(0, 0, 911, 512 - TASKBAR),
}


def test_a_wished_size_shrinks_to_the_room_there_is() -> None:
    assert fitted_size(1280, 780, SCREENS["1366x768"]) == (1280, 688)
    assert fitted_size(1280, 780, SCREENS["150%"]) == (895, 432)
    assert fitted_size(400, 300, SCREENS["1366x768"]) == (400, 300)


@pytest.mark.parametrize("screen", list(SCREENS))
def test_main_window_and_entry_form_fit(window: MainWindow, qtbot: QtBot, screen: str) -> None:
    area = SCREENS[screen]
    fit_window(window, 1280, 780, area)
    assert area.contains(window.geometry())
    view = window.ledger_views["inspections"]
    form = view.new_record()
    fit_window(form, 620, 760, area)
    assert area.contains(form.geometry())
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    top_left = save.mapTo(form, QPoint(0, 0))
    assert form.rect().contains(QRect(top_left, save.size())), screen
    assert save.isVisible()
    form.discard()


SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from tests.ui.conftest import make_data_dir, open_desktop
desktop = open_desktop(make_data_dir(Path({tmp!r}), records=20))
window = desktop.build_window()
window.show()
form = window.ledger_views["inspections"].new_record()
QApplication.processEvents()
area = window.screen().availableGeometry()
save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
corner = save.mapTo(form, QPoint(0, 0))
print(json.dumps({{
    "area": [area.width(), area.height()],
    "window": [window.width(), window.height()],
    "window_inside": area.contains(window.geometry()),
    "form_inside": area.contains(form.geometry()),
    "save_inside": form.rect().contains(QRect(corner, save.size())),
}}))
form.discard()
desktop.close()
"""


@pytest.mark.parametrize(("factor", "logical"), [("1.25", [1093, 614]), ("1.5", [911, 512])])
def test_scaled_screens_in_a_process_of_their_own(
    tmp_path: Path, factor: str, logical: list[int]
) -> None:
    config = tmp_path / "screen.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "dpr": 1}
                ]
            }
        )
    )
    env = {
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": factor,
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    script = SCRIPT.format(root=str(ROOT), tmp=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert abs(figures["area"][0] - logical[0]) <= 1 and abs(figures["area"][1] - logical[1]) <= 1
    assert figures["window_inside"] and figures["form_inside"] and figures["save_inside"], figures
