"""What a search term means: literal wildcards, every term must match, credit codes upper-case."""

from __future__ import annotations

from desktop.services import search_terms
from desktop.services.fields import ENTERPRISES, INSPECTIONS
from desktop.services.search_index import exact_condition


def _params(condition: object) -> list[object]:
    compiled = condition.compile()  # type: ignore[attr-defined]
    return list(compiled.params.values())


def test_words_and_patterns() -> None:
    assert search_terms.search_words("  茗香  绿茶 ") == ["茗香", "绿茶"]
    assert search_terms.like_pattern("100%_a\\b") == "%100\\%\\_a\\\\b%"


def test_credit_code_terms_are_upper_cased_on_every_path() -> None:
    own = search_terms.text_condition(ENTERPRISES, "ma2h")
    assert "%MA2H%" in _params(own) and "%ma2h%" in _params(own)
    for per_row in (False, True):
        linked = search_terms.text_condition(INSPECTIONS, "ma2h", per_row=per_row)
        assert "%MA2H%" in _params(linked)
    # the search index's exact check means the same as the plain filter
    assert sorted(map(str, _params(exact_condition(INSPECTIONS, ["ma2h"])))) == sorted(
        map(str, _params(search_terms.text_condition(INSPECTIONS, "ma2h")))
    )


def test_no_terms_no_condition() -> None:
    assert search_terms.text_condition(INSPECTIONS, "   ") is None
