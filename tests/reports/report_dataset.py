"""A hand-built county dataset whose every indicator value is known (as of 2022-06-30).

Two townships' records as the county holds them after merging: 罗阳镇 (A) and 百丈镇 (B). One
enterprise (code ``VALID[0]``) is recorded by both townships and must count once at the county;
tombstoned records and records outside the counting window must not count at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop.db import Database
from desktop.services.ledger import LedgerService
from desktop.services.office import Office

A = "330329100000"
B = "330329102000"
AS_OF = date(2022, 6, 30)
CODES = ("91330329MA2H00006J", "92330329MA2H00014A", "93330329MA2H000222", "91110108551385082Q")
INJECTION = '=HYPERLINK("http://example.com","点我")'


@dataclass
class Dataset:
    """Ids of the records, by role, for drill-down assertions."""

    ids: dict[str, str] = field(default_factory=dict)

    def of(self, *names: str) -> set[str]:
        return {self.ids[name] for name in names}


def _township_office(county: Office, code: str, name: str) -> Office:
    """The township office whose merged rows the county holds (same installation, its owner)."""
    return Office(county.installation_id, "township", code, name, f"{name}办")


def build(database: Database, county: Office) -> Dataset:
    """Write the dataset through the ledger service (validated, clocked, audited)."""
    data = Dataset()
    town_a = LedgerService(database, _township_office(county, A, "罗阳镇"), actor="甲")
    town_b = LedgerService(database, _township_office(county, B, "百丈镇"), actor="乙")
    county_service = LedgerService(database, county, actor="县办李四")

    def add(service: LedgerService, name: str, ledger: str, values: dict[str, Any]) -> str:
        data.ids[name] = str(service.create(ledger, values).record["id"])
        return data.ids[name]

    # Enterprises: VALID[0] is recorded by both townships.
    add(
        town_a,
        "e1a",
        "enterprises",
        {
            "credit_code": CODES[0],
            "name": "泰顺县罗阳茗香茶业有限公司",
            "tier": "above_scale",
            "address": "+86 罗阳镇1号",
        },
    )
    add(
        town_b,
        "e1b",
        "enterprises",
        {"credit_code": CODES[0], "name": "泰顺县茗香茶业有限公司", "tier": "above_scale"},
    )
    add(
        town_a,
        "e2",
        "enterprises",
        {"credit_code": CODES[1], "name": INJECTION, "tier": "leading"},
    )
    add(
        town_b,
        "e3",
        "enterprises",
        {"credit_code": CODES[2], "name": "泰顺县百丈竹木制品厂", "tier": "other"},
    )
    add(
        town_b,
        "e4",
        "enterprises",
        {"credit_code": CODES[3], "name": "泰顺县百丈橡胶制品有限公司", "tier": "high_growth"},
    )

    def inspection(
        service: LedgerService,
        name: str,
        category: str,
        day: str,
        sampled: int,
        passed: int,
        enterprise: str,
        subject: str = "三杯香绿茶",
    ) -> str:
        return add(
            service,
            name,
            "inspections",
            {
                "category_code": category,
                "inspection_date": day,
                "enterprise_id": data.ids[enterprise],
                "subject": subject,
                "batches_sampled": sampled,
                "batches_passed": passed,
            },
        )

    spot = "INS_PRODUCT_QUALITY_SPOT_CHECK"
    inspection(town_a, "i1", spot, "2022-03-01", 10, 9, "e1a", subject="-5% 低糖茶")
    inspection(town_b, "i2", spot, "2022-04-01", 5, 5, "e4", subject="@橡胶密封圈")
    inspection(town_b, "i3", spot, "2021-12-01", 4, 0, "e4")  # last year: not in 2022's rate
    inspection(town_a, "i4", spot, "2022-05-01", 100, 0, "e2")
    town_a.delete(data.ids["i4"], reason="录入错误")  # tombstoned: never counts
    inspection(town_a, "i5", "INS_AGRI_PRODUCT_SAFETY_TEST", "2022-02-01", 50, 49, "e1a")
    add(
        town_b,
        "i6",
        "inspections",
        {
            "category_code": "INS_FOOD_SAFETY_SAMPLING",
            "inspection_date": "2022-05-10",
            "enterprise_id": data.ids["e3"],
            "subject": "笋干",
            "batches_sampled": 1,
            "batches_passed": 0,
            "rectification_required": True,
            "rectification_deadline": "2022-06-10",
            "failing_items": [
                {"item": "二氧化硫残留量", "measured": "0.18", "limit": "≤0.1", "unit": "g/kg"}
            ],
        },
    )  # overdue rectification on 2022-06-30

    def cert(
        service: LedgerService,
        name: str,
        category: str,
        enterprise: str,
        day: str,
        level: str = "county",
        document: str | None = None,
        **extra: Any,
    ) -> str:
        values = {
            "category_code": category,
            "enterprise_id": data.ids[enterprise],
            "title": f"{category}-{enterprise}",
            "level": level,
            "awarded_date": day,
            **extra,
        }
        if document:
            values["document_number"] = document
        return add(service, name, "certifications", values)

    excellence = "MGMT_PERFORMANCE_EXCELLENCE"
    cert(town_a, "c1", excellence, "e1a", "2020-05-01")
    cert(town_b, "c2", excellence, "e1b", "2021-03-01")  # same enterprise, other township
    cert(town_a, "c3", excellence, "e2", "2022-01-10")
    cert(town_b, "c4", excellence, "e3", "2018-06-01")  # before the window
    cert(town_b, "c5", excellence, "e4", "2022-07-15")  # after the as-of day
    cert(town_b, "c6", excellence, "e4", "2021-02-01")
    town_b.delete(data.ids["c6"])  # tombstoned
    mayor = "AWARD_COUNTY_MAYOR_QUALITY"
    cert(town_a, "c7", mayor, "e2", "2020-09-09")
    cert(town_b, "c8", mayor, "e3", "2021-09-09")
    cert(town_b, "c9", mayor, "e4", "2022-03-03", expiry_date="2022-08-01")  # expiring soon
    cert(town_a, "c10", "BRAND_CITY", "e1a", "2020-10-01", "city", "WZ-2020-01")
    cert(town_b, "c11", "BRAND_CITY", "e1b", "2020-10-01", "city", "WZ-2020-01")  # same brand
    cert(town_a, "c12", "BRAND_PROVINCIAL", "e2", "2021-11-11", "province", "ZJ-2021-7")
    cert(town_a, "c13", "STD_MAIN_PRODUCT_ADOPTION", "e1a", "2019-04-01", "national")
    cert(town_b, "c14", "STD_SELF_DECLARATION", "e3", "2018-01-01", "national", "Q/TS 1-2018")
    cert(town_a, "c15", "STD_SELF_DECLARATION", "e2", "2022-02-01", "national", "Q/TS 2-2022")

    def project(
        service: LedgerService,
        name: str,
        category: str,
        title: str,
        start: str,
        status: str = "ongoing",
    ) -> str:
        return add(
            service,
            name,
            "projects",
            {
                "category_code": category,
                "name": title,
                "lead_unit": "县农业局",
                "start_date": start,
                "status": status,
            },
        )

    agri = "DEMO_AGRI_STANDARDIZATION"
    project(town_a, "p1", agri, "茶叶标准化示范基地", "2020-03-01")
    project(town_b, "p2", agri, "猕猴桃标准化示范", "2021-04-01")
    project(town_b, "p3", agri, "猕猴桃标准化示范", "2021-05-01")  # same project entered twice
    project(town_a, "p4", agri, "已撤销的示范", "2021-06-01")
    town_a.delete(data.ids["p4"])
    belt = "DEMO_RURAL_REVITALIZATION_BELT"
    project(town_a, "p5", belt, "民族乡村振兴示范带", "2019-06-01", "completed")
    project(town_b, "p6", belt, "氡泉云岚休闲乡村振兴示范带", "2020-01-01")
    add(
        town_b,
        "pp1",
        "project_progress",
        {"project_id": data.ids["p6"], "period": "2022-05", "percent_complete": 60},
    )

    def statistic(name: str, target: str, value: float, day: str) -> str:
        return add(
            county_service,
            name,
            "manual_statistics",
            {
                "target_id": target,
                "value": value,
                "as_of": day,
                "source": "县环保局监测年报",
            },
        )

    statistic("m1", "air_quality_good_rate", 96.5, "2022-03-31")
    statistic("m2", "air_quality_good_rate", 90.0, "2022-08-01")  # after the as-of day
    statistic("m3", "eco_satisfaction_increase", 80.0, "2021-12-31")
    statistic("m4", "eco_satisfaction_increase", 82.0, "2022-05-31")
    statistic("m5", "pm25_annual_mean_compliance", 1, "2022-01-15")
    return data


EXPECTED: dict[str, tuple[float | None, dict[str, float | None]]] = {
    # target id: (county value, {township: value})
    "mfg_product_quality_pass_rate": (14 / 15 * 100, {A: 90.0, B: 100.0}),
    "agri_product_safety_test_pass_rate": (98.0, {A: 98.0, B: None}),
    "national_quality_project_award_new": (0, {A: 0, B: 0}),
    "provincial_city_quality_project_award_new": (0, {A: 0, B: 0}),
    "rr_demo_belts_completed": (1, {A: 1, B: 0}),
    "rr_demo_belts_cultivated": (2, {A: 1, B: 1}),
    "rr_key_projects": (0, {A: 0, B: 0}),
    "zj_made_cultivation_enterprises_new": (0, {A: 0, B: 0}),
    "brands_city_level_or_above_new": (2, {A: 2, B: 1}),
    "brands_provincial_level_or_above_new": (1, {A: 1, B: 0}),
    "zj_regional_famous_brand_new": (0, {A: 0, B: 0}),
    "wz_quality_product_demo_zone_new": (0, {A: 0, B: 0}),
    "key_enterprise_main_product_std_adoption_rate": (100 / 3, {A: 50.0, B: 50.0}),
    "zj_made_group_standards": (0, {A: 0, B: 0}),
    "enterprise_product_standards_published_online": (2, {A: 1, B: 1}),
    "agri_standardization_demo_projects_new": (2, {A: 1, B: 1}),
    "service_standardization_demo_projects_new": (0, {A: 0, B: 0}),
    "industry_assoc_quality_cogovernance_pilots": (0, {A: 0, B: 0}),
    "performance_excellence_adopters": (2, {A: 2, B: 1}),
    "county_mayor_quality_award": (3, {A: 1, B: 2}),
    "advanced_mgmt_system_cert_enterprises_new": (0, {A: 0, B: 0}),
}
"""Every computable target on 2022-06-30."""
