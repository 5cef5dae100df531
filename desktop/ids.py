"""Record identity: UUIDv7 keys and the hybrid logical clock (HLC) that versions every row.

UUIDv7 (RFC 9562) keys are born where the record is born and sort by creation time. Python 3.11's
``uuid`` module has no ``uuid7``; the few lines below also let the demo generator pass its own
seeded randomness and timestamps so that its output is reproducible.

An HLC value is ``wall_ms << 16 | counter``: it follows the wall clock, never goes backwards and is
raised past any value seen in merged data, so ``(hlc, origin)`` totally orders the versions of a
record across installations.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable

HLC_COUNTER_BITS = 16


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


def hlc_from_ms(unix_ms: int) -> int:
    """The smallest HLC value of a wall-clock millisecond."""
    return unix_ms << HLC_COUNTER_BITS


class HybridLogicalClock:
    """Issues strictly increasing HLC values; ``observe`` raises it past merged values."""

    def __init__(self, last: int = 0, wall_ms: Callable[[], int] | None = None) -> None:
        self.last = last
        self._wall_ms = wall_ms or (lambda: int(time.time() * 1000))

    def tick(self) -> int:
        """Return a new value, greater than every value issued or observed before."""
        candidate = hlc_from_ms(self._wall_ms())
        self.last = candidate if candidate > self.last else self.last + 1
        return self.last

    def observe(self, seen: int) -> None:
        """Remember a value seen in merged data so later ticks are greater than it."""
        if seen > self.last:
            self.last = seen
