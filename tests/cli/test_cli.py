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

    from desktop.cli import COMMAND_HELP, COMMAND_MODULES

    registered: dict[str, str] = {}
    for module, names in COMMAND_MODULES.items():
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        importlib.import_module(module).register(subparsers)
        assert tuple(subparsers.choices) == names, module
        registered.update({a.dest: a.help for a in subparsers._choices_actions})
    assert registered == COMMAND_HELP, (
        "desktop/cli/__init__.py COMMAND_HELP must hold each command's help as registered"
    )


def test_the_lazy_parser_lists_the_commands_as_the_full_one_does() -> None:
    from desktop.cli import build_parser

    full, lazy = build_parser(), build_parser([])
    assert lazy.format_help() == full.format_help()
    assert lazy.format_usage() == full.format_usage()


def test_a_command_missing_from_the_help_table_still_works(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop import cli

    table = {k: v for k, v in cli.COMMAND_HELP.items() if k != "plans"}
    monkeypatch.setattr("desktop.cli.parser.COMMAND_HELP", table)  # where it is read
    parser = cli.build_parser(cli.modules_for(["stats"]))
    assert parser.parse_args(["plans", "list"]).handler is not None
    assert "plans" in parser.format_help()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], []),
        (["--data-dir", "stats", "--version"], []),
        (["--help"], []),
        (["frobnicate"], []),
        (["--data-dir", "D", "stats", "--json"], ["desktop.cli.core_commands"]),
        (["record", "add", "--help"], ["desktop.cli.core_commands"]),
        (["import", "a.zip"], ["desktop.cli.sync_commands"]),
        (
            ["--database-url", "sqlite://", "report", "--period", "2022-05"],
            ["desktop.cli.report_commands"],
        ),
    ],
)
def test_only_the_asked_command_module_is_imported(argv: list[str], expected: list[str]) -> None:
    from desktop.cli import modules_for

    assert modules_for(argv) == expected


@pytest.mark.parametrize(
    ("argv", "quick"),
    [
        (["--version"], True),
        (["--data-dir", "D", "--version"], True),
        (["--data-dir=D", "--version", "--database-url", "sqlite://"], True),
        (["--data-dir", "--version"], False),  # argparse's usage error, as before
        (["--version", "stats"], False),
        (["--help", "--version"], False),
        (["--vers"], False),  # an abbreviation: argparse answers it
        ([], False),
    ],
)
def test_version_alone_is_answered_before_parsing(argv: list[str], quick: bool) -> None:
    from desktop.cli import wants_version_only

    assert wants_version_only(argv) is quick


def _modules_after(argv: list[str], data_dir: Path) -> set[str]:
    """The modules a real ``quality-desk ARGV`` process had imported when it finished."""
    code = (
        "import sys, desktop.cli\n"
        "try:\n"
        f"    desktop.cli.main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(' '.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "QUALITY_DESK_HOME": str(data_dir), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    return set(result.stderr.split())


HEAVY = ("sqlalchemy", "alembic", "desktop.db", "desktop.models", "openpyxl", "cryptography")


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))


@pytest.mark.parametrize(
    "argv",
    [["--version"], ["--help"], ["record", "--help"], ["frobnicate"], ["stats", "--x"]],
)
def test_version_help_and_usage_errors_touch_no_database_code(
    tmp_path: Path, argv: list[str]
) -> None:
    loaded = _modules_after(argv, tmp_path)
    assert "desktop.cli" in loaded
    assert not _heavy(loaded)


def test_every_commands_help_and_usage_errors_touch_no_database_code(tmp_path: Path) -> None:
    """``quality-desk COMMAND --help`` and a mistyped option import what registers the commands,
    nothing more: one process runs them all, so what it loaded covers each."""
    from desktop.cli import COMMAND_HELP

    argvs = [[name, "--help"] for name in COMMAND_HELP] + [
        [name, "--no-such-option"] for name in COMMAND_HELP if name != "gui"
    ]
    code = (
        "import contextlib, io, sys, desktop.cli\n"
        f"for argv in {argvs!r}:\n"
        "    quiet = contextlib.ExitStack()\n"
        "    quiet.enter_context(contextlib.redirect_stdout(io.StringIO()))\n"
        "    quiet.enter_context(contextlib.redirect_stderr(io.StringIO()))\n"
        "    with quiet:\n"
        "        try:\n"
        "            desktop.cli.main(argv)\n"
        "        except SystemExit as stop:\n"
        "            assert stop.code in (0, 2), (argv, stop.code)\n"
        "        else:\n"
        "            raise AssertionError(argv)\n"
        "sys.stderr.write(' '.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "QUALITY_DESK_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    loaded = set(result.stderr.split())
    assert {"desktop.cli.sync_commands", "desktop.cli.report_commands"} <= loaded
    assert not _heavy(loaded)
    assert not [m for m in loaded if m.startswith(("desktop.services", "desktop.sync"))]


def test_version_is_the_installed_one(tmp_path: Path) -> None:
    from importlib import metadata

    for argv in (["--version"], ["--vers"], ["--version", "stats"]):
        result = run(tmp_path, *argv)
        assert result.returncode == 0
        assert result.stdout.strip() == f"quality-desk {metadata.version('quality-desk')}"


ENTERPRISE = json.dumps({"credit_code": "91330329MA2H00006J", "name": "泰顺县竹韵竹木制品有限公司"})


def test_record_add_jsonl_adds_every_line_in_one_transaction(township: Path) -> None:
    lines = [
        ENTERPRISE,
        "",
        json.dumps({"credit_code": "91330329MA2H0FTU8L", "name": "泰顺县罗阳茗香茶业有限公司"}),
    ]
    added = run(township, "record", "add", "enterprises", "--jsonl", "-", stdin="\n".join(lines))
    assert added.returncode == 0, added.stderr
    ids = added.stdout.splitlines()
    assert len(ids) == 2 and len(set(ids)) == 2
    listed = json.loads(run(township, "record", "list", "enterprises", "--json").stdout)
    assert {r["id"] for r in listed["records"]} == set(ids)
    shown = json.loads(run(township, "record", "show", ids[1], "--json").stdout)
    assert shown["name"] == "泰顺县罗阳茗香茶业有限公司"  # ids in the order of the lines


def test_record_add_jsonl_refuses_the_whole_batch_naming_the_line(
    township: Path, tmp_path: Path
) -> None:
    good = json.dumps({"credit_code": "91330329MA2H0FTU9P", "name": "泰顺县新企业有限公司"})
    file = tmp_path / "batch.jsonl"
    file.write_bytes(("\ufeff" + good + "\r\n\r\n{}\r\n").encode("utf-8"))  # Notepad's way
    refused = run(township, "record", "add", "enterprises", "--jsonl", str(file))
    assert refused.returncode == 2 and refused.stdout == ""
    assert "第 3 行" in refused.stderr and "line 3" in refused.stderr
    assert "整批均未保存" in refused.stderr
    malformed = run(township, "record", "add", "enterprises", "--jsonl", "-", stdin=good + "\n[1,")
    assert malformed.returncode == 2 and "line 2" in malformed.stderr
    not_object = run(township, "record", "add", "enterprises", "--jsonl", "-", stdin="[1]")
    assert not_object.returncode == 2 and "line 1 must be one JSON object" in not_object.stderr
    missing = run(township, "record", "add", "enterprises", "--jsonl", str(tmp_path / "no.jsonl"))
    assert missing.returncode == 2 and "cannot read" in missing.stderr
    both = run(township, "record", "add", "enterprises", "--json", "-", "--jsonl", "-")
    assert both.returncode == 2 and "not allowed with" in both.stderr
    after = json.loads(run(township, "record", "list", "enterprises", "--json").stdout)
    assert after["total"] == 0  # no refused batch left a record behind
    file.write_bytes(("\ufeff" + good + "\r\n").encode("utf-8"))
    accepted = run(township, "record", "add", "enterprises", "--jsonl", str(file))
    assert accepted.returncode == 0, accepted.stderr
    assert len(accepted.stdout.splitlines()) == 1
    empty = run(township, "record", "add", "enterprises", "--jsonl", "-", stdin="\n")
    assert empty.returncode == 0 and empty.stdout == ""


def test_record_files_saved_as_gbk_or_with_a_bom_are_read(township: Path, tmp_path: Path) -> None:
    """Notepad on Chinese Windows saves "ANSI" (GBK) or UTF-8 with a BOM; both are read."""
    name = "泰顺县罗阳茗香茶业有限公司"
    many = tmp_path / "gbk.jsonl"
    many.write_bytes(
        (
            json.dumps({"credit_code": "91330329MA2H00006J", "name": name}, ensure_ascii=False)
        ).encode("gbk")
    )
    one = tmp_path / "bom.json"
    one.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps(
            {"credit_code": "92330329MA2H00014A", "name": "泰顺县竹韵竹木制品有限公司"}
        ).encode("utf-8")
    )
    ids = []
    for flag, path in (("--jsonl", many), ("--json", one)):
        added = run(township, "record", "add", "enterprises", flag, str(path))
        assert added.returncode == 0, added.stderr
        ids.append(added.stdout.strip())
    shown = json.loads(run(township, "record", "show", ids[0], "--json").stdout)
    assert shown["name"] == name
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\xff\xfe{\x00")
    refused = run(township, "record", "add", "enterprises", "--json", str(garbage))
    assert refused.returncode == 2 and "malformed JSON" in refused.stderr


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
