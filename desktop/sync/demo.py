"""The county demo through the real pipeline: township installations → signed packages → import.

For every active township a real data folder is initialised (its own installation id and keys),
filled with the deterministic demo records, and exported as a signed package; the county then
imports each package exactly as it would a file carried in on a USB stick.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from desktop.db import Database
from desktop.errors import UsageError
from desktop.services import demo as demo_service
from desktop.services import reference
from desktop.services.office import Office, init_office
from desktop.sync import export, importer
from desktop.sync.completeness import due_date
from desktop.sync.outbox import previous_month


@dataclass(frozen=True)
class DemoTownship:
    """One township of the demo: its package and what the county did with it."""

    code: str
    package: Path
    status: str
    created: int


def county_demo(
    database: Database,
    office: Office,
    workdir: Path,
    records: int,
    seed: int,
    progress: Callable[[str], None] | None = None,
) -> list[DemoTownship]:
    """Build 19 township installations under ``workdir``, export and import their packages.

    Packages are dated on or before the due day of last month's report, as a punctual county's
    would be, so the completeness screen shows a full month.
    """
    if not office.is_county:
        raise UsageError(
            "demo --county 只能在县级数据文件夹中运行", "demo --county needs a county folder"
        )
    with database.session() as session:
        codes = [t.code for t in reference.townships(session)]
        due_day = int(reference.setting(session, "report_due_day"))
    packages = workdir / "packages"
    now = datetime.now().replace(microsecond=0)
    due = due_date(previous_month(now.date()), due_day)
    results = []
    for index, code in enumerate(codes):
        on_time = min(now, datetime(due.year, due.month, due.day, 9) - timedelta(days=index % 4))
        township_db = Database.for_data_dir(workdir / f"township-{code}")
        try:
            township = init_office(township_db, township_code=code, operator=f"{code[-6:]}录入员")
            demo_service.generate(township_db, township, records, seed * 100 + index)
            written = export.export_data(township_db, township, packages, now=on_time)
        finally:
            township_db.dispose()
        outcome = importer.import_package(database, office, written.path)
        if outcome.status == importer.STATUS_REJECTED:
            raise UsageError(
                f"演示包被拒收：{outcome.reason_zh}", f"demo package rejected: {outcome.reason_en}"
            )
        results.append(DemoTownship(code, written.path, outcome.status, outcome.totals.created))
        if progress:
            progress(f"{code}: {outcome.status}, {outcome.totals.created} created")
    demo_service.add_county_statistics(database, office)
    return results
