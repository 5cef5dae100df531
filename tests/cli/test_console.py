"""Every command on a Chinese Windows console (GBK) and redirected to a file.

``PYTHONIOENCODING=gbk`` imitates code page 936: characters outside GBK (✓ ✗, a rare character
in an enterprise's name) used to crash ``print`` half-way (exit 1). Each command here runs with
stdout and stderr strictly GBK-encoded; the exit code is the command's own, the output decodes as
GBK, JSON stays valid JSON with the exact text, and the Chinese uses full-width punctuation.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import console, main
from desktop.db import Database
from desktop.services.ledger import LedgerService
from desktop.services.office import init_office
from desktop.sync import export, importer
from tests.conftest import TOWNSHIP

RARE = "𠮷"  # U+20BB7: not in GBK (GB18030 has it)
NAME = f"泰顺县{RARE}竹木制品有限公司"
OWN_TEXT = {"import", "keys", "export", "completeness", "conflicts", "receipt", "backup"}
ASCII_NEXT_TO_CJK = re.compile(r"[\u4e00-\u9fff][,;:?!()]|[,;?!(][\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def offices(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    root = tmp_path_factory.mktemp("gbk")
    township, county = root / "township", root / "county"
    database = Database.for_data_dir(township)
    office = init_office(database, township_code=TOWNSHIP, operator="王五")
    service = LedgerService(database, office)
    enterprise = service.create("enterprises", {"credit_code": "91330329MA2H00006J", "name": NAME})
    from desktop.services import demo

    demo.generate(database, office, 20, 3)
    package = export.export_data(database, office, root / "out", period="2026-10").path
    database.dispose()
    database = Database.for_data_dir(county)
    office = init_office(database, county=True, operator="县办")
    assert importer.import_package(database, office, package).status == "merged"
    database.dispose()
    record = root / "record.json"
    record.write_text(
        json.dumps({"credit_code": "92330329MA2H00014A", "name": f"{RARE}农业合作社"}),
        encoding="utf-8",
    )
    spare = root / "spare"
    database = Database.for_data_dir(spare)
    office = init_office(database, township_code=TOWNSHIP, operator="王五")
    demo.generate(database, office, 5, 9)
    database.dispose()
    edit = root / "edit.json"
    edit.write_text(json.dumps({"address": f"罗阳镇{RARE}街1号"}), encoding="utf-8")
    return {
        "township": township,
        "county": county,
        "package": package,
        "record": record,
        "edit": edit,
        "enterprise": enterprise.record["id"],
        "root": root,
        "spare": spare,
    }


def _any_record(o: dict[str, object]) -> str:
    from sqlalchemy import select

    from desktop.models import Inspection

    database = Database.for_data_dir(Path(str(o["spare"])))
    with database.session() as session:
        found = session.scalars(select(Inspection.id).where(Inspection.deleted.is_(False))).first()
    database.dispose()
    assert found is not None
    return str(found)


def _workbook(o: dict[str, object]) -> Path:
    from openpyxl import Workbook

    path = Path(str(o["root"])) / f"名录{RARE}.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["统一社会信用代码", "企业名称", "地址"])
    sheet.append(["91330329MA2H00006J", NAME, f"罗阳镇{RARE}街"])
    sheet.append(["not-a-code", f"坏{RARE}行", ""])
    book.save(path)
    return path


def _backup_of(o: dict[str, object]) -> str:
    from desktop import backup
    from desktop.paths import database_path

    spare = Path(str(o["spare"]))
    target = Path(str(o["root"])) / "spare-backup.sqlite3"
    return str(backup.backup_database(database_path(spare), out=target))


def _keyfile(o: dict[str, object]) -> str:
    return str(Path(str(o["root"])) / "county-key.json")


# (office, argv builder, expected exit code)
COMMANDS: list[tuple[str, str, Callable[[dict[str, object]], list[str]], int]] = [
    ("stats", "township", lambda o: ["stats"], 0),
    ("stats --json", "township", lambda o: ["stats", "--json"], 0),
    ("targets", "township", lambda o: ["targets"], 0),
    (
        "record add",
        "township",
        lambda o: ["record", "add", "enterprises", "--json", str(o["record"])],
        0,
    ),
    (
        "record edit",
        "township",
        lambda o: ["record", "edit", str(o["enterprise"]), "--json", str(o["edit"])],
        0,
    ),
    ("record show", "township", lambda o: ["record", "show", str(o["enterprise"]), "--history"], 0),
    (
        "record show --json",
        "township",
        lambda o: ["record", "show", str(o["enterprise"]), "--json"],
        0,
    ),
    ("record list", "township", lambda o: ["record", "list", "enterprises"], 0),
    ("record list --json", "township", lambda o: ["record", "list", "enterprises", "--json"], 0),
    (
        "record list (filter)",
        "township",
        lambda o: ["record", "list", "enterprises", "--filter", RARE],
        0,
    ),
    ("indicators", "county", lambda o: ["indicators"], 0),
    ("indicators --json", "county", lambda o: ["indicators", "--json"], 0),
    ("keys show", "county", lambda o: ["keys", "show"], 0),
    ("keys list", "county", lambda o: ["keys", "list"], 0),
    ("keys export-county", "county", lambda o: ["keys", "export-county", _keyfile(o)], 0),
    ("keys import-county", "township", lambda o: ["keys", "import-county", _keyfile(o)], 0),
    ("export", "township", lambda o: ["export", "--out", str(Path(str(o["root"])) / "out2")], 0),
    ("import (dry run)", "county", lambda o: ["import", str(o["package"]), "--dry-run"], 0),
    ("import (already)", "county", lambda o: ["import", str(o["package"])], 0),
    ("import (rejected)", "county", lambda o: ["import", str(o["record"])], 3),
    ("conflicts", "county", lambda o: ["conflicts"], 0),
    ("completeness", "county", lambda o: ["completeness"], 0),
    ("completeness --json", "county", lambda o: ["completeness", "--json"], 0),
    (
        "receipt",
        "county",
        lambda o: ["receipt", TOWNSHIP, "--out", str(Path(str(o["root"])) / "r")],
        0,
    ),
    (
        "report",
        "county",
        lambda o: ["report", "--period", "2026-10", "--out", str(Path(str(o["root"])) / "m.xlsx")],
        0,
    ),
    ("backup", "township", lambda o: ["backup", "--out", str(Path(str(o["root"])) / "b")], 0),
    ("init (again)", "township", lambda o: ["init", "--township", TOWNSHIP], 0),
    ("init (wrong office)", "township", lambda o: ["init", "--county"], 2),
    ("demo", "spare", lambda o: ["demo", "--records", "5"], 0),
    ("record delete", "spare", lambda o: ["record", "delete", _any_record(o)], 0),
    ("keys enrol", "county", lambda o: ["keys", "enrol", TOWNSHIP, str(o["package"])], 0),
    ("keys enrol --reset", "county", lambda o: ["keys", "enrol", TOWNSHIP, "--reset"], 0),
    (
        "conflicts resolve",
        "county",
        lambda o: ["conflicts", "resolve", "nope", "--keep", "mine"],
        2,
    ),
    (
        "import-enterprises",
        "county",
        lambda o: ["import-enterprises", str(_workbook(o)), "--township", TOWNSHIP, "--dry-run"],
        0,
    ),
    ("restore", "spare", lambda o: ["restore", _backup_of(o), "--yes"], 0),
    ("usage error", "township", lambda o: ["record", "show", "no-such-id"], 2),
    ("not initialised", "none", lambda o: ["stats"], 2),
]


def _gbk_streams(monkeypatch: pytest.MonkeyPatch) -> tuple[io.BytesIO, io.BytesIO]:
    out, err = io.BytesIO(), io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="gbk", errors="strict"))
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(err, encoding="gbk", errors="strict"))
    return out, err


@pytest.mark.parametrize(
    ("label", "office", "argv", "expected"), COMMANDS, ids=[c[0] for c in COMMANDS]
)
def test_every_command_on_a_gbk_console(
    offices: dict[str, object],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    label: str,
    office: str,
    argv: Callable[[dict[str, object]], list[str]],
    expected: int,
) -> None:
    folder = tmp_path / "nothing-here" if office == "none" else Path(str(offices[office]))
    out, err = _gbk_streams(monkeypatch)
    code = main(["--data-dir", str(folder), *argv(offices)])
    sys.stdout.flush()
    sys.stderr.flush()
    stdout, stderr = out.getvalue().decode("gbk"), err.getvalue().decode("gbk")
    monkeypatch.undo()
    assert code == expected, stderr
    assert "unexpected" not in stderr
    if label.endswith("--json"):
        data = json.loads(stdout)
        if label.startswith("record"):
            assert RARE in json.dumps(data, ensure_ascii=False), "JSON keeps the exact text"
    if label == "completeness":
        assert "√ 已收到" in stdout and "✓" not in stdout
    # the command line's own Chinese (messages; the sync commands' lines), not the data it lists
    own = stderr + (stdout if label.split()[0] in OWN_TEXT else "")
    for line in own.splitlines():
        assert not ASCII_NEXT_TO_CJK.search(line.split(" / ")[0].replace(NAME, "")), line


def test_completeness_redirected_to_a_file_on_chinese_windows(
    offices: dict[str, object], tmp_path: Path
) -> None:
    """The reported crash: ``quality-desk completeness > out.txt`` with code page 936."""
    target = tmp_path / "out.txt"
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    env.pop("QUALITY_DESK_HOME", None)
    with open(target, "wb") as handle:
        result = subprocess.run(
            [sys.executable, "-m", "desktop", "--data-dir", str(offices["county"]), "completeness"],
            stdout=handle,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    text = target.read_bytes().decode("gbk")
    assert "√ 已收到 received" in text and "罗阳镇" in text


def test_full_width_punctuation_for_messages_from_any_layer() -> None:
    assert (
        console.zh_text("包被拒收(bad_signature):清单签名无效")
        == "包被拒收（bad_signature）：清单签名无效"
    )
    assert console.zh_text("无效,请重试;或者(联系县里)") == "无效，请重试；或者（联系县里）"
    assert console.zh_text("时间 09:30, file a.b(1)") == "时间 09:30, file a.b(1)"


def test_json_escapes_what_the_console_cannot_show() -> None:
    class Gbk(io.StringIO):
        encoding = "gbk"

    escaped = console.json_text(json.dumps({"name": NAME}, ensure_ascii=False), Gbk())
    assert RARE not in escaped and json.loads(escaped)["name"] == NAME
