"""JSON as packages and key files must be read: no object may name a key twice.

orjson (like most parsers) keeps the last of two equal keys, another parser may keep the first:
two readers of one signed manifest could then disagree about its owner, and a row could say one
thing to a checker and another to the database. So every JSON object of a package or key file is
checked for duplicate keys, at any depth.

Lines written by orjson — every line this application writes — come back byte for byte when the
parsed value is written again, which proves there was no duplicate without a second parse; any
other line (another writer's spacing or escapes) is parsed once more with the standard library,
whose ``object_pairs_hook`` sees every key.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


class DuplicateKeyError(ValueError):
    """A JSON object names the same key twice; ``key`` is the first such key."""

    def __init__(self, key: str) -> None:
        super().__init__(f"duplicate key {key!r}")
        self.key = key


class InvalidJsonError(ValueError):
    """Not JSON at all (or JSON the standard library refuses)."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


def check_no_duplicates(raw: bytes | str) -> None:
    """Raise :class:`DuplicateKeyError` when any object in ``raw`` repeats a key."""
    try:
        json.loads(raw, object_pairs_hook=_pairs)
    except DuplicateKeyError:
        raise
    except (ValueError, RecursionError) as error:
        raise InvalidJsonError(str(error)) from None


def loads(raw: bytes) -> Any:
    """Parse ``raw`` (orjson rules), refusing duplicate keys in any object.

    Raises ``orjson.JSONDecodeError`` for invalid JSON, :class:`DuplicateKeyError` for a
    repeated key, :class:`InvalidJsonError` for JSON only orjson accepts.
    """
    value = orjson.loads(raw)
    if isinstance(value, dict | list) and orjson.dumps(value) != raw:
        check_no_duplicates(raw)
    return value
