"""Column-at-a-time checks (desktop/sync/columns.py) give the row checks' verdicts, value for value.

For every column of every ledger, hypothesis draws a column of values — real ones from a package,
edge cases and junk — and the column check must refuse exactly when some row check refuses, and
otherwise return what the row checks return.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.models import LEDGER_MODELS
from desktop.sync import package
from desktop.sync.rows import Limits, References, RowCodec, RowError, ledger_codec
from tests.sync.conftest import World

TRICKY: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2**31,
    2**63 - 1,
    0.5,
    1e308,
    -0.0,
    "",
    " ",
    "\x00",
    "a\x00b",
    "x" * 300,
    "2026-02-30",
    "2026-W01-1",
    "2026-10-01",
    "2099-01-01",
    "1999-12-31",
    "2026-10",
    "2026-13",
    "2026-10-01T08:00:00",
    "2026-10-01T08:00:00.250000",
    "2026-10-01T08:00:00+08:00",
    "2026-10-01 08:00:00",
    "2099-10-01T08:00:00",
    "1999-10-01T08:00:00",
    "01a2316f-48cd-88b4-bc52-ae8d6174c1b2",
    "01a2316f-48cd-88b4-bc52-ae8d6174c1b2\n",
    "91330329MA2H00006J",
    "pass",
    "galaxy",
    [],
    [{"item": "净含量"}],
    [{"evil": 1}],
    {"a": 1},
]


@pytest.fixture(scope="module")
def codecs(world: World) -> list[tuple[RowCodec, dict[str, list[Any]]]]:
    pkg = package.read(world.a1.read_bytes())
    manifest = pkg.manifest
    limits = Limits.for_package(
        datetime.now(),
        from_county=False,
        created_at=manifest.created_at,
        hlc_from=manifest.hlc_from,
        hlc_to=manifest.hlc_to,
    )
    found = []
    for table in LEDGER_MODELS:
        rows = pkg.rows.get(table, [])
        if rows:
            codec = ledger_codec(table, manifest.owner, limits, References(), "0005")
            samples = {name: [row[name] for row in rows] for name in codec.columns}
            found.append((codec, samples))
    return found


def _row_verdict(check: Any, values: list[Any]) -> list[Any] | None:
    try:
        return [check(value) for value in values]
    except RowError:
        return None


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_a_column_check_refuses_exactly_what_the_row_checks_refuse(
    codecs: list[tuple[RowCodec, dict[str, list[Any]]]], data: st.DataObject
) -> None:
    codec, samples = data.draw(st.sampled_from(codecs))
    position = data.draw(st.integers(0, len(codec.columns) - 1))
    name = codec.columns[position]
    values = data.draw(
        st.lists(st.sampled_from(samples[name]) | st.sampled_from(TRICKY), min_size=1, max_size=12)
    )
    expected = _row_verdict(codec.checks[position], values)
    got = codec.bulk[position](tuple(values))
    if expected is None:
        assert got is None, (codec.table.name, name, values)
    else:
        assert got is not None, (codec.table.name, name, values)
        assert list(got) == expected, (codec.table.name, name, values)


def test_real_rows_pass_a_column_at_a_time(
    codecs: list[tuple[RowCodec, dict[str, list[Any]]]],
) -> None:
    """A genuine package is checked by the column checks (the row checks are the fallback)."""
    for codec, samples in codecs:
        width = len(next(iter(samples.values())))
        rows = [{column: samples[column][at] for column in samples} for at in range(width)]
        checked = codec._decode_columns(rows)
        assert checked is not None, codec.table.name
        fallback = RowCodec(codec.table, codec.columns, codec.checks, codec.key)
        assert checked == fallback.decode(rows, "x")


def test_every_edge_case_in_every_column(
    codecs: list[tuple[RowCodec, dict[str, list[Any]]]],
) -> None:
    """Each edge case alone and beside a real value, in every column of every ledger."""
    for codec, samples in codecs:
        for position, name in enumerate(codec.columns):
            real = samples[name][0]
            for value in TRICKY:
                for values in ([value], [real, value], [value, real, real]):
                    expected = _row_verdict(codec.checks[position], values)
                    got = codec.bulk[position](tuple(values))
                    if expected is None:
                        assert got is None, (codec.table.name, name, values)
                    else:
                        assert got is not None, (codec.table.name, name, values)
                        assert list(got) == expected, (codec.table.name, name, values)
