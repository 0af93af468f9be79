"""The place finder's sibling modules: offset and area phrases (place_phrases.py) and the
false-hit rules over the folded text (place_rules.py)."""

from __future__ import annotations

import pytest

from feeds.analysis.places.phrases import area_phrases, parse_offset
from feeds.analysis.places.rules import AMBIGUOUS, TRAPS, Scan, is_acceptable


@pytest.mark.parametrize(
    ("before", "km", "bearing"),
    [
        ("attack some 30 miles north-west of ", 48.3, 315.0),
        ("a une vingtaine de km au sud-est de ", 20.0, 135.0),
        ("a deux km de ", 2.0, None),
        ("twelve kilometres (7 miles) east of ", 12.0, 90.0),
    ],
)
def test_parse_offset_reads_distance_and_bearing_backwards(
    before: str, km: float, bearing: float | None
) -> None:
    found = parse_offset(before)
    assert found is not None
    assert found[:2] == (km, bearing)
    assert before[found[2] :].split()[0] in {"some", "a", "twelve"}  # the phrase's first word


def test_parse_offset_needs_the_phrase_to_end_at_the_name() -> None:
    assert parse_offset("50 km north of the road, near ") is None
    assert parse_offset("in 2023 killed 50 ") is None


def test_area_phrases_spell_both_languages() -> None:
    phrases = area_phrases("Ségou", "region")
    assert {"Ségou region", "region de Ségou", "district of Ségou"} <= set(phrases)
    assert area_phrases("Gao", "town") == []


def test_false_hit_rules_are_still_importable_from_places() -> None:
    names = ("boni", "kati")
    assert "kati" in AMBIGUOUS and "niger" in TRAPS
    scan = Scan.of("Le président Yayi Boni est arrivé à Kati.")
    boni, kati = (next(n for n in range(len(scan.tokens)) if scan.word(n) == w) for w in names)
    assert not is_acceptable(scan, boni, boni)  # a surname after a first name
    assert is_acceptable(scan, kati, kati)
