"""The county's roster of township installations: who may sign for which township.

A township has any number of installations (PCs), each with its own Ed25519 key, installation
id, PC label, sequence and hash chain. A key and an installation id are bound to exactly one
owner, forever. The first installation of a township the county has never seen is trusted on
first use; a new installation of a township that already has one is *pending*: its packages are
held (kept, nothing merged) until a clerk approves it, after reading the fingerprint over the
phone, or declines it. A *retired* installation's packages numbered above its last accepted one
are refused. See docs/sync-format.md §5.1 and §7.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db import Database
from desktop.errors import UsageError
from desktop.models import SyncHeld, SyncInbox, SyncInstallation, SyncTrust, Township
from desktop.sync import keys
from desktop.sync.errors import reject
from desktop.sync.package import Manifest

ACTIVE = "active"
PENDING = "pending"
RETIRED = "retired"
DECLINED = "declined"
STATUSES = (ACTIVE, PENDING, RETIRED, DECLINED)

HELD = "held"
MERGED = "merged"
REFUSED = "declined"

FIRST_USE = "first_use"
PINNED = "pinned"
"""What :func:`admit` says of a package: merge it (``pinned``/``first_use``) or hold it."""

METHOD_APPROVED = "approved"
LABEL_MAX = 64


def label_of(row: SyncInstallation | None, fallback: str = "") -> str:
    """How people name an installation: its PC label, else its fingerprint's first groups."""
    if row is not None and row.pc_label:
        return row.pc_label
    if row is not None:
        return f"PC {row.fingerprint[:9]}"
    return fallback


def _by_installation(session: Session, installation_id: str) -> SyncInstallation | None:
    return session.scalar(
        select(SyncInstallation).where(SyncInstallation.installation_id == installation_id)
    )


def admit(
    session: Session, manifest: Manifest, actor: str, now: datetime, own_key: bytes | None
) -> tuple[str, SyncInstallation]:
    """County: may this signer write for ``manifest.owner``? Returns (``pinned`` | ``first_use``
    | ``held``, its roster row); raises PackageRejectedError when it may not, ever."""
    owner, kid = manifest.owner, manifest.key_id
    if own_key is not None and manifest.verify_key == own_key:
        raise reject(
            "key_other_owner",
            "包是用县级自己的密钥签名的，乡镇不能使用",
            "the package is signed with the county's own key; no township may use it",
        )
    row = session.get(SyncInstallation, kid)
    same_pc = _by_installation(session, manifest.installation_id)
    if row is not None and row.owner != owner:
        raise reject(
            "key_other_owner",
            f"此密钥（指纹 {row.fingerprint}）已登记为 {row.owner} 的电脑，不能为 {owner} 签名",
            f"this key ({row.fingerprint}) is enrolled for {row.owner}; it cannot sign for {owner}",
        )
    if same_pc is not None and (same_pc.key_id != kid or same_pc.owner != owner):
        raise reject(
            "key_changed",
            f"电脑“{label_of(same_pc)}”（{same_pc.owner}）已登记了另一把密钥"
            f"（登记 {same_pc.fingerprint}，收到 {keys.fingerprint(manifest.verify_key)}）",
            f"PC '{label_of(same_pc)}' of {same_pc.owner} is enrolled with another key "
            f"({same_pc.fingerprint} enrolled, {keys.fingerprint(manifest.verify_key)} received)",
        )
    if row is None:
        return _first_sight(session, manifest, actor, now)
    if row.installation_id is None:
        row.installation_id = manifest.installation_id  # enrolled from a key file
    elif row.installation_id != manifest.installation_id:
        raise reject(
            "key_changed",
            f"此密钥登记在电脑“{label_of(row)}”上，而包来自另一台电脑",
            f"this key is enrolled for PC '{label_of(row)}', the package names another PC",
        )
    if manifest.pc_label and row.status != DECLINED:
        row.pc_label = manifest.pc_label
    if row.status == ACTIVE:
        return PINNED, row
    if row.status == PENDING:
        return HELD, row
    if row.status == DECLINED:
        raise reject(
            "declined",
            f"电脑“{label_of(row)}”的登记已被县级拒绝（{row.decided_by}，"
            f"{_day(row.decided_at)}），其包不予接收",
            f"PC '{label_of(row)}' was declined by the county ({row.decided_by}, "
            f"{_day(row.decided_at)}); its packages are refused",
        )
    if manifest.sequence > (row.retired_after or 0):
        raise reject(
            "retired",
            f"电脑“{label_of(row)}”已于 {_day(row.decided_at)} 停用，停用后的包不予接收",
            f"PC '{label_of(row)}' was retired on {_day(row.decided_at)}; "
            "its later packages are refused",
        )
    return PINNED, row


def _day(moment: datetime | None) -> str:
    return f"{moment:%Y-%m-%d}" if moment else "-"


def _first_sight(
    session: Session, manifest: Manifest, actor: str, now: datetime
) -> tuple[str, SyncInstallation]:
    owner = manifest.owner
    known = session.scalar(
        select(func.count()).select_from(SyncInstallation).where(SyncInstallation.owner == owner)
    )
    reset = session.get(SyncTrust, owner)
    trust_now = not known or reset is not None
    row = SyncInstallation(
        key_id=manifest.key_id,
        verify_key=keys.b64(manifest.verify_key),
        fingerprint=keys.fingerprint(manifest.verify_key),
        owner=owner,
        installation_id=manifest.installation_id,
        pc_label=manifest.pc_label[:LABEL_MAX],
        status=ACTIVE if trust_now else PENDING,
        method=keys.METHOD_FIRST_USE if trust_now else PENDING,
        first_seen_at=now,
        enrolled_by=actor if trust_now else None,
        enrolled_at=now if trust_now else None,
    )
    session.add(row)
    if reset is not None:
        session.delete(reset)
    session.flush()
    return (FIRST_USE if trust_now else HELD), row


def record_accepted(row: SyncInstallation, manifest: Manifest) -> None:
    """Remember a merged package on its installation's roster row (first and last package)."""
    sequence, period = manifest.sequence, manifest.period
    row.first_sequence = min(row.first_sequence or sequence, sequence)
    row.first_period = min(row.first_period or period, period)
    if row.last_sequence is None or sequence >= row.last_sequence:
        row.last_sequence = sequence
        row.last_package_at = manifest.created_at
    row.last_period = max(row.last_period or period, period)


def hold(
    session: Session,
    row: SyncInstallation,
    manifest: Manifest,
    manifest_sha256: str,
    raw: bytes,
    file_name: str,
    actor: str,
    now: datetime,
) -> None:
    """Keep a pending installation's package as received until the county decides."""
    if session.get(SyncHeld, manifest_sha256) is not None:
        return
    session.add(
        SyncHeld(
            manifest_sha256=manifest_sha256,
            key_id=row.key_id,
            owner=manifest.owner,
            installation_id=manifest.installation_id,
            sequence=manifest.sequence,
            period=manifest.period,
            created_at=manifest.created_at,
            received_at=now,
            received_by=actor,
            file_name=file_name[:255],
            records=manifest.records,
            data=raw,
            status=HELD,
        )
    )
    session.flush()


# ---- the clerk's decisions ---------------------------------------------------------------------


def find(session: Session, text: str) -> SyncInstallation:
    """The installation a clerk names: installation id, fingerprint or key id, or a unique prefix
    of one of them (at least 4 characters)."""
    wanted = text.strip().lower().replace("-", "")
    if len(wanted) < 4:
        raise UsageError(
            "请给出终端编号或密钥指纹（至少 4 位）",
            "give an installation id or key fingerprint (at least 4 characters)",
        )
    matches = [
        row
        for row in session.scalars(select(SyncInstallation))
        if (row.installation_id or "").replace("-", "").startswith(wanted)
        or row.key_id.startswith(wanted)
    ]
    if len(matches) != 1:
        raise UsageError(
            f"没有找到唯一的终端 {text}（找到 {len(matches)} 个）",
            f"no single installation matches {text} ({len(matches)} found)",
        )
    return matches[0]


def held_packages(session: Session, key_id: str, status: str = HELD) -> list[SyncHeld]:
    return list(
        session.scalars(
            select(SyncHeld)
            .where(SyncHeld.key_id == key_id, SyncHeld.status == status)
            .order_by(SyncHeld.sequence, SyncHeld.created_at)
        )
    )


def approve(session: Session, row: SyncInstallation, actor: str, now: datetime) -> None:
    """Make a pending installation active (its held packages are then merged by the importer)."""
    if row.status not in (PENDING, ACTIVE):
        raise UsageError(
            f"终端“{label_of(row)}”状态为 {row.status}，不能批准；如确需启用请用 keys enrol",
            f"installation '{label_of(row)}' is {row.status} and cannot be approved; "
            "use keys enrol to admit it again",
        )
    if row.status == PENDING:
        row.status, row.method = ACTIVE, METHOD_APPROVED
        row.enrolled_by, row.enrolled_at = actor, now
    session.flush()


def decline(
    session: Session, row: SyncInstallation, actor: str, now: datetime, reason: str | None
) -> int:
    """Refuse a pending installation and its held packages; returns how many were refused."""
    if row.status != PENDING:
        raise UsageError(
            f"只能拒绝待批准的终端（“{label_of(row)}”为 {row.status}）；已启用的请用 keys retire",
            f"only a pending installation can be declined ('{label_of(row)}' is {row.status}); "
            "retire an active one",
        )
    row.status, row.decided_by, row.decided_at, row.reason = DECLINED, actor, now, reason
    return _refuse_held(session, row, actor, now, reason)


def retire(
    session: Session, row: SyncInstallation, actor: str, now: datetime, reason: str | None
) -> int:
    """Stop accepting an installation's new packages; what it sent before stays."""
    if row.status == RETIRED:
        return 0
    row.status, row.decided_by, row.decided_at, row.reason = RETIRED, actor, now, reason
    row.retired_after = row.last_sequence or 0
    return _refuse_held(session, row, actor, now, reason)


def _refuse_held(
    session: Session, row: SyncInstallation, actor: str, now: datetime, reason: str | None
) -> int:
    held = held_packages(session, row.key_id)
    for package in held:
        package.status, package.decided_by, package.decided_at = REFUSED, actor, now
        package.reason = reason
    session.flush()
    return len(held)


def enrol(
    session: Session,
    owner: str,
    verify_key: bytes,
    installation_id: str | None,
    pc_label: str,
    actor: str,
    now: datetime,
) -> SyncInstallation:
    """``keys enrol``: add an installation to the township's active set (others stay active)."""
    kid = keys.key_id(verify_key)
    row = session.get(SyncInstallation, kid)
    if row is not None and row.owner != owner:
        raise UsageError(
            f"此密钥已登记为 {row.owner} 的电脑，不能登记给 {owner}",
            f"this key is enrolled for {row.owner}; it cannot be enrolled for {owner}",
        )
    if installation_id is not None:
        other = _by_installation(session, installation_id)
        if other is not None and other.key_id != kid:
            raise UsageError(
                f"该电脑已用另一把密钥登记（指纹 {other.fingerprint}）",
                f"this PC is enrolled with another key ({other.fingerprint})",
            )
    if row is None:
        row = SyncInstallation(
            key_id=kid,
            verify_key=keys.b64(verify_key),
            fingerprint=keys.fingerprint(verify_key),
            owner=owner,
            installation_id=installation_id,
            pc_label=pc_label[:LABEL_MAX],
            status=ACTIVE,
            method=keys.METHOD_ENROLLED,
            first_seen_at=now,
        )
        session.add(row)
    row.status, row.method, row.retired_after = ACTIVE, keys.METHOD_ENROLLED, None
    row.enrolled_by, row.enrolled_at = actor, now
    row.installation_id = row.installation_id or installation_id
    row.pc_label = row.pc_label or pc_label[:LABEL_MAX]
    session.execute(
        SyncHeld.__table__.update()  # type: ignore[attr-defined]
        .where(SyncHeld.key_id == kid, SyncHeld.status == REFUSED)
        .values(status=HELD)
    )
    session.flush()
    return row


def reset(session: Session, owner: str, actor: str, now: datetime) -> int:
    """``keys enrol --reset``: retire the township's installations; trust the next package."""
    retired = 0
    for row in session.scalars(
        select(SyncInstallation).where(
            SyncInstallation.owner == owner, SyncInstallation.status.in_((ACTIVE, PENDING))
        )
    ):
        retire(session, row, actor, now, "reset")
        retired += 1
    keys.pin(session, owner, None, None, keys.METHOD_RESET, actor)
    return retired


def active_installations(session: Session, owner: str) -> list[SyncInstallation]:
    return list(
        session.scalars(
            select(SyncInstallation).where(
                SyncInstallation.owner == owner, SyncInstallation.status == ACTIVE
            )
        )
    )


@dataclass(frozen=True)
class RosterEntry:
    """One installation as ``keys list`` and the 终端登记 screen show it."""

    owner: str
    township: str
    installation_id: str | None
    pc_label: str
    fingerprint: str
    status: str
    method: str
    first_seen_at: datetime
    first_sequence: int | None
    last_sequence: int | None
    last_period: str | None
    last_package_at: datetime | None
    enrolled_by: str | None
    enrolled_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    reason: str | None
    held: int

    @property
    def label(self) -> str:
        return self.pc_label or f"PC {self.fingerprint[:9]}"

    def as_dict(self) -> dict[str, Any]:
        def stamp(value: datetime | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "owner": self.owner,
            "township": self.township,
            "installation_id": self.installation_id,
            "pc_label": self.pc_label,
            "fingerprint": self.fingerprint,
            "status": self.status,
            "method": self.method,
            "first_seen_at": stamp(self.first_seen_at),
            "first_sequence": self.first_sequence,
            "last_sequence": self.last_sequence,
            "last_period": self.last_period,
            "last_package_at": stamp(self.last_package_at),
            "enrolled_by": self.enrolled_by,
            "enrolled_at": stamp(self.enrolled_at),
            "decided_by": self.decided_by,
            "decided_at": stamp(self.decided_at),
            "reason": self.reason,
            "held_packages": self.held,
        }


def entries(session: Session) -> list[RosterEntry]:
    """The whole roster, pending first, then by township and PC label."""
    names = dict(session.execute(select(Township.code, Township.name_zh)).all())
    held = dict(
        session.execute(
            select(SyncHeld.key_id, func.count())
            .where(SyncHeld.status == HELD)
            .group_by(SyncHeld.key_id)
        ).all()
    )
    order = {PENDING: 0, ACTIVE: 1, RETIRED: 2, DECLINED: 3}
    rows = sorted(
        session.scalars(select(SyncInstallation)),
        key=lambda r: (order.get(r.status, 9), r.owner, r.pc_label, r.key_id),
    )
    return [
        RosterEntry(
            owner=r.owner,
            township=str(names.get(r.owner, r.owner)),
            installation_id=r.installation_id,
            pc_label=r.pc_label,
            fingerprint=r.fingerprint,
            status=r.status,
            method=r.method,
            first_seen_at=r.first_seen_at,
            first_sequence=r.first_sequence,
            last_sequence=r.last_sequence,
            last_period=r.last_period,
            last_package_at=r.last_package_at,
            enrolled_by=r.enrolled_by,
            enrolled_at=r.enrolled_at,
            decided_by=r.decided_by,
            decided_at=r.decided_at,
            reason=r.reason,
            held=int(held.get(r.key_id, 0)),
        )
        for r in rows
    ]


def labels(session: Session) -> dict[str, str]:
    """PC label by installation id, for completeness (roster first, then what packages said)."""
    found: dict[str, str] = {}
    for installation_id, label in session.execute(
        select(SyncInbox.installation_id, SyncInbox.pc_label).where(SyncInbox.pc_label != "")
    ):
        if label:
            found[installation_id] = label
    for row in session.scalars(select(SyncInstallation)):
        if row.installation_id:
            found[row.installation_id] = label_of(row)
    return found


def roster_entries(database: Database) -> list[RosterEntry]:
    """The roster for a screen (plain data; no session leaves the sync layer)."""
    with database.session() as session:
        return entries(session)
