"""The hybrid logical clock with a frozen and a jumping wall clock."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from desktop.ids import (
    CLOCK_FLOOR_MS,
    HybridLogicalClock,
    hlc_datetime,
    hlc_from_datetime,
    hlc_from_ms,
    hlc_wall_ms,
)

NOW_MS = int(datetime(2026, 11, 20, 9, 0).timestamp() * 1000)


def test_a_frozen_wall_clock_still_gives_strictly_increasing_values() -> None:
    clock = HybridLogicalClock(0, lambda: NOW_MS)
    values = [clock.tick() for _ in range(70_000)]  # past the 16-bit counter
    assert all(b > a for a, b in itertools.pairwise(values))
    assert hlc_wall_ms(values[0]) == NOW_MS
    assert hlc_wall_ms(values[-1]) == NOW_MS + 1  # the counter carried into the next ms


def test_a_jumping_wall_clock_never_makes_the_clock_go_back() -> None:
    wall = [NOW_MS]
    clock = HybridLogicalClock(0, lambda: wall[0])
    seen = [clock.tick()]
    for jump in (3 * 365 * 86_400_000, -3 * 365 * 86_400_000, -20 * 365 * 86_400_000, 1000):
        wall[0] += jump
        seen.append(clock.tick())
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    assert clock.is_ahead_of(NOW_MS, 86_400_000)  # it ran ahead and has not come back by itself


def test_a_clock_before_the_floor_is_not_believed() -> None:
    clock = HybridLogicalClock(0, lambda: int(datetime(2000, 1, 1).timestamp() * 1000))
    assert hlc_wall_ms(clock.tick()) == CLOCK_FLOOR_MS


def test_observe_raises_the_clock() -> None:
    clock = HybridLogicalClock(0, lambda: NOW_MS)
    later = hlc_from_ms(NOW_MS + 5000)
    clock.observe(later)
    assert clock.tick() == later + 1


def test_conversions() -> None:
    moment = datetime(2026, 11, 20, 9, 0, 1)
    assert hlc_datetime(hlc_from_datetime(moment)) == moment
    assert hlc_from_datetime(moment + timedelta(milliseconds=1)) == hlc_from_datetime(moment) + (
        1 << 16
    )
