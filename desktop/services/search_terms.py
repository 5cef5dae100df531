"""What a search term means, written once: the table filter, the search index's exact check and
the enterprise picker all build their conditions here.

A term matches a record when one of the ledger's search fields contains it, or — for ledgers that
point at an enterprise — when that enterprise's name or credit code contains it. ``LIKE``
wildcards in the term are literal, and credit codes (stored upper-case) are compared upper-case,
because PostgreSQL's ``LIKE`` (unlike SQLite's) minds case.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.sql.elements import ColumnElement

from desktop.models import Enterprise
from desktop.services.fields import LedgerSpec

CODE_COLUMNS = frozenset({"credit_code"})
"""Columns stored upper-case: a term is upper-cased before it is compared with them."""


def search_words(text: str) -> list[str]:
    """The terms of a search box's text (split on white space; every term must match)."""
    return [word for word in text.split() if word]


def like_pattern(word: str) -> str:
    """A ``LIKE`` pattern (escape ``\\``) for "contains ``word``", wildcards taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: Any, word: str) -> ColumnElement[bool]:
    """``column`` contains ``word`` (upper-cased for the credit-code columns)."""
    pattern = like_pattern(word)
    if column.key in CODE_COLUMNS:
        pattern = pattern.upper()
    result: ColumnElement[bool] = column.like(pattern, escape="\\")
    return result


def enterprise_matches(word: str) -> ColumnElement[bool]:
    """Enterprises whose name or credit code contains ``word``."""
    return or_(contains(Enterprise.name, word), contains(Enterprise.credit_code, word))


def word_condition(spec: LedgerSpec, word: str, per_row: bool = False) -> ColumnElement[bool]:
    """Records of a ledger that ``word`` matches.

    The enterprise is found through a list of matching enterprises, or with ``per_row`` through
    a primary-key probe per record (quicker when an index has already narrowed the records).
    """
    table = spec.model.__table__
    alternatives = [contains(table.c[name], word) for name in spec.search_fields]
    if "enterprise_id" in spec.field_names:
        link = table.c.enterprise_id
        if per_row:
            alternatives.append(
                exists().where(Enterprise.id == link).where(enterprise_matches(word))
            )
        else:
            alternatives.append(link.in_(select(Enterprise.id).where(enterprise_matches(word))))
    return or_(*alternatives)


def text_condition(
    spec: LedgerSpec, text: str | list[str], per_row: bool = False
) -> ColumnElement[bool] | None:
    """Records that every term of ``text`` matches (None when there is no term)."""
    words = search_words(text) if isinstance(text, str) else text
    if not words:
        return None
    return and_(*(word_condition(spec, word, per_row) for word in words))
