"""Commands of the foundation: init, demo, stats, targets, record ..., gui.

Each command imports the services it needs when it runs, so registering the commands (for
``record --help`` or a usage error) costs nothing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.context import CliContext, print_json
from desktop.errors import UsageError
from desktop.names import LEDGER_LABELS_ZH, LEDGER_TABLES

if TYPE_CHECKING:
    from desktop.services.ledger import LedgerService


def register(subparsers: Any) -> None:
    """Add this module's commands to the parser."""
    init = subparsers.add_parser("init", help="create or upgrade this office's database")
    who = init.add_mutually_exclusive_group(required=True)
    who.add_argument("--township", metavar="CODE", help="12-digit township code")
    who.add_argument("--county", action="store_true", help="the county office")
    init.add_argument("--operator", metavar="NAME", help="operator name")
    init.add_argument(
        "--pc-label", metavar="TEXT", help="this PC's name for the county (default: computer name)"
    )
    init.set_defaults(handler=cmd_init)

    demo = subparsers.add_parser("demo", help="fill with deterministic demonstration records")
    demo.add_argument("--records", type=int, default=1000, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    demo.add_argument(
        "--county",
        action="store_true",
        help="county: build every township's installation, export and import real packages",
    )
    demo.set_defaults(handler=cmd_demo)

    stats_parser = subparsers.add_parser("stats", help="record counts per ledger and township")
    stats_parser.add_argument("--json", action="store_true")
    stats_parser.set_defaults(handler=cmd_stats)

    targets = subparsers.add_parser("targets", help="the plan's targets as stored")
    targets.add_argument("--json", action="store_true")
    targets.set_defaults(handler=cmd_targets)

    record = subparsers.add_parser("record", help="add, edit, delete, show or list records")
    actions = record.add_subparsers(dest="record_action", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add", help="add a record from JSON (or many from JSON lines); prints each new id"
    )
    add.add_argument("ledger", choices=list(LEDGER_TABLES), metavar="LEDGER")
    source = add.add_mutually_exclusive_group(required=True)
    source.add_argument("--json", metavar="FILE|-", dest="json_source", help="one JSON object")
    source.add_argument(
        "--jsonl",
        metavar="FILE|-",
        dest="jsonl_source",
        help="one JSON object a line, all added in one transaction (or none); ids a line each",
    )
    add.set_defaults(handler=cmd_record_add)
    edit = actions.add_parser("edit", help="change only the given fields")
    edit.add_argument("record_id", metavar="ID")
    edit.add_argument("--json", required=True, metavar="FILE|-", dest="json_source")
    edit.add_argument("--reason", help="why (kept in the audit trail)")
    edit.set_defaults(handler=cmd_record_edit)
    delete = actions.add_parser("delete", help="delete (tombstone) a record")
    delete.add_argument("record_id", metavar="ID")
    delete.add_argument("--reason", help="why (kept in the audit trail)")
    delete.set_defaults(handler=cmd_record_delete)
    show = actions.add_parser("show", help="show one record")
    show.add_argument("record_id", metavar="ID")
    show.add_argument("--json", action="store_true")
    show.add_argument("--history", action="store_true", help="include the audit trail")
    show.set_defaults(handler=cmd_record_show)
    listing = actions.add_parser("list", help="list records of a ledger, newest first")
    listing.add_argument("ledger", choices=list(LEDGER_TABLES), metavar="LEDGER")
    listing.add_argument("--json", action="store_true")
    listing.add_argument("--limit", type=int, default=50, metavar="N")
    listing.add_argument("--offset", type=int, default=0, metavar="N")
    listing.add_argument("--filter", default="", metavar="TEXT", help="free text")
    listing.add_argument("--deleted", action="store_true", help="include deleted records")
    listing.set_defaults(handler=cmd_record_list)

    gui = subparsers.add_parser("gui", help="open the window (the default)")
    gui.set_defaults(handler=run_gui)


def cmd_init(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.services import office as office_service

    database = context.database(create=True)
    found = database.has_schema()
    office = office_service.init_office(
        database,
        township_code=args.township,
        county=args.county,
        operator=args.operator,
        pc_label=args.pc_label,
    )
    verb = "已升级 / upgraded" if found else "已创建 / created"
    print(f"{verb}: {office.display_name()}（{office.owner}） — {context.data_dir}")
    print(
        f"installation {office.installation_id}, operator {office.operator}, "
        f"电脑 / PC: {office.pc_label}"
    )
    from desktop.sync.keys import ensure_identity

    with database.session() as session:
        print(f"签名密钥指纹 / signing key fingerprint: {ensure_identity(session).fingerprint}")
    return 0


def cmd_demo(context: CliContext, args: argparse.Namespace) -> int:
    if args.records < 1 or args.records > 2_000_000:
        raise UsageError("--records 应在 1 到 2000000 之间", "--records must be 1..2000000")
    if args.county:
        from desktop.cli.sync_commands import run_county_demo

        return run_county_demo(context, args.records, args.seed)
    from desktop.services import demo as demo_service

    office = context.office()
    counts = demo_service.generate(context.database(), office, args.records, args.seed)
    print_json(counts.as_dict())
    return 0


def cmd_stats(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.services import stats

    quick = context.quick_reader()
    if quick is not None:  # SQLite at this release's schema: no SQLAlchemy needed
        connection, office = quick
        try:
            execute = stats.sqlite_execute(connection)
            counts = stats.counts_from(execute)
            names = stats.township_names_from(execute)
        finally:
            connection.close()
    else:
        office = context.office()
        with context.database().session() as session:
            execute = stats.session_execute(session)
            counts = stats.counts_from(execute)
            names = stats.township_names_from(execute)
    if args.json:
        print_json({"office": office.owner, **counts})
        return 0
    print(f"{office.display_name()}（{office.owner}）")
    for ledger, number in counts["total"].items():
        print(f"  {LEDGER_LABELS_ZH[ledger]:<10} {ledger:<18} {number:>9}")
    for owner, per_ledger in counts["by_owner"].items():
        print(
            f"  {names.get(owner, owner)}（{owner}）："
            + ", ".join(f"{k}={v}" for k, v in per_ledger.items() if v)
        )
    return 0


def cmd_targets(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.services import reference

    context.office()
    with context.database().session() as session:
        rows = [reference.target_as_dict(t) for t in reference.targets(session)]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        print(
            f"{row['section']:<6} {row['name_zh']} {row['comparison']} "
            f"{row['target_text']}{row['unit'] if row['target_value'] is not None else ''}"
        )
    return 0


def _read_source(source: str) -> bytes:
    """FILE (or stdin for ``-``) as UTF-8 JSON text: a UTF-8 byte-order mark dropped and GBK
    (what Notepad saves as "ANSI" on Chinese Windows) converted, as the spreadsheet import reads
    a CSV file; anything else is passed on for the JSON reader to say what is wrong."""
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as error:
        raise UsageError(f"无法读取 {source}：{error}", f"cannot read {source}: {error}") from error
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return raw.decode("gb18030").encode("utf-8")
        except UnicodeDecodeError:
            return raw
    return raw


def _read_json_object(source: str) -> dict[str, Any]:
    import orjson

    raw = _read_source(source)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise UsageError(f"JSON 格式错误：{error}", f"malformed JSON: {error}") from error
    if not isinstance(data, dict):
        raise UsageError("JSON 应为一个对象 {...}", "the JSON must be one object {...}")
    return data


def _service(context: CliContext) -> LedgerService:
    from desktop.services.ledger import LedgerService

    return LedgerService(context.database(), context.office())


def _read_json_lines(source: str) -> tuple[list[dict[str, Any]], list[int]]:
    """The objects of a JSON-lines file and the line each came from (blank lines skipped);
    a bad line is named, nothing saved."""
    import orjson

    raw = _read_source(source)
    objects: list[dict[str, Any]] = []
    numbers: list[int] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            raise UsageError(
                f"第 {number} 行 JSON 格式错误：{error}（整批均未保存）",
                f"line {number}: malformed JSON: {error} (nothing was saved)",
            ) from error
        if not isinstance(data, dict):
            raise UsageError(
                f"第 {number} 行应为一个 JSON 对象 {{...}}（整批均未保存）",
                f"line {number} must be one JSON object {{...}} (nothing was saved)",
            )
        objects.append(data)
        numbers.append(number)
    return objects, numbers


def cmd_record_add(context: CliContext, args: argparse.Namespace) -> int:
    if args.jsonl_source is not None:
        records, lines = _read_json_lines(args.jsonl_source)
        results = _service(context).create_many(args.ledger, records, line_numbers=lines)
        sys.stdout.write("".join(f"{result.record['id']}\n" for result in results))
        return 0
    data = _read_json_object(args.json_source)
    result = _service(context).create(args.ledger, data)
    print(result.record["id"])
    return 0


def cmd_record_edit(context: CliContext, args: argparse.Namespace) -> int:
    data = _read_json_object(args.json_source)
    result = _service(context).update(args.record_id, data, reason=args.reason)
    print(f"{result.record['id']}: " + (", ".join(result.changed_fields) or "无变化 / unchanged"))
    return 0


def cmd_record_delete(context: CliContext, args: argparse.Namespace) -> int:
    result = _service(context).delete(args.record_id, reason=args.reason)
    print(f"{result.record['id']}: 已删除 / deleted")
    return 0


def cmd_record_show(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.services.ledger import spec_for

    service = _service(context)
    record = service.get(args.record_id)
    if args.history:
        record["history"] = service.history(args.record_id)
    if args.json:
        print_json(record)
        return 0
    spec = spec_for(record["ledger"])
    print(f"{spec.label_zh} {record['id']}{'（已删除 / deleted）' if record['deleted'] else ''}")
    for fld in spec.fields:
        value = record[fld.name]
        shown = fld.choice_label(value) if fld.choices else value
        print(f"  {fld.label_zh}：{'' if shown is None else shown}")
    for entry in record.get("history", []):
        print(f"  [{entry['at']}] {entry['actor']} {entry['action']} {entry['changed_fields']}")
    return 0


def cmd_record_list(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.services import queries
    from desktop.services.ledger import spec_for

    if not 0 < args.limit <= queries.MAX_PAGE:
        raise UsageError(
            f"--limit 应在 1 到 {queries.MAX_PAGE} 之间", f"--limit must be 1..{queries.MAX_PAGE}"
        )
    context.office()
    spec = spec_for(args.ledger)
    query = queries.LedgerQuery(
        text=args.filter, include_deleted=args.deleted, offset=max(0, args.offset), limit=args.limit
    )
    with context.database().session() as session:
        page = queries.fetch_page(session, spec, query, date.today())
    if args.json:
        print_json({"ledger": spec.name, "total": page.total, "records": page.rows})
        return 0
    print(f"{spec.label_zh}：{page.total}")
    for row in page.rows:
        when = row.get(spec.date_field, "") if spec.date_field else ""
        print(f"  {row['id']}  {when or ''}  {row[spec.title_field]}")
    return 0


def run_gui(context: CliContext, args: argparse.Namespace) -> int:
    """Open the window (imports Qt only now, so the other commands stay light)."""
    from desktop.paths import ensure_writable
    from desktop.ui.launch import run

    if context.database_url is None:
        ensure_writable(context.data_dir)  # a write-protected USB stick is said plainly
    return run(context.data_dir, database_url=context.database_url)
