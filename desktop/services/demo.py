"""Deterministic demonstration data: enterprises, inspections, certificates, projects, progress.

The same ``seed`` and ``records`` give the same records (ids included) on any machine, so demo
databases, screenshots and benchmarks are reproducible. Rows are written with set-based inserts
and carry the full sync identity, so they export and merge like any clerk's record.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.ids import owned_id
from desktop.models import (
    Certification,
    Enterprise,
    Inspection,
    ManualStatistic,
    Project,
    ProjectProgress,
    SyncRecord,
    Township,
)
from desktop.services import office as office_service
from desktop.services import reference
from desktop.services.audit import record_audit
from desktop.services.credit_code import ALPHABET, check_character
from desktop.services.office import Office

START = date(2019, 1, 1)

PLACES = [
    "罗阳",
    "司前",
    "百丈",
    "筱村",
    "泗溪",
    "彭溪",
    "雅阳",
    "仕阳",
    "三魁",
    "南浦溪",
    "龟湖",
    "西旸",
    "竹里",
    "包垟",
    "东溪",
    "柳峰",
    "雪溪",
    "大安",
    "凤垟",
    "洲岭",
    "氡泉",
    "廊桥",
]
VILLAGES = ["", "东村", "西岭", "溪头", "上洋", "下垟", "岭北", "新桥"]
BRANDS = [
    "茗香",
    "竹韵",
    "山泉",
    "云岚",
    "绿源",
    "廊桥",
    "乌岩",
    "翠峰",
    "畲乡",
    "玉龙",
    "金秋",
    "瑞丰",
    "森宝",
    "华康",
    "天润",
    "宏达",
    "信诚",
    "佳味",
    "清风",
    "福泰",
]
INDUSTRIES: list[tuple[str, str, list[str]]] = [
    ("茶叶", "茶业", ["三杯香绿茶", "红茶", "白茶", "香茶", "抹茶粉"]),
    ("竹木制品", "竹木制品", ["竹筷", "竹砧板", "竹制家具", "木质玩具", "竹地板"]),
    ("橡胶制品", "橡胶制品", ["橡胶密封圈", "橡胶减震垫", "O型圈", "橡胶软管"]),
    ("汽摩配", "汽摩配件", ["汽车刹车片", "摩托车链条", "离合器片", "减震器"]),
    ("水果", "农业开发", ["猕猴桃", "杨梅", "高山蔬菜", "铁皮石斛", "香菇"]),
    ("酒类", "酒业", ["纯粮白酒", "米酒", "杨梅酒"]),
    ("食品", "食品", ["番薯粉丝", "笋干", "糕点", "腊肉", "豆腐干"]),
    ("餐饮", "餐饮管理", ["自助餐", "学校食堂套餐", "农家菜"]),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
BODIES = [
    "泰顺县市场监督管理局",
    "温州市质量技术监督检测院",
    "泰顺县农产品质量安全检测站",
    "浙江省食品药品检验研究院",
    "泰顺县综合行政执法局",
]
INSPECTION_MIX: list[tuple[str, float, float]] = [
    ("INS_PRODUCT_QUALITY_SPOT_CHECK", 0.22, 0.955),
    ("INS_AGRI_PRODUCT_SAFETY_TEST", 0.24, 0.985),
    ("INS_FOOD_SAFETY_SAMPLING", 0.18, 0.97),
    ("INS_DOUBLE_RANDOM", 0.14, 0.9),
    ("INS_PREPACK_NET_CONTENT", 0.06, 0.95),
    ("INS_CATERING_HONEST_METROLOGY", 0.05, 0.93),
    ("INS_SCHOOL_FOOD_SAFETY", 0.06, 0.96),
    ("INS_SANXIAO_YITAN", 0.05, 0.9),
]
FAILING_ITEMS = [
    ("菌落总数", "CFU/g", "1.2×10⁵", "≤1.0×10⁵"),
    ("二氧化硫残留量", "g/kg", "0.18", "≤0.1"),
    ("净含量", "g", "-4.8%", "≥-4.5%"),
    ("拉伸强度", "MPa", "8.2", "≥10"),
    ("毒死蜱", "mg/kg", "0.08", "≤0.05"),
    ("标签标识", "", "缺少生产日期", "GB 7718"),
]
CERT_MIX: list[tuple[str, str, str, float]] = [
    # (category, level, title, weight): self-declared standards are common, awards are rare.
    ("STD_SELF_DECLARATION", "national", "企业标准自我声明公开", 0.34),
    ("CERT_ADVANCED_MGMT_SYSTEM", "national", "ISO 9001质量管理体系认证", 0.16),
    ("BRAND_AGRI_PRODUCT", "county", "泰顺农产品品牌", 0.12),
    ("CERT_GAP", "national", "良好农业规范认证", 0.11),
    ("BRAND_CITY", "city", "温州市名牌产品", 0.08),
    ("MGMT_PERFORMANCE_EXCELLENCE", "county", "卓越绩效管理模式导入", 0.05),
    ("CERT_ZJ_MADE", "province", "浙江制造认证", 0.03),
    ("CERT_ZJ_MADE_CULTIVATION", "province", "浙江制造培育", 0.03),
    ("BRAND_PROVINCIAL", "province", "浙江名牌产品", 0.03),
    ("STD_ZJ_MADE_GROUP", "province", "浙江制造团体标准", 0.03),
    ("AWARD_COUNTY_MAYOR_QUALITY", "county", "县长质量奖", 0.01),
]
ADOPTION = ("STD_MAIN_PRODUCT_ADOPTION", "national", "主导产品采用国家标准")
KEY_TIERS = ("above_scale", "leading", "high_growth")
ADOPTION_SHARE = 0.8
"""Share of key-tier enterprises (规上/领军/高成长型) with a main-product adoption record."""
TIER_MIX = (("above_scale", 0.15), ("leading", 0.03), ("high_growth", 0.05), ("other", 0.77))
PROJECT_MIX: list[tuple[str, str, float]] = [
    ("PROJ_KEY_PROJECT", "重点建设项目", 0.36),
    ("DEMO_AGRI_STANDARDIZATION", "农业标准化示范基地", 0.18),
    ("PROJ_TOURISM_BASES", "果蔬采摘基地", 0.17),
    ("DEMO_RURAL_REVITALIZATION_BELT", "乡村振兴示范带", 0.13),
    ("DEMO_SERVICE_STANDARDIZATION", "服务业标准化试点", 0.12),
    ("PILOT_ASSOC_QUALITY_COGOV", "行业协会质量共治试点", 0.04),
]
MAX_CERTIFICATIONS = 40
MAX_PROJECTS = 5
"""Per township: a township holds tens of certificates and a handful of projects, however many
inspections it records, so county totals land near the plan's targets."""


COUNTY_STATISTICS: list[tuple[str, str, list[tuple[int, float]]]] = [
    # (target id, source, [(year, value), ...]): figures no township ledger can compute.
    ("prefab_building_area_share", "县住建局统计年报", [(2021, 21.4), (2022, 26.8)]),
    ("green_building_2star_share", "县住建局统计年报", [(2021, 8.9), (2022, 11.6)]),
    ("service_quality_satisfaction_score", "县统计局满意度测评", [(2021, 83.2), (2022, 85.7)]),
    ("air_quality_good_rate", "县生态环境分局", [(2021, 97.8), (2022, 98.4)]),
    ("pm25_annual_mean_compliance", "县生态环境分局", [(2021, 1.0), (2022, 1.0)]),
    ("surface_water_compliance_rate", "县生态环境分局", [(2021, 100.0), (2022, 100.0)]),
    ("outbound_section_water_compliance_rate", "县生态环境分局", [(2022, 100.0)]),
    ("drinking_water_source_compliance_rate", "县生态环境分局", [(2022, 100.0)]),
    ("functional_zone_noise_compliance_rate", "县生态环境分局", [(2021, 96.0), (2022, 98.5)]),
    ("eco_satisfaction_increase", "省生态环境状况公众满意度调查", [(2021, 86.9), (2022, 88.3)]),
    ("eco_civilization_plan_revision", "县政府办公室", [(2019, 1.0)]),
    ("quality_brand_training_classes", "县市场监管局", [(2020, 1.0), (2021, 2.0), (2022, 3.0)]),
    ("zj_made_3yr_plan_completed", "县质量强县办", [(2019, 1.0)]),
]


@dataclass(frozen=True)
class DemoCounts:
    enterprises: int
    inspections: int
    certifications: int
    projects: int
    project_progress: int

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


class _Generator:
    def __init__(self, seed: str, today: date, owner: str) -> None:
        self.owner = owner
        self.rng = random.Random(seed)
        self.today = today
        self.span = (today - START).days

    def uid(self, day: date) -> str:
        ms = int(datetime(day.year, day.month, day.day, 9).timestamp() * 1000)
        stamp = ms + self.rng.randrange(8 * 3600 * 1000)
        return owned_id(self.owner, stamp, self.rng.randbytes(10))

    def day(self) -> date:
        # Weighted towards the plan window 2019-2022 but reaching today.
        return START + timedelta(
            days=min(self.span, int(self.rng.betavariate(1.2, 1.0) * self.span))
        )

    def credit_code(self) -> str:
        body = "91330329" + "".join(self.rng.choice(ALPHABET) for _ in range(9))
        return body + check_character(body)

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(GIVEN) for _ in range(2))

    def phone(self) -> str:
        return (
            "1" + self.rng.choice("3589") + "".join(self.rng.choice("0123456789") for _ in range(9))
        )


def _split(records: int) -> tuple[int, int, int, int]:
    enterprises = max(3, records // 10)
    projects = max(2, min(records // 60, MAX_PROJECTS))
    certifications = max(2, min(records // 8, MAX_CERTIFICATIONS))
    inspections = max(1, records - enterprises - projects - certifications - projects * 6)
    return enterprises, inspections, certifications, projects


def generate(
    database: Database,
    office: Office,
    records: int = 1000,
    seed: int = 1,
    townships: list[str] | None = None,
    today: date | None = None,
) -> DemoCounts:
    """Add about ``records`` demo records per township; returns what was added."""
    today = today or date.today()
    with database.session() as session:
        if townships is None:
            townships = (
                [t.code for t in reference.townships(session)]
                if office.is_county
                else [office.owner]
            )
        totals = [0, 0, 0, 0, 0]
        for township in townships:
            # The township is part of the seed: two townships' demo records never share an id.
            gen = _Generator(f"quality-desk-demo:{seed}:{township}", today, township)
            counts = _generate_township(session, gen, office, township, records)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
        if office.is_county:
            _county_statistics(session, office)
        now = datetime.now().replace(microsecond=0)
        record_audit(
            session,
            office,
            at=now,
            actor=office.operator,
            table="*",
            record_id="demo",
            action="demo",
            after={"records": records, "seed": seed, "townships": townships},
            reason="demo",
        )
    return DemoCounts(*totals)


def _generate_township(
    session: Session, gen: _Generator, office: Office, township: str, records: int
) -> list[int]:
    rng = gen.rng
    n_ent, n_ins, n_cert, n_proj = _split(records)
    owner = township if office.is_county else office.owner
    now = datetime.now().replace(microsecond=0)
    hlc_start = office_service.next_hlc(session)
    counter = iter(range(hlc_start, hlc_start + 10_000_000))

    def identity(day: date) -> dict[str, Any]:
        return _sync_identity(office, owner, gen.uid(day), next(counter), now)

    enterprises = []
    for _ in range(n_ent):
        label, suffix, products = rng.choice(INDUSTRIES)
        name = f"泰顺县{rng.choice(PLACES)}{rng.choice(BRANDS)}{suffix}有限公司"
        enterprises.append(
            {
                **identity(gen.day()),
                "credit_code": gen.credit_code(),
                "credit_code_override_reason": None,
                "name": name,
                "township_code": township,
                "industry": label,
                "tier": rng.choices([t for t, _ in TIER_MIX], [w for _, w in TIER_MIX])[0],
                "address": f"泰顺县{rng.choice(PLACES)}{rng.randint(1, 300)}号",
                "contact_person": gen.person(),
                "contact_phone": gen.phone(),
                "notes": None,
                "_products": products,
            }
        )
    inspections = list(_inspections(gen, identity, township, enterprises, n_ins))
    certifications = list(_certifications(gen, identity, township, enterprises, n_cert))
    township_row = session.get(Township, township)
    place = township_row.name_zh[:2] if township_row else rng.choice(PLACES)
    projects, progress = _projects(gen, identity, township, place, enterprises, n_proj)
    for row in enterprises:
        del row["_products"]
    for model, rows in (
        (Enterprise, enterprises),
        (Inspection, inspections),
        (Certification, certifications),
        (Project, projects),
        (ProjectProgress, progress),
    ):
        _bulk_insert(session, model, rows)
    last = next(counter)
    office_service.observe_hlc(session, last)
    return [len(enterprises), len(inspections), len(certifications), len(projects), len(progress)]


def _sync_identity(
    office: Office, owner: str, record_id: str, hlc: int, now: datetime
) -> dict[str, Any]:
    """The sync columns of a new demo row, written by this installation's operator."""
    return {
        "id": record_id,
        "owner": owner,
        "hlc": hlc,
        "origin": office.installation_id,
        "base_hlc": None,
        "deleted": False,
        "created_by": office.operator,
        "created_at": now,
        "updated_by": office.operator,
        "updated_at": now,
    }


def _county_statistics(session: Session, office: Office) -> None:
    """The county's hand-entered statistics for targets no ledger computes (owner: county)."""
    now = datetime.now().replace(microsecond=0)
    entered = set(session.scalars(select(ManualStatistic.target_id).distinct()))
    start = office_service.next_hlc(session)
    counter = iter(range(start, start + 1000))
    rows = []
    for target_id, source, values in COUNTY_STATISTICS:
        if target_id in entered:
            continue  # never pile demo figures on top of what is there
        for year, value in values:
            as_of = date(year, 12, 31)
            record_id = owned_id(office.owner, int(datetime(year, 12, 31, 9).timestamp() * 1000))
            rows.append(
                {
                    **_sync_identity(office, office.owner, record_id, next(counter), now),
                    "target_id": target_id,
                    "value": value,
                    "as_of": as_of,
                    "source": source,
                    "notes": "演示数据",
                }
            )
    _bulk_insert(session, ManualStatistic, rows)
    office_service.observe_hlc(session, next(counter))


def add_county_statistics(database: Database, office: Office) -> None:
    """Add the demo's county statistics in their own transaction (used by the county demo)."""
    with database.session() as session:
        _county_statistics(session, office)


def _bulk_insert(session: Session, model: type[SyncRecord], rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        if chunk:
            session.execute(insert(model), chunk)


def _inspections(
    gen: _Generator, identity: Any, township: str, enterprises: list[dict[str, Any]], count: int
) -> Iterator[dict[str, Any]]:
    rng = gen.rng
    codes = [c for c, _, _ in INSPECTION_MIX]
    weights = [w for _, w, _ in INSPECTION_MIX]
    rates = {c: r for c, _, r in INSPECTION_MIX}
    for _ in range(count):
        category = rng.choices(codes, weights)[0]
        enterprise = rng.choice(enterprises)
        day = gen.day()
        sampled = rng.choice([1, 1, 1, 2, 3, 5]) if category != "INS_DOUBLE_RANDOM" else 1
        passed = sum(1 for _ in range(sampled) if rng.random() < rates[category])
        if category == "INS_DOUBLE_RANDOM":
            result = rng.choices(
                ["no_problem", "not_publicised", "unreachable", "order_correction"], [88, 5, 3, 4]
            )[0]
            passed = 1 if result == "no_problem" else 0
        else:
            result = "pass" if passed == sampled else "fail"
        failing: list[dict[str, str]] = []
        required = result not in ("pass", "no_problem")
        deadline = closed = None
        status = "none"
        if required:
            item, unit, measured, limit = rng.choice(FAILING_ITEMS)
            if result == "fail":
                failing = [{"item": item, "measured": measured, "limit": limit, "unit": unit}]
            deadline = day + timedelta(days=rng.choice([15, 30, 30, 60]))
            if deadline < gen.today - timedelta(days=20) or rng.random() < 0.5:
                status, closed = "done", min(deadline, day + timedelta(days=rng.randint(3, 40)))
            else:
                status = "pending"
        yield {
            **identity(day),
            "category_code": category,
            "inspection_date": day,
            "township_code": township,
            "enterprise_id": enterprise["id"],
            "subject": rng.choice(enterprise["_products"]),
            "specification": rng.choice(["500g/袋", "250g/盒", "1kg", "散装", "10只/包", None]),
            "trademark": rng.choice(BRANDS) if rng.random() < 0.6 else None,
            "batch": f"{day:%Y%m%d}{rng.randint(1, 9)}",
            "batches_sampled": sampled,
            "batches_passed": passed,
            "batches_passed_labelling": sampled if category == "INS_PREPACK_NET_CONTENT" else None,
            "result": result,
            "failing_items": failing,
            "inspecting_body": rng.choice(BODIES),
            "task_source": rng.choice(["省级抽检", "市级抽检", "县级抽检", "日常监管"]),
            "notice_number": f"泰市监抽〔{day.year}〕{rng.randint(1, 99)}号"
            if rng.random() < 0.4
            else None,
            "rectification_required": required,
            "rectification_deadline": deadline,
            "rectification_status": status,
            "rectification_closed_date": closed,
            "notes": None,
        }


def _certifications(
    gen: _Generator, identity: Any, township: str, enterprises: list[dict[str, Any]], count: int
) -> Iterator[dict[str, Any]]:
    rng = gen.rng
    weights = [w for *_, w in CERT_MIX]
    adopters = [e for e in enterprises if e["tier"] in KEY_TIERS and rng.random() < ADOPTION_SHARE]
    picks: list[tuple[str, str, str, dict[str, Any]]] = [(*ADOPTION, e) for e in adopters]
    for _ in range(count):
        category, level, title, _weight = rng.choices(CERT_MIX, weights)[0]
        picks.append((category, level, title, rng.choice(enterprises)))
    for category, level, title, enterprise in picks:
        awarded = gen.day()
        expiry = (
            awarded + timedelta(days=365 * rng.choice([3, 3, 5])) if rng.random() < 0.7 else None
        )
        yield {
            **identity(awarded),
            "category_code": category,
            "township_code": township,
            "enterprise_id": enterprise["id"],
            "title": f"{title}（{rng.choice(enterprise['_products'])}）",
            "level": level,
            "document_number": f"ZJ{awarded.year}{rng.randint(10000, 99999)}",
            "awarding_body": rng.choice(
                [
                    "浙江省市场监督管理局",
                    "温州市人民政府",
                    "泰顺县人民政府",
                    "浙江省品牌建设联合会",
                    "中国质量认证中心",
                ]
            ),
            "awarded_date": awarded,
            "expiry_date": expiry,
            "role": rng.choice(["lead", "participant"])
            if category == "STD_ZJ_MADE_GROUP"
            else None,
            "notes": None,
        }


def _projects(
    gen: _Generator,
    identity: Any,
    township: str,
    place: str,
    enterprises: list[dict[str, Any]],
    count: int,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rng = gen.rng
    projects: list[dict[str, Any]] = []
    progress: list[dict[str, Any]] = []
    for _ in range(count):
        category, label, _weight = rng.choices(PROJECT_MIX, [w for *_, w in PROJECT_MIX])[0]
        start = START + timedelta(days=rng.randrange(max(1, min(gen.span, 1400))))
        months = rng.randint(6, 24)
        investment = float(rng.randrange(50, 3000, 10))
        project = {
            **identity(start),
            "category_code": category,
            "township_code": township,
            "name": f"{place}{rng.choice(VILLAGES)}{label}",
            "lead_unit": rng.choice(enterprises)["name"],
            "enterprise_id": None,
            "start_date": start,
            "planned_completion": start + timedelta(days=30 * months),
            "planned_investment": investment,
            "level": rng.choice(["county", "city", "province"]),
            "status": "ongoing",
            "milestones": [
                {"name": "立项", "due": start.isoformat(), "done": start.isoformat()},
                {
                    "name": "完工验收",
                    "due": (start + timedelta(days=30 * months)).isoformat(),
                    "done": "",
                },
            ],
            "notes": None,
        }
        if rng.random() < 0.5:
            lead = rng.choice(enterprises)
            project["lead_unit"], project["enterprise_id"] = lead["name"], lead["id"]
        percent, month, milestones = 0.0, 0, project["milestones"]
        spent = investment * rng.uniform(0.85, 1.1)
        while percent < 100.0:
            year, month_index = divmod(start.month - 1 + month, 12)
            period_day = date(start.year + year, month_index + 1, 1)
            if period_day > gen.today:
                break
            step = rng.uniform(100 / months * 0.5, 100 / months * 1.6)
            percent = min(100.0, percent + step)
            month += 1
            reached = None
            if percent >= 50 and not any(m["name"] == "主体完工" for m in milestones):
                milestones.insert(
                    1, {"name": "主体完工", "due": "", "done": period_day.isoformat()}
                )
                reached = "主体完工"
            if percent >= 100:
                milestones[-1]["done"] = period_day.isoformat()
                reached = "完工验收"
            progress.append(
                {
                    **identity(period_day),
                    "project_id": project["id"],
                    "period": f"{period_day:%Y-%m}",
                    "percent_complete": round(percent, 1),
                    "investment_to_date": round(spent * percent / 100, 1),
                    "milestone_reached": reached,
                    "notes": None,
                }
            )
        if percent >= 100:
            project["status"] = "completed"
        projects.append(project)
    return projects, progress
