"""The certificate expiry rule: one number of days, from the ``expiry_warning_days`` setting."""

from __future__ import annotations

from datetime import date

from desktop.models import Setting
from desktop.services import expiry, queries
from desktop.services.fields import CERTIFICATIONS
from desktop.services.ledger import LedgerService

TODAY = date(2022, 6, 15)


def test_states_around_the_warning_window() -> None:
    assert expiry.expiry_state(None, TODAY, 60) is None
    assert expiry.expiry_state("2022-06-14", TODAY, 60) == "expired"
    assert expiry.expiry_state(date(2022, 6, 15), TODAY, 60) == "expiring"
    assert expiry.expiry_state("2022-08-14", TODAY, 60) == "expiring"
    assert expiry.expiry_state("2022-08-15", TODAY, 60) is None
    assert expiry.expiry_state("2022-08-15", TODAY, 90) == "expiring"


def test_setting_text_is_parsed_with_the_default_for_nonsense() -> None:
    assert expiry.parse_days("30") == 30
    assert expiry.parse_days(" 90 ") == 90
    for bad in (None, "", "abc", "-5"):
        assert expiry.parse_days(bad) == expiry.EXPIRY_WARNING_DAYS


def test_changing_the_setting_changes_the_filter(
    service: LedgerService, enterprise_id: str
) -> None:
    for title, day in (("一月内", "2022-07-10"), ("三月内", "2022-09-01")):
        service.create(
            "certifications",
            {
                "category_code": "BRAND_CITY",
                "enterprise_id": enterprise_id,
                "title": title,
                "level": "city",
                "awarded_date": "2019-07-20",
                "expiry_date": day,
            },
        )

    def expiring() -> list[str]:
        with service.database.session() as session:
            query = queries.LedgerQuery(expiring_only=True, sort="title", descending=False)
            page = queries.fetch_page(session, CERTIFICATIONS, query, TODAY)
        return [row["title"] for row in page.rows]

    assert expiring() == ["一月内"]
    with service.database.session() as session, session.begin():
        session.merge(Setting(key="expiry_warning_days", value="90"))
    with service.database.session() as session:
        assert expiry.warning_days(session) == 90
    assert expiring() == ["一月内", "三月内"]
