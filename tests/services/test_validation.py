"""Field validation (desktop/services/validation.py)."""

from __future__ import annotations

import pytest

from desktop.services.validation import parse_period


def test_full_width_digits_in_a_period_are_folded_on_entry() -> None:
    assert parse_period("２０２６-０９") == "2026-09"
    with pytest.raises(ValueError):
        parse_period("٢٠٢٦-09")
