"""统一社会信用代码 (GB 32100-2015): normalisation and check-digit validation.

The check itself is ``python-stdnum``'s ``stdnum.cn.uscc``; this module only normalises what
clerks type (spaces, full-width characters, lower case) and words the verdict.
"""

from __future__ import annotations

import unicodedata
from enum import Enum

from stdnum.cn import uscc
from stdnum.exceptions import InvalidChecksum, ValidationError

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


class CodeCheck(Enum):
    """Verdict on a credit code."""

    VALID = "valid"
    BAD_CHECK_DIGIT = "bad_check_digit"
    MALFORMED = "malformed"


def normalise(raw: str) -> str:
    """Trim, fold full-width to half-width (NFKC), drop inner spaces and hyphens, upper-case."""
    folded = unicodedata.normalize("NFKC", raw)
    return "".join(ch for ch in folded if not ch.isspace() and ch != "-").upper()


def check(code: str) -> CodeCheck:
    """Check a normalised code: well-formed with a right check digit, wrong digit, or malformed."""
    if len(code) != 18 or any(ch not in ALPHABET for ch in code):
        return CodeCheck.MALFORMED
    try:
        uscc.validate(code)
    except InvalidChecksum:
        return CodeCheck.BAD_CHECK_DIGIT
    except ValidationError:
        return CodeCheck.MALFORMED
    return CodeCheck.VALID


def check_character(first17: str) -> str:
    """The check character for the first 17 characters (used by the demo generator)."""
    return str(uscc.calc_check_digit(first17))
