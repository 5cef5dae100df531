"""Rows of the 月报's detail sheets, streamed from SQL in the column order clerks expect.

The inspection sheet follows the food-sampling ledger of DOMAIN.md: producer name and address as
labelled, sampled unit, product, specification, trademark, production date/batch, failing item ‖
result ‖ limit, category, notice number and date, task source, lab, conclusion, follow-up.
Each function returns the header labels and an iterator of plain value tuples; rows are fetched in
batches (``yield_per``) so 100,000 of them never sit in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import orjson
from sqlalchemy import String, and_, func, literal, select, type_coerce, union_all
from sqlalchemy.orm import Session, aliased

from desktop.models import (
    Category,
    Certification,
    Enterprise,
    Inspection,
    Project,
    ProjectProgress,
    Township,
)
from desktop.reports.basis import Span
from desktop.services import expiry
from desktop.services.fields import (
    PROJECT_LEVELS,
    PROJECT_STATUSES,
    RECTIFICATION_STATUSES,
    RESULTS,
    ROLES,
    SAMPLING_STAGES,
)

BATCH = 2000


@dataclass(frozen=True)
class DetailSheet:
    """A detail table: its title, headers, widths and the row iterator."""

    title: str
    headers: tuple[str, ...]
    widths: tuple[float, ...]
    rows: Iterator[tuple[Any, ...]]
    percent_columns: tuple[int, ...] = ()
    groups: tuple[int, ...] = ()
    """Columns (1-based) that begin a new printed column group: the sheet prints as two (or
    more) A4 pages side by side, each at full size with 序号 repeated, instead of one page
    squeezed to an unreadable scale."""
    description: str = ""
    """One line for the contents sheet: what the sheet lists."""


def _labels(choices: Any) -> dict[str, str]:
    return {c.code: c.label_zh for c in choices}


def _label(labels: dict[str, str], code: Any) -> Any:
    """The Chinese label of a choice code (the code itself when unknown)."""
    return labels.get(code, code) if isinstance(code, str) else code


RESULT_LABELS = _labels(RESULTS)
LEVEL_LABELS = _labels(PROJECT_LEVELS)  # a superset of LEVELS (adds 镇级)
STAGE_LABELS = _labels(SAMPLING_STAGES)
ROLE_LABELS = _labels(ROLES)
STATUS_LABELS = _labels(PROJECT_STATUSES)
RECTIFICATION_LABELS = _labels(RECTIFICATION_STATUSES)


def _official(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def _failing(items: Any) -> str:
    if not isinstance(items, list):
        return ""
    parts = []
    for item in items:
        if isinstance(item, dict):
            measured = f"{item.get('measured', '')}{item.get('unit', '')}"
            parts.append(f"{item.get('item', '')}║{measured}║{item.get('limit', '')}")
    return ";".join(parts)


def _failing_text(raw: Any) -> str:
    """Failing items from JSON text (SQLite) or already decoded (PostgreSQL's json type)."""
    if isinstance(raw, (str, bytes)):
        return _failing(orjson.loads(raw)) if raw and raw not in ("[]", b"[]") else ""
    return _failing(raw)


def _follow_up(status: Any, deadline: Any, closed: Any, today: date) -> str:
    if status == "done":
        return f"已整改（{_official(closed)}）" if closed else "已整改"
    if status == "pending":
        if deadline and deadline < today:
            return f"逾期未整改（期限{_official(deadline)}）"
        return f"整改中（期限{_official(deadline)}）" if deadline else "整改中"
    return str(RECTIFICATION_LABELS.get(status, status))


def _township_condition(column: Any, township: str | None) -> list[Any]:
    return [column == township] if township else []


INSPECTION_HEADERS = (
    "序号",
    "标称生产者名称",
    "标称生产者地址",
    "被抽样单位名称",
    "被抽样单位所在乡镇",
    "食品/产品名称",
    "规格型号",
    "商标",
    "生产日期/批号",
    "不合格项目║检验结果║标准值",
    "检查类别",
    "食品分类",
    "抽样环节",
    "公告号",
    "公告日期",
    "抽检日期",
    "任务来源",
    "检验机构",
    "检验报告编号",
    "结论",
    "处置情况",
    "抽检批次",
    "合格批次",
    "记录编号",
)
INSPECTION_WIDTHS = (
    *(4, 22, 21, 22, 9, 14, 9, 7, 10),
    *(22, 14, 12, 8, 14, 10, 10),
    *(10, 20, 14, 6, 24, 6, 6),
    38,
)
INSPECTION_GROUPS = (10, 17)
"""Printed as three facing pages: who and what was sampled (序号 … 生产日期/批号), the finding and
its notice (不合格项目 … 抽检日期), then who tested it and what followed (任务来源 … 合格批次)."""


def _names(session: Session, model: Any, key: Any, label: Any) -> dict[str, str]:
    """A small reference table as a dict (townships, categories)."""
    return {str(k): str(v) for k, v in session.execute(select(key, label))}


def _enterprises(session: Session, ids: set[str]) -> dict[str, tuple[str, str]]:
    """Names and addresses of the enterprises of one batch of rows (one IN query)."""
    if not ids:
        return {}
    statement = select(Enterprise.id, Enterprise.name, Enterprise.address).where(
        Enterprise.id.in_(ids)
    )
    rows = session.connection().execute(statement).all()  # one fetch, not one per row
    return {key: (name or "", address or "") for key, name, address in rows}


def inspection_rows(
    session: Session, span: Span, township: str | None, today: date
) -> Iterator[tuple[Any, ...]]:
    """Inspections in the span, oldest first, in the food-sampling column order.

    Rows stream in batches; each batch looks its enterprises up with one ``IN`` query, and the
    failing items (JSON text) are parsed only when there are any.
    """
    towns = _names(session, Township, Township.code, Township.name_zh)
    categories = _names(session, Category, Category.code, Category.label_zh)
    statement = (
        select(
            Inspection.enterprise_id,
            Inspection.township_code,
            Inspection.subject,
            Inspection.specification,
            Inspection.trademark,
            Inspection.batch,
            type_coerce(Inspection.failing_items, String),
            Inspection.category_code,
            Inspection.notice_number,
            Inspection.inspection_date,
            Inspection.task_source,
            Inspection.inspecting_body,
            Inspection.result,
            Inspection.rectification_status,
            Inspection.rectification_deadline,
            Inspection.rectification_closed_date,
            Inspection.batches_sampled,
            Inspection.batches_passed,
            Inspection.id,
            Inspection.producer_name,
            Inspection.producer_address,
            Inspection.food_category,
            Inspection.sampling_stage,
            Inspection.announcement_date,
            Inspection.report_number,
        )
        .where(
            Inspection.deleted.is_(False),
            Inspection.inspection_date <= span.end,
            *([Inspection.inspection_date >= span.start] if span.start else []),
            *_township_condition(Inspection.township_code, township),
        )
        .order_by(Inspection.inspection_date, Inspection.id)
        .execution_options(yield_per=BATCH)
    )
    number = 0
    follow_up = _follow_up
    for batch in session.connection().execute(statement).partitions():
        enterprises = _enterprises(session, {row[0] for row in batch if row[0]})
        for (
            enterprise_id,
            town,
            subject,
            spec,
            mark,
            lot,
            failing,
            category,
            notice,
            day,
            source,
            lab,
            result,
            status,
            deadline,
            closed,
            sampled,
            passed,
            record_id,
            producer,
            producer_address,
            food,
            stage,
            announced,
            report,
        ) in batch:
            name, address = enterprises.get(enterprise_id or "", ("", ""))
            number += 1
            yield (  # the producer on the label when recorded (retail sampling), else the unit
                number,
                producer or name,
                producer_address or ("" if producer else address),
                name,
                towns.get(town, town),
                subject,
                spec,
                mark,
                lot,
                _failing_text(failing) if failing and failing != "[]" else "",
                categories.get(category, category),
                food,
                STAGE_LABELS.get(stage, stage) if stage.__class__ is str else stage,
                notice,
                announced,
                day,
                source,
                lab,
                report,
                RESULT_LABELS.get(result, result) if result.__class__ is str else result,
                follow_up(status, deadline, closed, today),
                sampled,
                passed,
                record_id,
            )


def inspection_sheet(
    session: Session, span: Span, township: str | None, today: date
) -> DetailSheet:
    return DetailSheet(
        "抽检检查明细",
        INSPECTION_HEADERS,
        INSPECTION_WIDTHS,
        inspection_rows(session, span, township, today),
        groups=INSPECTION_GROUPS,
        description="抽检、检查、检测记录（按食品抽检台账的列序），本年累计",
    )


CERTIFICATION_HEADERS = (
    "序号",
    "乡镇",
    "企业名称",
    "统一社会信用代码",
    "类别",
    "名称",
    "级别",
    "证书/文号",
    "发证/授予单位",
    "发证日期",
    "有效期至",
    "主导/参与",
    "备注",
    "记录编号",
)
CERTIFICATION_WIDTHS = (4, 9, 28, 20, 24, 32, 7, 16, 26, 10, 10, 8, 30, 38)


def certification_rows(
    session: Session, span: Span, township: str | None
) -> Iterator[tuple[Any, ...]]:
    statement = (
        select(
            Township.name_zh,
            Enterprise.name,
            Enterprise.credit_code,
            Category.label_zh,
            Certification.title,
            Certification.level,
            Certification.document_number,
            Certification.awarding_body,
            Certification.awarded_date,
            Certification.expiry_date,
            Certification.role,
            Certification.notes,
            Certification.id,
        )
        .select_from(Certification)
        .outerjoin(Enterprise, Enterprise.id == Certification.enterprise_id)
        .outerjoin(Township, Township.code == Certification.township_code)
        .outerjoin(Category, Category.code == Certification.category_code)
        .where(
            Certification.deleted.is_(False),
            Certification.awarded_date <= span.end,
            *([Certification.awarded_date >= span.start] if span.start else []),
            *_township_condition(Certification.township_code, township),
        )
        .order_by(Certification.awarded_date, Certification.id)
        .execution_options(yield_per=BATCH)
    )
    for number, row in enumerate(session.execute(statement), start=1):
        town, name, code, category, title, level, doc, body, awarded, expiry, role = row[:11]
        notes, record_id = row[11:]
        yield (
            number,
            town,
            name or "",
            code or "",
            category,
            title,
            _label(LEVEL_LABELS, level),
            doc,
            body,
            awarded,
            expiry,
            _label(ROLE_LABELS, role),
            notes,
            record_id,
        )


def certification_sheet(session: Session, span: Span, township: str | None) -> DetailSheet:
    return DetailSheet(
        "认证品牌标准明细",
        CERTIFICATION_HEADERS,
        CERTIFICATION_WIDTHS,
        certification_rows(session, span, township),
        groups=(7,),
        description="认证、品牌、标准、奖项记录，本年累计",
    )


PROJECT_HEADERS = (
    "序号",
    "乡镇",
    "项目名称",
    "项目类别",
    "级别",
    "牵头单位",
    "开工日期",
    "计划完成日期",
    "计划投资（万元）",
    "最新进展月份",
    "完成进度（%）",
    "本月完成投资（万元）",
    "累计投资（万元）",
    "达到的里程碑",
    "状态",
    "记录编号",
)
PROJECT_WIDTHS = (4, 9, 32, 26, 7, 34, 10, 10, 12, 10, 10, 12, 12, 16, 8, 38)


def project_rows(session: Session, span: Span, township: str | None) -> Iterator[tuple[Any, ...]]:
    """Live projects started by the span's end, each with its latest progress up to then."""
    period = f"{span.end:%Y-%m}"
    latest = (
        select(
            ProjectProgress.project_id.label("project_id"),
            func.max(ProjectProgress.period).label("period"),
        )
        .where(ProjectProgress.deleted.is_(False), ProjectProgress.period <= period)
        .group_by(ProjectProgress.project_id)
        .subquery()
    )
    progress = aliased(ProjectProgress)
    statement = (
        select(
            Township.name_zh,
            Project.name,
            Category.label_zh,
            Project.level,
            Project.lead_unit,
            Project.start_date,
            Project.planned_completion,
            Project.planned_investment,
            progress.period,
            progress.percent_complete,
            progress.investment_this_month,
            progress.investment_to_date,
            progress.milestone_reached,
            Project.status,
            Project.id,
        )
        .select_from(Project)
        .outerjoin(latest, latest.c.project_id == Project.id)
        .outerjoin(
            progress,
            and_(
                progress.project_id == Project.id,
                progress.period == latest.c.period,
                progress.deleted.is_(False),
            ),
        )
        .outerjoin(Township, Township.code == Project.township_code)
        .outerjoin(Category, Category.code == Project.category_code)
        .where(
            Project.deleted.is_(False),
            Project.start_date <= span.end,
            *_township_condition(Project.township_code, township),
        )
        .order_by(Project.township_code, Project.start_date, Project.id)
        .execution_options(yield_per=BATCH)
    )
    for number, row in enumerate(session.execute(statement), start=1):
        town, name, category, level, lead, start, planned, investment = row[:8]
        month, percent, this_month, invested, milestone, status, record_id = row[8:]
        yield (
            number,
            town,
            name,
            category,
            _label(LEVEL_LABELS, level),
            lead,
            start,
            planned,
            investment,
            month,
            None if percent is None else percent / 100,
            this_month,
            invested,
            milestone,
            _label(STATUS_LABELS, status),
            record_id,
        )


def project_sheet(session: Session, span: Span, township: str | None) -> DetailSheet:
    return DetailSheet(
        "示范项目进展",
        PROJECT_HEADERS,
        PROJECT_WIDTHS,
        project_rows(session, span, township),
        percent_columns=(11,),
        groups=(7,),
        description="截至报告期末已开工的示范、试点项目及其最新月度进展",
    )


ALERT_HEADERS = (
    "序号",
    "事项",
    "乡镇",
    "企业名称",
    "统一社会信用代码",
    "检查对象/证书名称",
    "类别",
    "检查/发证日期",
    "整改期限/有效期至",
    "逾期/剩余天数",
    "联系人",
    "联系电话",
    "记录编号",
)
ALERT_WIDTHS = (4, 10, 9, 30, 20, 30, 26, 11, 13, 11, 10, 14, 38)


def alert_rows(
    session: Session, as_of: date, warning_days: int, township: str | None
) -> Iterator[tuple[Any, ...]]:
    """Rectifications pending past their deadline, then certificates expiring soon or expired.

    A certificate is listed when it expires within ``warning_days`` after ``as_of`` or expired
    in the last ``warning_days`` days (older expiries are history, not reminders).
    """
    overdue = select(
        literal("逾期未整改").label("kind"),
        Inspection.township_code.label("township_code"),
        Inspection.enterprise_id.label("enterprise_id"),
        Inspection.subject.label("subject"),
        Inspection.category_code.label("category_code"),
        Inspection.inspection_date.label("day"),
        Inspection.rectification_deadline.label("due"),
        Inspection.id.label("record_id"),
    ).where(
        Inspection.deleted.is_(False),
        Inspection.rectification_status == "pending",
        Inspection.rectification_deadline < as_of,
        *_township_condition(Inspection.township_code, township),
    )
    expiring = select(
        literal("证书到期").label("kind"),
        Certification.township_code,
        Certification.enterprise_id,
        Certification.title,
        Certification.category_code,
        Certification.awarded_date,
        Certification.expiry_date,
        Certification.id,
    ).where(
        Certification.deleted.is_(False),
        expiry.expiring_condition(Certification.expiry_date, as_of, warning_days),
        Certification.expiry_date >= as_of - timedelta(days=warning_days),
        *_township_condition(Certification.township_code, township),
    )
    both = union_all(overdue, expiring).subquery()
    statement = (
        select(
            both.c.kind,
            Township.name_zh,
            Enterprise.name,
            Enterprise.credit_code,
            both.c.subject,
            Category.label_zh,
            both.c.day,
            both.c.due,
            Enterprise.contact_person,
            Enterprise.contact_phone,
            both.c.record_id,
        )
        .select_from(both)
        .outerjoin(Enterprise, Enterprise.id == both.c.enterprise_id)
        .outerjoin(Township, Township.code == both.c.township_code)
        .outerjoin(Category, Category.code == both.c.category_code)
        .order_by(both.c.kind.desc(), both.c.due, both.c.record_id)
        .execution_options(yield_per=BATCH)
    )
    for number, row in enumerate(session.execute(statement), start=1):
        kind, town, name, code, subject, category, day, due, person, phone, record_id = row
        days = (as_of - due).days if due else None
        if kind == "证书到期" and days is not None:
            remaining = f"已过期{days}天" if days > 0 else f"剩余{-days}天"
        else:
            remaining = f"逾期{days}天" if days is not None else ""
        yield (
            number,
            kind,
            town,
            name or "",
            code or "",
            subject,
            category,
            day,
            due,
            remaining,
            person,
            phone,
            record_id,
        )


def alert_sheet(
    session: Session, as_of: date, warning_days: int, township: str | None
) -> DetailSheet:
    return DetailSheet(
        "逾期整改与证书到期",
        ALERT_HEADERS,
        ALERT_WIDTHS,
        alert_rows(session, as_of, warning_days, township),
        groups=(7,),
        description="整改期限已过仍未整改的检查，及临近到期或已过期的证书",
    )
