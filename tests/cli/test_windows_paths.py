"""Every command works in folders shaped like a Chinese Windows user's, and writes only file
names that Windows and a FAT32 USB stick accept.

Township PCs keep their data under ``C:\\Users\\张 三\\AppData\\Local\\QualityDesk`` and carry
packages on sticks named like ``U盘 (E:)``: a space or a Chinese character anywhere in a path
must not break a command. One scenario runs every command of ``desktop.cli.COMMAND_MODULES``
with such folders for the data, the inputs and the outputs; a command added
to the CLI fails :func:`test_the_scenario_covers_every_command` until it is added here. Then every
file the commands wrote is checked against Windows' and FAT32's naming rules.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from desktop.cli import COMMAND_MODULES, main
from tests.cli_runner import run_cli

TOWNSHIP = "330329100000"
WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in "123456789"}  # fmt: skip  # noqa: E501
ILLEGAL_CHARACTERS = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
MAX_NAME_UTF16 = 255
"""Longest name NTFS and FAT32 long file names hold, in UTF-16 code units."""
MAX_RELATIVE_PATH = 180
"""Path length below the data folder that keeps the whole path under Windows' 260 characters
with a data folder like ``C:\\Users\\<a long name>\\AppData\\Local\\QualityDesk\\``."""

IN_SUBPROCESS = frozenset(("self-test", "screenshot"))
"""Commands that start Qt run as real subprocesses; the rest run in this process (the same
``desktop.cli.main``, the paths passed as the same strings), which keeps the test fast."""

NOT_RUN_HERE = {"gui": "opens the window: tests/packaging/test_real_window.py, from '张 三/'"}


def windows_name_problem(name: str) -> str | None:
    """Why ``name`` is not a legal file name on Windows / FAT32, or None."""
    if ILLEGAL_CHARACTERS.search(name):
        return "a character Windows forbids"
    if name.endswith((" ", ".")):
        return "ends with a space or a dot"
    if name.split(".")[0].upper() in WINDOWS_RESERVED:
        return "a reserved device name"
    if len(name.encode("utf-16-le")) // 2 > MAX_NAME_UTF16:
        return "longer than 255 characters"
    return None


@pytest.mark.parametrize(
    "name", ["a:b.qdpkg", "月报?.xlsx", "备份 .", "CON.txt", "nul", "x" * 256, "tab\there"]
)
def test_illegal_names_are_caught(name: str) -> None:
    assert windows_name_problem(name) is not None


def test_ordinary_chinese_names_are_legal() -> None:
    assert windows_name_problem("qd-data-330329100000-2026-10-00001.qdpkg") is None
    assert windows_name_problem("质量提升月报2026-10.xlsx") is None
    assert windows_name_problem("quality-desk-20261001-093000-manual.sqlite3") is None


def _in_process(data: Path, *args: str, stdin: str | None) -> subprocess.CompletedProcess[str]:
    """``desktop.cli.main`` with its standard streams captured, as a CompletedProcess."""
    stdin_stream = io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["--data-dir", str(data), *args]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        saved, sys.stdin = sys.stdin, stdin_stream
        try:
            code = main(argv)
        finally:
            sys.stdin = saved
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


class Scenario:
    """Runs commands and remembers which top-level commands ran."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.township = root / "Users" / "张 三" / "AppData" / "Local" / "QualityDesk"
        self.county = root / "Users" / "县 办" / "AppData" / "Local" / "QualityDesk"
        self.county_demo = root / "Users" / "县 办" / "演示 数据"
        self.stick = root / "U盘 (E)" / "质量 台账"
        self.stick.mkdir(parents=True)
        self.ran: set[str] = set()

    def run(
        self, data: Path, *args: str, stdin: str | None = None, expect: int = 0
    ) -> subprocess.CompletedProcess[str]:
        if args[0] in IN_SUBPROCESS:
            result = run_cli(data, *args, stdin=stdin)
        else:
            result = _in_process(data, *args, stdin=stdin)
        self.ran.add(args[0])
        assert result.returncode == expect, (
            f"{args} in {data} exited {result.returncode}:\n{result.stderr}"
        )
        return result

    def play(self) -> None:
        t, c, usb = self.township, self.county, self.stick
        self.run(t, "init", "--township", TOWNSHIP, "--operator", "张 三")
        self.run(t, "demo", "--records", "60")
        assert json.loads(self.run(t, "stats", "--json").stdout)["office"] == TOWNSHIP
        targets = json.loads(self.run(t, "targets", "--json").stdout)
        enterprise = '{"credit_code":"91330329MA2H00006J","name":"泰顺县 罗阳 茶业有限公司"}'
        record = self.run(t, "record", "add", "enterprises", "--json", "-", stdin=enterprise)
        record_id = record.stdout.strip()
        self.run(t, "record", "edit", record_id, "--json", "-", "--reason", "更正 名称",
                 stdin='{"name":"泰顺县 罗阳 茗香茶业有限公司"}')  # fmt: skip
        self.run(t, "record", "show", record_id, "--json", "--history")
        self.run(t, "record", "list", "enterprises", "--json", "--limit", "5")
        self.run(t, "record", "delete", record_id, "--reason", "重复 录入")

        self.run(t, "backup")
        copy = usb / "备份 副本.sqlite3"
        self.run(t, "backup", "--out", str(copy))
        self.run(t, "restore", str(copy), "--yes")
        assert self.run(t, "self-test").stdout.strip() == "OK"
        self.run(t, "screenshot", "--out", str(usb / "截图 文件夹"), "--records", "20")

        first_target = targets[0]["id"] if isinstance(targets, list) else None
        self.run(t, "indicators", "--json")
        if first_target:
            self.run(t, "indicators", "--records", str(first_target))
        self.run(t, "report", "--period", "2026-10", "--out", str(usb / "月报 2026年10月.xlsx"))
        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.append(["统一社会信用代码", "企业名称"])
        sheet.append(["92330329MA2H00014A", "泰顺县 百丈 竹制品厂"])
        sheet.append(["不是代码", "错误 的行"])
        workbook.save(usb / "企业 名单.xlsx")
        self.run(t, "import-enterprises", str(usb / "企业 名单.xlsx"), "--dry-run",
                 "--errors-out", str(usb / "错误 行.xlsx"))  # fmt: skip
        self.run(t, "import-enterprises", str(usb / "企业 名单.xlsx"))
        ledger = Workbook()
        rows = ledger.active
        assert rows is not None
        rows.append(["被抽样单位名称", "统一社会信用代码", "食品名称", "抽检日期", "抽检批次"])
        rows.append(["泰顺县 百丈 竹制品厂", "92330329MA2H00014A", "笋干", "2026/10/5", 1])
        rows.append(["无代码 小店", None, "饮料", "2026/10/6", 1])
        ledger.save(usb / "抽检 台账 2026.xlsx")
        self.run(t, "import-ledger", "inspections", str(usb / "抽检 台账 2026.xlsx"),
                 "--default", "category_code=INS_FOOD_SAFETY_SAMPLING",
                 "--default", "batches_passed=1", "--write-mapping", str(usb / "列 对应.json"),
                 "--errors-out", str(usb / "未导入 的行.xlsx"))  # fmt: skip

        self.run(t, "keys", "show", "--json")
        self.run(t, "keys", "export-county", str(usb / "罗阳镇 公钥.json"))
        self.run(c, "init", "--county", "--operator", "县 办")
        self.run(c, "keys", "export-county", str(usb / "县 公钥.json"))
        self.run(t, "keys", "import-county", str(usb / "县 公钥.json"))
        self.run(c, "keys", "enrol", TOWNSHIP, str(usb / "罗阳镇 公钥.json"))
        self.run(t, "export", "--out", str(usb), "--summary")
        self.run(t, "export")  # into the outbox of the data folder
        packages = sorted(str(p) for p in usb.glob("*.qdpkg"))
        assert packages
        self.run(c, "import", *packages, "--dry-run")
        self.run(c, "import", *packages)
        self.run(c, "conflicts", "--json")
        self.run(c, "conflicts", "resolve", "01a2-no-such-conflict", "--keep", "mine", expect=2)
        receipt = usb / "回执 罗阳镇.qdpkg"
        self.run(c, "receipt", TOWNSHIP, "--out", str(receipt))
        self.run(t, "import", str(receipt))
        self.run(c, "completeness", "--json")
        plan_book = usb / "规划 2018年.xlsx"
        self.run(c, "plans", "show", "2018", "--out", str(plan_book))
        self.run(c, "plans", "import", str(plan_book), "--dry-run")
        self.run(c, "plans", "list", "--json")
        self.run(c, "plans", "current", "2018")
        self.run(c, "report", "--period", "2026-10", "--out", str(usb / "县 月报.xlsx"), "--issue")
        self.run(c, "reports", "issued", "--json")
        self.run(c, "reports", "show", "2026-10", "--out", str(usb / "签发 月报.xlsx"))
        self.run(c, "export", "--out", str(usb / "县 参考数据"))
        self.run(self.county_demo, "init", "--county")
        self.run(self.county_demo, "demo", "--county", "--records", "40")


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    played = Scenario(tmp_path_factory.mktemp("windows-paths"))
    played.play()
    return played


pytestmark = pytest.mark.slow


def test_the_scenario_covers_every_command(scenario: Scenario) -> None:
    commands = {name for names in COMMAND_MODULES.values() for name in names}
    missing = commands - scenario.ran - set(NOT_RUN_HERE)
    assert not missing, f"add these commands to Scenario.play: {sorted(missing)}"


def test_every_file_written_has_a_windows_and_fat32_legal_name(scenario: Scenario) -> None:
    problems = []
    files = [p for p in scenario.root.rglob("*") if p.is_file()]
    assert len(files) > 20
    for path in files:
        relative = path.relative_to(scenario.root)
        for part in relative.parts:
            problem = windows_name_problem(part)
            if problem:
                problems.append(f"{relative}: {problem}")
        below_data = path.relative_to(scenario.root / relative.parts[0])
        if len(str(below_data)) > MAX_RELATIVE_PATH:
            problems.append(f"{relative}: path too long for Windows")
    assert not problems, problems
