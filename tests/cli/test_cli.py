"""The command line as county IT scripts call it: real subprocesses, real data folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_runner import run_cli as run

TOWNSHIP = "330329100000"


@pytest.fixture
def township(tmp_path: Path) -> Path:
    folder = tmp_path / "township"
    result = run(folder, "init", "--township", TOWNSHIP, "--operator", "王五")
    assert result.returncode == 0, result.stderr
    return folder


def test_init_demo_stats_json(township: Path) -> None:
    assert run(township, "demo", "--records", "500", "--seed", "2").returncode == 0
    result = run(township, "stats", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["office"] == TOWNSHIP
    assert data["total"]["inspections"] > 200
    assert data["by_owner"][TOWNSHIP]["enterprises"] == data["total"]["enterprises"]


def test_targets_json_lists_the_plan(township: Path) -> None:
    result = run(township, "targets", "--json")
    targets = {t["id"]: t for t in json.loads(result.stdout)}
    assert len(targets) == 34
    assert targets["mfg_product_quality_pass_rate"]["target_value"] == 95
    assert targets["agri_product_safety_test_pass_rate"]["target_value"] == 98
    assert targets["agri_standardization_demo_projects_new"]["target_value"] == 15
    assert targets["service_standardization_demo_projects_new"]["target_value"] == 10


def test_record_add_edit_show_list_delete(township: Path) -> None:
    enterprise = run(
        township,
        "record",
        "add",
        "enterprises",
        "--json",
        "-",
        stdin=json.dumps(
            {"credit_code": "91330329MA2H00006J", "name": "泰顺县竹韵竹木制品有限公司"}
        ),
    )
    assert enterprise.returncode == 0, enterprise.stderr
    enterprise_id = enterprise.stdout.strip()
    added = run(
        township,
        "record",
        "add",
        "inspections",
        "--json",
        "-",
        stdin=json.dumps(
            {
                "category_code": "INS_PRODUCT_QUALITY_SPOT_CHECK",
                "inspection_date": "2022-03-02",
                "enterprise_id": enterprise_id,
                "subject": "竹砧板",
                "batches_sampled": 2,
                "batches_passed": 2,
            }
        ),
    )
    assert added.returncode == 0, added.stderr
    record_id = added.stdout.strip()
    edited = run(township, "record", "edit", record_id, "--json", "-", stdin='{"subject": "竹筷"}')
    assert edited.returncode == 0 and "subject" in edited.stdout
    shown = json.loads(run(township, "record", "show", record_id, "--json", "--history").stdout)
    assert shown["subject"] == "竹筷" and shown["batches_passed"] == 2
    assert [h["action"] for h in shown["history"]] == ["create", "update"]
    listed = json.loads(
        run(township, "record", "list", "inspections", "--json", "--filter", "竹筷").stdout
    )
    assert listed["total"] == 1 and listed["records"][0]["id"] == record_id
    assert run(township, "record", "delete", record_id).returncode == 0
    listed = json.loads(run(township, "record", "list", "inspections", "--json").stdout)
    assert listed["total"] == 0


def test_bad_input_exits_2_with_one_line_reason(township: Path) -> None:
    result = run(
        township,
        "record",
        "add",
        "inspections",
        "--json",
        "-",
        stdin=json.dumps({"category_code": "INS_DOUBLE_RANDOM", "inspection_date": "2022-02-30"}),
    )
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "inspection_date" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("record", "add", "inspections", "--json", "-"),
        ("record", "show", "01234567-0000-7000-8000-000000000000"),
        ("record", "list", "nonsense"),
        ("frobnicate",),
        ("init", "--township", "999999999999"),
    ],
)
def test_usage_errors_exit_2(township: Path, args: tuple[str, ...]) -> None:
    result = run(township, *args, stdin="not json")
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip()


def test_uninitialised_folder_says_run_init(tmp_path: Path) -> None:
    result = run(tmp_path / "empty", "stats")
    assert result.returncode == 2
    assert "init" in result.stderr


def test_init_twice_upgrades_and_keeps_installation(township: Path) -> None:
    first = run(township, "stats", "--json")
    again = run(township, "init", "--township", TOWNSHIP)
    assert again.returncode == 0 and "upgraded" in again.stdout
    assert run(township, "stats", "--json").stdout == first.stdout
    other = run(township, "init", "--county")
    assert other.returncode == 2


def test_environment_variable_chooses_data_folder(tmp_path: Path) -> None:
    env = {**os.environ, "QUALITY_DESK_HOME": str(tmp_path / "env")}
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "init", "--county"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env" / "quality-desk.sqlite3").exists()


def test_command_table_matches_what_the_modules_register() -> None:
    import argparse
    import importlib

    from desktop.cli import COMMAND_MODULES

    for module, names in COMMAND_MODULES.items():
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        importlib.import_module(module).register(subparsers)
        assert tuple(subparsers.choices) == names, module


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], []),
        (["--data-dir", "stats", "--version"], []),
        (["--data-dir", "D", "stats", "--json"], ["desktop.cli.core_commands"]),
        (["import", "a.zip"], ["desktop.cli.sync_commands"]),
        (
            ["--database-url", "sqlite://", "report", "--period", "2022-05"],
            ["desktop.cli.report_commands"],
        ),
    ],
)
def test_only_the_asked_command_module_is_imported(argv: list[str], expected: list[str]) -> None:
    from desktop.cli import COMMAND_MODULES, modules_for

    assert modules_for(argv) == expected
    assert modules_for([*argv, "--help"]) == list(COMMAND_MODULES)
    assert modules_for(["frobnicate"]) == list(COMMAND_MODULES)


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("init", "record", "export", "import", "indicators", "self-test", "screenshot"):
        assert command in result.stdout


def test_gui_on_a_read_only_folder_says_so_before_opening_qt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import desktop.paths
    from desktop.cli import main

    def read_only(folder: Path) -> None:
        raise desktop.paths._read_only_error(folder, "Read-only file system")

    monkeypatch.setattr(desktop.paths, "ensure_writable", read_only)
    assert main(["--data-dir", str(tmp_path / "stick"), "gui"]) == 2
    assert "read-only" in capsys.readouterr().err.lower()


def test_closed_pipe_is_not_an_unexpected_error(township: Path) -> None:
    assert run(township, "demo", "--records", "300").returncode == 0
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop",
            "--data-dir",
            str(township),
            "record",
            "list",
            "inspections",
            "--json",
            "--limit",
            "500",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()  # the reader goes away, like `| head -c 10`
    stderr = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=60) == 141
    assert "unexpected" not in stderr
    assert not (township / "logs").exists()
