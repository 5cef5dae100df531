"""统一社会信用代码: normalisation and check digit through python-stdnum."""

from __future__ import annotations

import pytest

from desktop.services.credit_code import CodeCheck, check, check_character, normalise


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",
        "91330329MA2H00006J",
        "92330329MA2H00014A",
        "93330329MA2H000222",
        "91110108551385082Q",
        "531000005000160090",
    ],
)
def test_valid_codes(code: str) -> None:
    assert check(code) is CodeCheck.VALID


def test_wrong_check_character_is_a_check_digit_problem() -> None:
    assert check("91330329MA2H00006K") is CodeCheck.BAD_CHECK_DIGIT


@pytest.mark.parametrize(
    "code", ["91350100M000100Y4Z", "123", "91330329MA2H00006", "9133O329MA2H00006J"]
)
def test_malformed_codes(code: str) -> None:
    assert check(code) is CodeCheck.MALFORMED


def test_full_width_lower_case_and_spaces_are_normalised() -> None:
    assert normalise(" ９１３３０３２９ＭＡ２Ｈ００００６ｊ ") == "91330329MA2H00006J"
    assert normalise("9133 0329-MA2H 00006j") == "91330329MA2H00006J"


def test_check_character_matches_worked_example() -> None:
    assert check_character("91350100M000100Y4") == "3"
