"""Plan commands: ``plans list``, ``show``, ``import``, ``current`` and ``copy``.

Plans are county reference data: every office can read them; only the county adds, copies,
imports or marks one current (the reference package then carries the change down).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.context import CliContext, print_json
from desktop.errors import UsageError


def register(subparsers: Any) -> None:
    """Add this module's commands to the parser."""
    parser = subparsers.add_parser("plans", help="the plans (规划): windows, targets, current")
    commands = parser.add_subparsers(dest="plans_command", metavar="COMMAND")
    commands.required = True
    listing = commands.add_parser("list", help="every plan with its window; * marks the current")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)
    show = commands.add_parser("show", help="one plan: document, window, targets and categories")
    show.add_argument("plan", metavar="PLAN", help="plan id (or name)")
    show.add_argument("--json", action="store_true")
    show.add_argument("--out", metavar="FILE.xlsx", help="also write it as an importable workbook")
    show.set_defaults(handler=cmd_show)
    imports = commands.add_parser("import", help="add or update a plan from a targets workbook")
    imports.add_argument("file", metavar="FILE.xlsx")
    imports.add_argument("--dry-run", action="store_true", help="check and show, write nothing")
    imports.add_argument("--json", action="store_true")
    imports.set_defaults(handler=cmd_import)
    current = commands.add_parser("current", help="mark a plan current (county)")
    current.add_argument("plan", metavar="PLAN")
    current.set_defaults(handler=cmd_current)
    copy = commands.add_parser("copy", help="start a new plan as a copy of another (county)")
    copy.add_argument("source", metavar="PLAN")
    copy.add_argument("new_id", metavar="NEW_ID")
    copy.add_argument("--name", required=True, help="the new plan's name")
    copy.add_argument("--start", required=True, metavar="YYYY-MM-DD", help="window start")
    copy.add_argument("--end", required=True, metavar="YYYY-MM-DD", help="window end")
    copy.add_argument("--document", help="issuing document")
    copy.add_argument("--number", help="document number (文号)")
    copy.set_defaults(handler=cmd_copy)


def cmd_list(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.services import plans

    context.office()
    with context.database().session() as session:
        current = plans.current_id(session)
        rows = [plans.plan_summary(session, p, current) for p in plans.all_plans(session)]
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        mark = "*" if row["current"] else " "
        window = row["window"]
        print(
            f"{mark} {row['id']}  {row['name']}  计数期 {window['start']}…{window['end']}"
            f"  {row['targets']} 项目标"
        )
    return 0


def _goal(target: dict[str, Any]) -> str:
    if target["target_value"] is None:
        text = str(target["target_text"])
        if "true" in text:
            return "达标" if "达标" in text else "完成"
        return "高于上年"
    sign = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}.get(target["comparison"], "")
    return f"{sign}{target['target_value']:g}{'%' if target['unit'] == '%' else ''}"


def cmd_show(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.reports import plan_workbook
    from desktop.services import plans

    context.office()
    with context.database().session() as session:
        plan = plans.find(session, args.plan)
        data = plans.plan_as_dict(session, plan)
        if args.out:
            plan_workbook.write_workbook(session, plan, Path(args.out).expanduser())
    if args.json:
        print_json(data)
        return 0
    print(f"{data['id']}  {data['name']}" + ("（当前规划）" if data["current"] else ""))
    document = f"《{data['document']}》" if data["document"] else "—"
    print(
        f"  文件：{document} {data['document_number']}  印发：{data['issuer']} {data['issued_on']}"
    )
    print(f"  计数期：{data['window']['start']}…{data['window']['end']}")
    for target in data["targets"]:
        categories = "、".join(target["categories"]) or "县级统计（手工填报）"
        print(f"  {target['id']}  {target['name']}  目标 {_goal(target)}  计入：{categories}")
    if args.out:
        print(f"已写出 / written: {args.out}")
    return 0


def cmd_import(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.models import Plan
    from desktop.reports import plan_workbook
    from desktop.services import plans

    office = context.office()
    path = Path(args.file).expanduser()
    with context.database().session() as session:
        draft = plan_workbook.read_workbook(session, path)
        existing = draft.plan_id and session.get(Plan, draft.plan_id) is not None
        if not draft.problems and not args.dry_run:
            plan_workbook.apply(session, office, draft)
        elif not draft.problems:
            plans.county_only(office)
    result = {**draft.as_dict(), "dry_run": bool(args.dry_run), "updates": bool(existing)}
    if args.json:
        print_json(result)
    else:
        action = "更新" if existing else "新增"
        window = f"{draft.fields.get('window_start', '')}…{draft.fields.get('window_end', '')}"
        print(
            f"{'（试运行，未写入）' if args.dry_run else ''}{action}规划 {draft.plan_id}"
            f" {draft.fields.get('name_zh', '')}  计数期 {window}  {len(draft.targets)} 项目标"
        )
        if draft.new_targets:
            print("  新目标：" + "、".join(t["id"] for t in draft.new_targets))
        for problem in draft.problems:
            print(f"  问题：{problem}")
    if draft.problems:
        raise UsageError(
            f"规划工作簿有 {len(draft.problems)} 处问题，未导入",
            f"the plan workbook has {len(draft.problems)} problem(s); nothing was imported",
        )
    return 0


def cmd_current(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.services import plans

    office = context.office()
    with context.database().session() as session:
        plan = plans.set_current(session, office, args.plan)
        print(
            f"当前规划 / current plan: {plan.id} {plan.name_zh}"
            f"（计数期 {plan.window_start}…{plan.window_end}）"
        )
    return 0


def cmd_copy(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.services import plans

    office = context.office()
    fields = {
        "name_zh": args.name,
        "window_start": args.start,
        "window_end": args.end,
        "document": args.document,
        "document_number": args.number,
    }
    with context.database().session() as session:
        plan = plans.copy_plan(session, office, args.source, args.new_id, fields)
        count = len(plans.plan_targets(session, plan.id))
        print(f"已新增规划 / added plan: {plan.id} {plan.name_zh}（{count} 项目标）")
    return 0
