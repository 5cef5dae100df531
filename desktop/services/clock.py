"""Is this PC's clock plausible? The warning shown at start, and the date the app believes.

Nothing in the ledger depends on the PC's clock being right (see :mod:`desktop.ids`), but a
wrong clock puts wrong dates on records and packages, so the clerk is told at start, in Chinese
first, when the clock looks wrong:

- it is earlier than a clock value this database already holds (the clock was set back, or it
  ran ahead earlier and was corrected — the next export then re-stamps what the county never
  accepted), or earlier than :data:`desktop.ids.CLOCK_FLOOR`;
- it is earlier than the county's signed time carried by the last reference package or receipt
  imported (the county's time is the reference: the PC is certainly behind), or so far after it
  that the PC has probably run ahead.

The date the app believes is right is the latest of the PC's clock, the county's signed time and
the floor: a lower bound, which is all an offline PC can know.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from desktop.ids import CLOCK_FLOOR, hlc_datetime
from desktop.names import COUNTY_OWNER

if TYPE_CHECKING:  # imported when a session is used: the CLI's quick reads go without them
    from sqlalchemy.orm import Session

    from desktop.db import Database

SKEW = timedelta(days=1)
"""Clock differences the sync tolerates (the same as the receiver's tolerance, §5.5)."""
BEHIND_DATABASE = timedelta(hours=1)
"""How far the clock may be behind the database's highest value before the clerk is warned."""
FAR_AHEAD_OF_COUNTY = timedelta(days=180)
"""Half a year after the county's last signed time: the clock has probably run ahead."""

BEHIND = "behind"
AHEAD = "ahead"
BEHIND_DB = "behind_database"
BEFORE_RELEASE = "before_release"


@dataclass(frozen=True)
class ClockCheck:
    """What was compared, and the problem found (``None``: the clock looks right)."""

    now: datetime
    database_time: datetime | None
    county_time: datetime | None
    problem: str | None

    @property
    def believed(self) -> date:
        """The date the app believes is right: never earlier than any trusted evidence."""
        evidence = [self.now, CLOCK_FLOOR]
        if self.county_time is not None:
            evidence.append(self.county_time)
        if self.problem == AHEAD and self.county_time is not None:
            return self.county_time.date()
        return max(evidence).date()

    @property
    def message_zh(self) -> str:
        now, believed = f"{self.now:%Y-%m-%d %H:%M}", f"{self.believed:%Y-%m-%d}"
        if self.problem is None:
            return f"电脑时钟看来正常：现在显示 {now}。"
        if self.problem == BEFORE_RELEASE:
            return (
                f"电脑时钟不对：现在显示 {now}，早于本版软件发布的时间。本软件认为今天不早于 "
                f"{believed}。请在 Windows 中改正日期和时间（可能是主板电池没电了）。"
            )
        if self.problem == BEHIND:
            return (
                f"电脑时钟可能不对：现在显示 {now}，早于县级最近一次签名的时间"
                f"（{self.county_time:%Y-%m-%d %H:%M}）。本软件认为今天不早于 {believed}。"
                "请在 Windows 中改正日期和时间（可能是主板电池没电了）。"
            )
        if self.problem == AHEAD:
            return (
                f"电脑时钟可能走快了：现在显示 {now}，比县级最近一次签名的时间"
                f"（{self.county_time:%Y-%m-%d}）晚了半年以上。本软件所知最近的可靠日期是 "
                f"{believed}。如果日期不对，请在 Windows 中改正；改正后导出的包会自动更正时间。"
            )
        return (
            f"电脑时钟可能不对：现在显示 {now}，早于本数据库已记录的最晚时间"
            f"（{self.database_time:%Y-%m-%d %H:%M}）。本软件认为今天不早于 {believed}。"
            "如果电脑日期不对，请在 Windows 中改正；如果那个时间是之前电脑时钟走快时记下的，"
            "改正后下次导出时会自动更正，县级照常接收。"
        )

    @property
    def message_en(self) -> str:
        now, believed = f"{self.now:%Y-%m-%d %H:%M}", f"{self.believed:%Y-%m-%d}"
        if self.problem is None:
            return f"This PC's clock looks right: it says {now}."
        if self.problem == BEFORE_RELEASE:
            return (
                f"This PC's clock is wrong: it says {now}, earlier than this release of the app. "
                f"The app believes today is {believed} or later. Set the date and time in "
                "Windows (the mainboard battery may be flat)."
            )
        if self.problem == BEHIND:
            return (
                f"This PC's clock looks wrong: it says {now}, earlier than the county's last "
                f"signed time ({self.county_time:%Y-%m-%d %H:%M}). The app believes today is "
                f"{believed} or later. Set the date and time in Windows (the mainboard battery "
                "may be flat)."
            )
        if self.problem == AHEAD:
            return (
                f"This PC's clock may have run ahead: it says {now}, more than half a year after "
                f"the county's last signed time ({self.county_time:%Y-%m-%d}). The latest date "
                f"the app can trust is {believed}. If the date is wrong, correct it in Windows; "
                "packages exported afterwards are corrected by themselves."
            )
        return (
            f"This PC's clock looks wrong: it says {now}, earlier than the latest time this "
            f"database has recorded ({self.database_time:%Y-%m-%d %H:%M}). The app believes today "
            f"is {believed} or later. If the date is wrong, correct it in Windows; if that time "
            "was recorded while the clock ran ahead, the next export corrects it and the county "
            "accepts it as usual."
        )

    def message(self, language: str = "zh") -> str:
        return self.message_en if language == "en" else self.message_zh

    def one_line(self) -> str:
        return f"{self.message_zh} / {self.message_en}"


def county_time(session: Session) -> datetime | None:
    """The county's latest signed time this office holds (reference packages and receipts)."""
    from sqlalchemy import func, select

    from desktop.models import SyncInbox

    return session.scalar(
        select(func.max(SyncInbox.created_at)).where(SyncInbox.owner == COUNTY_OWNER)
    )


def database_time(session: Session) -> datetime | None:
    """When the highest clock value this database holds was issued (by its wall-clock part)."""
    from sqlalchemy import select

    from desktop.models import Installation

    last = session.scalar(select(Installation.hlc_last))
    return hlc_datetime(last) if last else None


def check(session: Session, now: datetime | None = None) -> ClockCheck:
    """Compare this PC's clock with what the database knows."""
    return judge(now or datetime.now(), database_time(session), county_time(session))


def quick_check(connection: sqlite3.Connection, now: datetime | None = None) -> ClockCheck:
    """:func:`check` over a plain ``sqlite3`` connection (the command line's quick reads):
    the same two facts read with the same SQL, judged by the same rule."""
    row = connection.execute("SELECT hlc_last FROM installation").fetchone()
    held = hlc_datetime(int(row[0])) if row and row[0] else None
    stamp = connection.execute(
        "SELECT max(created_at) FROM sync_inbox WHERE owner = ?", (COUNTY_OWNER,)
    ).fetchone()[0]
    county = datetime.fromisoformat(str(stamp)) if stamp else None
    return judge(now or datetime.now(), held, county)


def judge(now: datetime, held: datetime | None, county: datetime | None) -> ClockCheck:
    """The rule: this PC's clock against the database's latest clock value (``held``) and the
    county's latest signed time (``county``), whichever way they were read."""
    problem = None
    if county is not None and now < county - SKEW:
        problem = BEHIND
    elif now < CLOCK_FLOOR:
        problem = BEFORE_RELEASE
    elif held is not None and now < held - BEHIND_DATABASE:
        problem = BEHIND_DB
    elif county is not None and now > county + FAR_AHEAD_OF_COUNTY:
        problem = AHEAD
    return ClockCheck(now, held, county, problem)


def believed_now(session: Session, now: datetime | None = None) -> datetime:
    """The PC's clock, unless trusted evidence says it is behind: then the latest evidence."""
    now = now or datetime.now()
    county = county_time(session)
    return max(now, CLOCK_FLOOR, county or CLOCK_FLOOR)


def warning(database: Database, now: datetime | None = None) -> ClockCheck | None:
    """The clock warning to show at start, or ``None`` when the clock looks right."""
    with database.session() as session:
        result = check(session, now)
    return result if result.problem is not None else None
