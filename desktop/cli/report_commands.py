"""Report commands: ``indicators``, ``report`` (the 月报 workbook; ``--issue`` freezes it),
``reports issued/show/changes`` (issued reports). The imports live in ``import_commands``."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.context import CliContext, print_json
from desktop.errors import UsageError

if TYPE_CHECKING:
    from desktop.services.office import Office


def register(subparsers: Any) -> None:
    """Add this module's commands to the parser."""
    indicators = subparsers.add_parser(
        "indicators", help="every plan target computed from the records, per township"
    )
    indicators.add_argument("--as-of", metavar="YYYY-MM-DD", help="day to compute on (today)")
    indicators.add_argument("--township", metavar="CODE", help="one township only")
    indicators.add_argument("--plan", metavar="PLAN", help="plan id (default: the current plan)")
    indicators.add_argument("--json", action="store_true")
    indicators.add_argument(
        "--records", metavar="TARGET_ID", help="list the ids of the records behind one target"
    )
    indicators.set_defaults(handler=cmd_indicators)

    report = subparsers.add_parser("report", help="write the monthly report workbook (月报)")
    report.add_argument("--period", required=True, metavar="YYYY-MM")
    report.add_argument("--out", required=True, metavar="FILE.xlsx")
    report.add_argument("--township", metavar="CODE", help="one township only")
    report.add_argument("--plan", metavar="PLAN", help="plan id (default: the current plan)")
    report.add_argument(
        "--issue",
        action="store_true",
        help="issue and freeze it (county): workbook, figures and record ids kept as issued",
    )
    report.set_defaults(handler=cmd_report)

    reports = subparsers.add_parser("reports", help="issued (frozen) monthly reports")
    commands = reports.add_subparsers(dest="reports_command", metavar="COMMAND")
    commands.required = True
    listing = commands.add_parser("issued", help="every issued report, newest first")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_reports_issued)
    show = commands.add_parser("show", help="an issued report's frozen figures")
    show.add_argument("report", metavar="ID|YYYY-MM", help="report id (or its start), or a period")
    show.add_argument("--out", metavar="FILE.xlsx", help="write the workbook exactly as issued")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_reports_show)
    changes = commands.add_parser("changes", help="what changed in the records since it was issued")
    changes.add_argument("report", metavar="ID|YYYY-MM")
    changes.add_argument("--json", action="store_true")
    changes.set_defaults(handler=cmd_reports_changes)


def _scope(context: CliContext, office: Office, township: str | None) -> str | None:
    """The township a command covers: a township office always covers its own."""
    from desktop.reports.indicators import township_list

    if office.township_code:
        if township and township != office.township_code:
            raise UsageError(
                f"本乡镇台账只能统计本乡镇（{office.township_code}）",
                f"a township office reports only its own township ({office.township_code})",
            )
        return office.township_code
    if township:
        with context.database().session() as session:
            township_list(session, township)
    return township


def _as_of(text: str | None) -> date:
    from desktop.services.validation import parse_date

    if not text:
        return date.today()
    try:
        return parse_date(text)
    except ValueError:
        raise UsageError(
            f"日期 {text!r} 格式有误，应为 YYYY-MM-DD",
            f"the date {text!r} is malformed; write YYYY-MM-DD",
        ) from None


def cmd_indicators(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.reports import figures
    from desktop.reports.indicators import compute_indicators, records_behind, report_as_dict
    from desktop.services import plans

    office = context.office()
    township = _scope(context, office, args.township)
    as_of = _as_of(args.as_of)
    with context.database().session() as session:
        if args.records:
            drill = records_behind(session, args.records, as_of, township, args.plan)
            if args.json:
                print_json(
                    {
                        "target": args.records,
                        "plan": plans.find(session, args.plan).id,
                        "ledger": drill.ledger,
                        "ids": drill.ids,
                        "supporting": drill.supporting,
                    }
                )
            else:
                print(f"# {drill.ledger}: {len(drill.ids)}")
                sys.stdout.write("".join(f"{i}\n" for i in drill.ids))
                for ledger, ids in drill.supporting.items():
                    print(f"# {ledger}: {len(ids)}")
                    sys.stdout.write("".join(f"{i}\n" for i in ids))
            return 0
        report = compute_indicators(session, as_of, township, args.plan)
    if args.json:
        print_json(report_as_dict(report))
        return 0
    scope = dict(report.townships).get(township or "", "全县") if township else "全县"
    print(
        f"{scope} 截至 {as_of.isoformat()}  规划：{report.plan.id} {report.plan.name_zh}"
        f"（计数期 {report.window.start}…{report.window.end}，"
        f"已过 {report.window.elapsed_share(as_of):.0%}）"
    )
    if report.window_note():
        print(f"注意：{report.window_note()}")
    section = None
    for indicator in report.indicators:
        target = indicator.target
        if target.section != section:
            section = target.section
            print(f"\n{section}")
        share = indicator.percent_of_target
        percent = "" if share is None else f"  {figures.percent_text(share)}"
        unit = "" if target.unit.startswith("%") or target.is_flag else f" {target.unit}"
        figure = figures.indicator_text(indicator, indicator.total.value)
        print(
            f"  {target.name_zh}：{figure}{unit} / 目标 {target.goal_label()}"
            f"{percent}  [{indicator.status.label()}]"
        )
    return 0


def cmd_report(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.reports.monthly import parse_period
    from desktop.reports.writing import write_or_issue

    office = context.office()
    township = _scope(context, office, args.township)
    today = date.today()
    period = parse_period(args.period, today)
    out = Path(args.out).expanduser()
    with context.database().session() as session:
        written = write_or_issue(
            session, office, out, period, today, township=township, plan=args.plan, issue=args.issue
        )
    if written.issued is not None:
        info = written.issued
        print(f"已签发并存档 / issued and frozen: {info.id}  {info.period}  规划 {info.plan_id}")
        print(f"已写出 / written: {out}")
        return 0
    summary = written.summary
    print(f"已写出 / written: {summary.path}")
    for sheet in summary.sheets:
        rows = summary.detail_rows.get(sheet)
        print(f"  {sheet}" + (f"  ({rows} 行 / rows)" if rows is not None else ""))
    return 0


def _percent_text(value: Any) -> str:
    return "—" if value is None else f"{value:g}"


def cmd_reports_issued(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.reports import snapshots

    context.office()
    with context.database().session() as session:
        rows = [info.as_dict() for info in snapshots.issued(session)]
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("尚无已签发的月报 / no issued report yet")
    for row in rows:
        scope = row["township"] or "全县"
        print(
            f"{row['id']}  {row['period']}  {scope}  规划 {row['plan']}  "
            f"{row['issued_at']} {row['issued_by']}  {row['workbook']}"
        )
    return 0


def cmd_reports_show(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.reports import snapshots

    context.office()
    with context.database().session() as session:
        row = snapshots.get(session, args.report)
        info = snapshots.IssuedInfo.of(row)
        figures = row.figures
        if args.out:
            snapshots.save_workbook(row, Path(args.out).expanduser())
    if args.json:
        print_json({"report": info.as_dict(), "figures": figures})
        return 0
    print(f"{info.id}  {info.period}  规划 {info.plan_id}  签发 {info.issued_at} {info.issued_by}")
    for item in figures["rows"]:
        print(
            f"  {item['number']:>2} {item['name']}: 本年累计 {_percent_text(item['year_to_date'])}"
            f"  规划期累计 {_percent_text(item['plan_to_date'])}"
            f"  完成进度 {_percent_text(item['progress'])}"
        )
    if args.out:
        print(f"已写出 / written: {args.out}")
    return 0


def cmd_reports_changes(context: CliContext, args: argparse.Namespace) -> int:
    from desktop.reports import snapshots

    context.office()
    with context.database().session() as session:
        changes = snapshots.changes_since(session, snapshots.get(session, args.report))
    if args.json:
        print_json(changes.as_dict())
        return 0
    info = changes.info
    print(f"{info.period} 月报（{info.issued_at} 签发）以来的变化 / changes since issued:")
    if changes.unchanged:
        print("  无变化 / nothing changed")
    for change in changes.figures:
        print(
            f"  {change.name} {snapshots.COLUMN_LABELS[change.column]}: "
            f"{_percent_text(change.issued)} → {_percent_text(change.now)}"
        )
    for target_id, ids in changes.added.items():
        print(f"  + {target_id}: {len(ids)} 条新记录 / records added")
    for target_id, ids in changes.removed.items():
        print(f"  - {target_id}: {len(ids)} 条记录不再计入 / records no longer counted")
    return 0
