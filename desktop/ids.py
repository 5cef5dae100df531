"""Record identity: UUIDv7 keys and the hybrid logical clock (HLC) that versions every row.

UUIDv7 (RFC 9562) keys are born where the record is born and sort by creation time; record ids
are owner-qualified UUIDv8 with the same time layout (:func:`owned_id`). Python 3.11's
``uuid`` module has no ``uuid7``; the few lines below also let the demo generator pass its own
seeded randomness and timestamps so that its output is reproducible.

An HLC value is ``wall_ms << 16 | counter``: it follows the wall clock, never goes backwards and is
raised past any value seen in merged data, so ``(hlc, origin)`` totally orders the versions of a
record across installations.

PC clocks are wrong (a dead CMOS battery resets to 2000, some run years ahead). A clock that is
behind costs nothing: the counter carries on from the last value. A clock that ran ahead leaves
values in the future that no receiver accepts; versions nobody has accepted yet may be re-stamped
(:mod:`desktop.sync.restamp`, docs/sync-format.md §5.5), which is the only way a clock value ever
goes back. No wall clock earlier than :data:`CLOCK_FLOOR` is believed.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from collections.abc import Callable
from datetime import datetime

HLC_COUNTER_BITS = 16
CLOCK_FLOOR = datetime(2026, 1, 1)
"""No PC running this release can truthfully be earlier: a clock before it is certainly wrong."""
CLOCK_FLOOR_MS = int(CLOCK_FLOOR.timestamp() * 1000)


def uuid7(unix_ms: int | None = None, random_bytes: bytes | None = None) -> str:
    """Return a new UUIDv7 as its canonical 36-character string."""
    ms = int(time.time() * 1000) if unix_ms is None else unix_ms
    rand = os.urandom(10) if random_bytes is None else random_bytes
    if len(rand) < 10:
        raise ValueError("uuid7 needs 10 random bytes")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= (int.from_bytes(rand[0:2], "big") & 0x0FFF) << 64
    value |= 0b10 << 62
    value |= int.from_bytes(rand[2:10], "big") & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def hlc_wall_ms(hlc: int) -> int:
    """The wall-clock milliseconds part of an HLC value."""
    return hlc >> HLC_COUNTER_BITS


OWNER_TAG_BITS = 32
_TAG_SHIFT = 62 - OWNER_TAG_BITS


def owner_tag(owner: str) -> int:
    """The 32-bit tag an owner's record ids carry: SHA-256 of ``quality-desk owner:<owner>``."""
    digest = hashlib.sha256(f"quality-desk owner:{owner}".encode()).digest()
    return int.from_bytes(digest[:4], "big")


def owned_id(owner: str, unix_ms: int | None = None, random_bytes: bytes | None = None) -> str:
    """A new record id that names its owner (township code or ``county``).

    A UUIDv8 (RFC 9562, custom layout) laid out like UUIDv7 — 48-bit Unix milliseconds, version
    8, 12 random bits, variant — whose last 62 bits are the owner's 32-bit tag followed by 30
    random bits. So anyone can tell from an id alone which owner may write it, and a package can
    never write or refer to another township's new records, whatever order files arrive in.
    """
    ms = int(time.time() * 1000) if unix_ms is None else unix_ms
    rand = os.urandom(10) if random_bytes is None else random_bytes
    if len(rand) < 10:
        raise ValueError("owned_id needs 10 random bytes")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x8 << 76
    value |= (int.from_bytes(rand[0:2], "big") & 0x0FFF) << 64
    value |= 0b10 << 62
    value |= owner_tag(owner) << _TAG_SHIFT
    value |= int.from_bytes(rand[2:10], "big") & ((1 << _TAG_SHIFT) - 1)
    return str(uuid.UUID(int=value))


def id_tag(record_id: str) -> int | None:
    """The owner tag of an owner-qualified id, or None for an id of an earlier release (UUIDv7)."""
    if len(record_id) != 36 or record_id[14] != "8":
        return None
    try:
        value = int(record_id.replace("-", ""), 16)
    except ValueError:
        return None
    return (value >> _TAG_SHIFT) & ((1 << OWNER_TAG_BITS) - 1)


def hlc_from_ms(unix_ms: int) -> int:
    """The smallest HLC value of a wall-clock millisecond."""
    return unix_ms << HLC_COUNTER_BITS


def hlc_from_datetime(moment: datetime) -> int:
    """The smallest HLC value of a (local, naive) moment."""
    return hlc_from_ms(int(moment.timestamp() * 1000))


def hlc_datetime(hlc: int) -> datetime:
    """The local wall-clock time an HLC value was issued at (for messages)."""
    return datetime.fromtimestamp(hlc_wall_ms(hlc) / 1000)


class HybridLogicalClock:
    """Issues strictly increasing HLC values; ``observe`` raises it past merged values."""

    def __init__(self, last: int = 0, wall_ms: Callable[[], int] | None = None) -> None:
        self.last = last
        self._wall_ms = wall_ms or (lambda: int(time.time() * 1000))

    def tick(self) -> int:
        """Return a new value, greater than every value issued or observed before.

        A wall clock behind the last value (or before :data:`CLOCK_FLOOR`) is not followed:
        the counter carries on from the last value, so order is kept whatever the clock says.
        """
        candidate = hlc_from_ms(max(self._wall_ms(), CLOCK_FLOOR_MS))
        self.last = candidate if candidate > self.last else self.last + 1
        return self.last

    def is_ahead_of(self, wall_ms: int, tolerance_ms: int) -> bool:
        """True when the last value lies more than ``tolerance_ms`` past ``wall_ms``."""
        return hlc_wall_ms(self.last) > wall_ms + tolerance_ms

    def observe(self, seen: int) -> None:
        """Remember a value seen in merged data so later ticks are greater than it."""
        if seen > self.last:
            self.last = seen
