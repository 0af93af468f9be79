"""Wire-copy detection: exact hash, simhash and the near-duplicate threshold."""

from __future__ import annotations

import subprocess
import sys

import pytest

from feeds.model.fingerprint import (
    NO_FINGERPRINT,
    content_hash,
    hamming_distance,
    is_near_duplicate,
    lead_words,
    normalize_text,
    simhash,
    simhash_from_signed,
    simhash_to_signed,
)
from tests.helpers.paths import ROOT as ROOT_DIR

ROOT = ROOT_DIR

WIRE_PARAGRAPHS = [
    "BAMAKO, Nov 23 - A drone strike hit a weekly livestock market some 50 kilometres north of "
    "Lerneb in the Timbuktu region on Sunday, killing at least 18 people, a rights group "
    "linked to the northern rebel movement said on Monday.",
    "The group said seven more people were wounded when two munitions struck the market stalls "
    "shortly after noon, as herders from surrounding camps gathered to trade goats and camels.",
    "The Malian army said in a post on social media that it had destroyed a refuge used by "
    "armed men in the area and neutralised 11 terrorists during the operation.",
    "Residents reached by telephone said the dead included traders and a boy of about twelve, "
    "and that survivors had carried the wounded towards the town on donkey carts overnight.",
    "Last month the rebels accused soldiers and foreign fighters of executing at least 24 "
    "people in a village further east, an accusation the authorities rejected at the time.",
    "The junta that seized power in 2021 has leaned on Russian paramilitaries since French "
    "troops left, and independent access to the north remains very limited for reporters.",
]

# The same wire story as republished by another outlet: new headline (not in the body), a byline
# line on top, the last two paragraphs cut, and a footer line.
COPY_PARAGRAPHS = [
    "By our correspondent",
    *WIRE_PARAGRAPHS[:4],
    "This article was republished from a news agency. All rights reserved.",
]

# Another outlet's own story about the same event: same facts, names and numbers, own words.
INDEPENDENT_PARAGRAPHS = [
    "At least 18 civilians died on Sunday when an air strike targeted a market north of Lerneb, "
    "in the Timbuktu region of Mali, according to a Tuareg rights organisation.",
    "The organisation described the bombing as barbaric and said seven people were also hurt. "
    "The army, for its part, claimed to have killed 11 terrorists hiding in a refuge nearby.",
    "It is not the first time the two sides have traded accusations: the rebels last month "
    "blamed the army and its Russian allies for the execution of 24 villagers.",
]


def story(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def test_content_hash_ignores_case_accents_punctuation_and_spacing() -> None:
    a = "Au moins 18 morts à Ménaka, selon l’armée."
    b = "  AU MOINS 18 MORTS A MENAKA  selon l'armee "
    assert content_hash(a) == content_hash(b)
    assert len(content_hash(a)) == 64


def test_content_hash_differs_for_a_different_figure() -> None:
    assert content_hash("at least 18 killed") != content_hash("at least 19 killed")


def test_normalize_text_folds_and_collapses() -> None:
    assert normalize_text("L’armée — «11 terroristes»\n\n tués!") == "l armee 11 terroristes tues"


def test_lead_words_skips_byline_and_footer_lines() -> None:
    words = lead_words(story(COPY_PARAGRAPHS), limit=5)
    assert words == ["bamako", "nov", "23", "a", "drone"]


def test_republished_wire_copy_is_a_near_duplicate() -> None:
    original, copy = simhash(story(WIRE_PARAGRAPHS)), simhash(story(COPY_PARAGRAPHS))
    assert hamming_distance(original, copy) <= 3
    assert is_near_duplicate(original, copy)


def test_independent_story_about_the_same_event_is_not_a_copy() -> None:
    original = simhash(story(WIRE_PARAGRAPHS))
    other = simhash(story(INDEPENDENT_PARAGRAPHS))
    assert hamming_distance(original, other) > 12
    assert not is_near_duplicate(original, other)


def test_a_word_edited_in_the_lead_moves_the_fingerprint_a_little_not_half_way() -> None:
    original = simhash(story(WIRE_PARAGRAPHS))
    edited = simhash(story([WIRE_PARAGRAPHS[0].replace("weekly", "busy"), *WIRE_PARAGRAPHS[1:]]))
    assert 0 < hamming_distance(original, edited) < 16


@pytest.mark.parametrize("text", ["", " — ", "Lire la suite", "Subscribe to read the full story."])
def test_short_text_has_no_fingerprint_and_is_nobodys_copy(text: str) -> None:
    assert simhash(text) == NO_FINGERPRINT
    assert not is_near_duplicate(simhash(text), simhash(text))


def test_content_hash_of_an_empty_text_is_empty() -> None:
    assert content_hash("") == content_hash(" ... ") == ""


def test_simhash_is_stable_across_processes() -> None:
    """No salted hash(): a fresh interpreter with another PYTHONHASHSEED gives the same value."""
    text = story(WIRE_PARAGRAPHS)
    code = (
        "import sys; from feeds.model.fingerprint import simhash; print(simhash(sys.stdin.read()))"
    )
    env = {"PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=text,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert int(out.stdout) == simhash(text)


@pytest.mark.parametrize("value", [0, 1, (1 << 63) - 1, 1 << 63, (1 << 64) - 1])
def test_signed_round_trip_fits_a_bigint(value: int) -> None:
    signed = simhash_to_signed(value)
    assert -(1 << 63) <= signed < 1 << 63
    assert simhash_from_signed(signed) == value


def test_distance_is_the_same_on_signed_values() -> None:
    a, b = simhash(story(WIRE_PARAGRAPHS)), simhash(story(INDEPENDENT_PARAGRAPHS))
    assert hamming_distance(simhash_to_signed(a), simhash_to_signed(b)) == hamming_distance(a, b)
