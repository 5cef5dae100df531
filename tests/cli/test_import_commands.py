"""``import-ledger`` and ``import-enterprises`` as county IT scripts call them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.cli_runner import run_cli
from tests.conftest import TOWNSHIP, VALID_CODES
from tests.services.ledger_files import csv_file, xlsx

HEADER = ["被抽样单位名称", "统一社会信用代码", "食品名称", "抽检日期", "抽检批次", "合格批次"]


def _township(tmp_path: Path) -> Path:
    folder = tmp_path / "town"
    assert run_cli(folder, "init", "--township", TOWNSHIP).returncode == 0
    return folder


def _file(tmp_path: Path) -> Path:
    return xlsx(
        tmp_path / "抽检 2024.xlsx",
        {
            "抽检": [
                ["罗阳镇抽检台账"],
                HEADER,
                ["甲公司", VALID_CODES[0], "茶叶", "2024/3/5", 1, 1],
                ["乙公司", None, "香菇", "2024/3/6", 1, 0],
            ]
        },
    )


def test_dry_run_then_import_then_again(tmp_path: Path) -> None:
    folder = _township(tmp_path)
    path = _file(tmp_path)
    default = "--default=category_code=INS_FOOD_SAFETY_SAMPLING"
    dry = run_cli(folder, "import-ledger", "inspections", str(path), default, "--dry-run", "--json")
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert report["counts"] == {
        "inspections": {"created": 1, "duplicate": 0, "refused": 1},
        "enterprises": {"created": 1, "duplicate": 0, "refused": 0},
    }
    assert report["written"] == {} and report["dry_run"] is True
    assert report["sheets"][0]["header_row"] == 2 and report["sheets"][0]["mapping"] == "proposed"
    assert report["derived"] == {"category_code": 2}
    assert "无法新建" in report["refused"][0]["reasons"][0]
    errors = tmp_path / "未导入.xlsx"
    real = run_cli(
        folder, "import-ledger", "inspections", str(path), default, "--errors-out", str(errors)
    )
    assert real.returncode == 0, real.stderr
    assert "已导入 / imported: 2" in real.stdout and "香菇" not in real.stdout.split("已导入")[0]
    assert load_workbook(errors).active.max_row == 2
    again = run_cli(folder, "import-ledger", "inspections", str(path), "--json")
    report = json.loads(again.stdout)
    assert report["sheets"][0]["mapping"] == "remembered"  # defaults remembered with the layout
    assert report["counts"]["inspections"] == {"created": 0, "duplicate": 1, "refused": 1}


def test_a_mapping_file_written_edited_and_used(tmp_path: Path) -> None:
    folder = _township(tmp_path)
    path = _file(tmp_path)
    mapping = tmp_path / "映射.json"
    dry = run_cli(
        folder,
        "import-ledger",
        "inspections",
        str(path),
        "--dry-run",
        "--write-mapping",
        str(mapping),
        "--default",
        "category_code=INS_FOOD_SAFETY_SAMPLING",
    )
    assert dry.returncode == 0, dry.stderr
    content = json.loads(mapping.read_text(encoding="utf-8"))
    assert content["columns"]["食品名称"] == "subject"
    content["columns"]["被抽样单位名称"] = None  # import without the enterprise
    content["columns"]["统一社会信用代码"] = None
    mapping.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    used = run_cli(
        folder, "import-ledger", "inspections", str(path), "--mapping", str(mapping), "--json"
    )
    report = json.loads(used.stdout)
    assert report["sheets"][0]["mapping"] == "file"
    assert report["counts"] == {"inspections": {"created": 2, "duplicate": 0, "refused": 0}}
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    refused = run_cli(folder, "import-ledger", "inspections", str(path), "--mapping", str(bad))
    assert refused.returncode == 2 and "不是有效的 JSON" in refused.stderr


def test_a_county_imports_a_csv_with_a_default_township(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    assert run_cli(folder, "init", "--county").returncode == 0
    path = csv_file(
        tmp_path / "名录.csv", [["企业名称", "统一社会信用代码"], ["甲公司", VALID_CODES[0]]], "gbk"
    )
    result = run_cli(folder, "import-enterprises", str(path), "--township", TOWNSHIP, "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["written"] == 1


def test_bad_input_exits_2_and_a_gbk_console_reads_the_output(tmp_path: Path) -> None:
    folder = _township(tmp_path)
    missing = run_cli(folder, "import-ledger", "inspections", str(tmp_path / "无.xlsx"))
    assert missing.returncode == 2 and "找不到文件" in missing.stderr
    unknown = run_cli(folder, "import-ledger", "nothing", str(_file(tmp_path)))
    assert unknown.returncode == 2
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}
    gbk = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            "--data-dir",
            str(folder),
            "import-ledger",
            "inspections",
            str(_file(tmp_path)),
            "--dry-run",
            "--default",
            "category_code=INS_FOOD_SAFETY_SAMPLING",
        ],
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert gbk.returncode == 0, gbk.stderr.decode("gbk", "replace")
    assert "将新增" in gbk.stdout.decode("gbk")
