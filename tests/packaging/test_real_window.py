"""The window opens on a real X display: Xvfb, a window manager, Qt's ``xcb`` platform.

Every other GUI test runs on Qt's ``offscreen`` platform, which needs none of the X libraries a
desktop PC uses; this one starts ``quality-desk gui`` as a clerk's desktop would and checks with
the X server itself (``xwininfo``) that a viewable top-level window titled 质量提升台账 appears,
then grabs the screen and checks it is not blank. ``scripts/run-tests.sh`` installs Xvfb, openbox
and xwininfo; where they are missing the test is skipped, except under CI, where it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli_runner import run_cli

pytestmark = [
    pytest.mark.gui,
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is Linux only"),
]

TITLE = "质量提升台账"
SCREEN = (1366, 768)
APPEAR_TIMEOUT_S = 90.0
GRAB_SCRIPT = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
image = app.primaryScreen().grabWindow(0).toImage()
image.save(sys.argv[1])
step = 7
colours = {
    image.pixel(x, y)
    for x in range(0, image.width(), step)
    for y in range(0, image.height(), step)
}
print(len(colours))
"""


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed (bash scripts/run-tests.sh installs it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def display() -> Iterator[str]:
    """A fresh Xvfb server at 1366×768 with openbox running on it; yields ``:N``."""
    xvfb = _need("Xvfb")
    openbox = _need("openbox")
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            xvfb,
            "-displayfd",
            str(write_end),
            "-screen",
            "0",
            f"{SCREEN[0]}x{SCREEN[1]}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    processes = [server]
    try:
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        assert number.isdigit(), "Xvfb did not report its display"
        name = f":{number}"
        processes.append(
            subprocess.Popen(
                [openbox],
                env={**os.environ, "DISPLAY": name},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        yield name
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _x_env(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "LANG": "C.UTF-8"})
    env.pop("QUALITY_DESK_HOME", None)
    return env


def _find_window(display: str) -> tuple[str, str] | None:
    """(window id, its xwininfo line) of a top-level window whose name holds the title."""
    tree = subprocess.run(
        [_need("xwininfo"), "-root", "-tree"],
        env=_x_env(display),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=30,
    ).stdout
    for line in tree.splitlines():
        match = re.match(r"\s*(0x[0-9a-f]+) \"([^\"]*)\"", line)
        if match and TITLE in match.group(2):
            return match.group(1), line.strip()
    return None


def _attributes(display: str, window: str) -> dict[str, str]:
    info = subprocess.run(
        [_need("xwininfo"), "-id", window],
        env=_x_env(display),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=30,
    ).stdout
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in info.splitlines())
        if value
    }


def test_the_window_appears_on_a_real_x_display(display: str, tmp_path: Path) -> None:
    data = tmp_path / "张 三" / "QualityDesk"
    assert run_cli(data, "init", "--township", "330329100000").returncode == 0
    log = tmp_path / "gui.log"
    with open(log, "w", encoding="utf-8") as output:
        app = subprocess.Popen(
            [sys.executable, "-m", "desktop", "--data-dir", str(data), "gui"],
            env=_x_env(display),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        found = None
        deadline = time.monotonic() + APPEAR_TIMEOUT_S
        while found is None and time.monotonic() < deadline and app.poll() is None:
            time.sleep(0.25)
            found = _find_window(display)
        assert app.poll() is None, f"the app exited {app.returncode}:\n{log.read_text('utf-8')}"
        assert found is not None, f"no window titled {TITLE}:\n{log.read_text('utf-8')}"
        window, line = found
        attributes = {}
        for _ in range(40):  # the window manager maps it a moment after it is created
            attributes = _attributes(display, window)
            if attributes.get("Map State") == "IsViewable":
                break
            time.sleep(0.25)
        assert attributes.get("Map State") == "IsViewable", (line, attributes)
        assert int(attributes["Width"]) >= 640 and int(attributes["Height"]) >= 400, attributes

        screenshot = tmp_path / "screen.png"
        time.sleep(1.0)  # let the first paint land
        grab = subprocess.run(
            [sys.executable, "-c", GRAB_SCRIPT, str(screenshot)],
            env=_x_env(display),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert grab.returncode == 0, grab.stderr
        assert int(grab.stdout.strip()) > 20, "the screen looks blank"
        if os.environ.get("QUALITY_DESK_KEEP_SCREENSHOT"):
            shutil.copy(screenshot, os.environ["QUALITY_DESK_KEEP_SCREENSHOT"])
        assert "Traceback" not in log.read_text("utf-8"), log.read_text("utf-8")
    finally:
        app.terminate()
        try:
            app.wait(timeout=15)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
