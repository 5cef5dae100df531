"""Duplicate keys in any JSON object are refused, at any depth, whoever wrote the JSON."""

from __future__ import annotations

import orjson
import pytest

from desktop.sync import strict_json


@pytest.mark.parametrize(
    "raw",
    [
        b'{"owner":"a","owner":"b"}',
        b'{"a": 1, "b": 2, "a": 1}',
        b'{"items":[{"name":"x","name":"y"}]}',
        b'[{"k":1},{"k":1,"k":2}]',
        b'{"o":{"p":{"q":1,"q":1}}}',
        b'{"\\u006fwner":"a","owner":"b"}',  # the same key, once escaped
    ],
)
def test_duplicates_are_refused(raw: bytes) -> None:
    with pytest.raises(strict_json.DuplicateKeyError):
        strict_json.loads(raw)


@pytest.mark.parametrize(
    "raw",
    [
        orjson.dumps({"a": 1, "b": [1, 2, {"c": "中文"}], "d": None, "e": 1.5}),
        b'{ "a" : 1 , "b" : { "a" : 2 } }',  # the same key in two different objects is fine
        b'{"a":"\\u4e2d"}',
        b"[]",
        b"3",
    ],
)
def test_valid_json_reads_as_orjson_reads_it(raw: bytes) -> None:
    assert strict_json.loads(raw) == orjson.loads(raw)


def test_invalid_json_is_orjsons_error() -> None:
    with pytest.raises(orjson.JSONDecodeError):
        strict_json.loads(b'{"a":')
