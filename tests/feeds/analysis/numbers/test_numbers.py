"""Counts and qualifiers → intervals (codebook §2), one row per wording, English and French."""

from __future__ import annotations

from fractions import Fraction

import pytest

from feeds.analysis.numbers.values import find_counts, round_half_up
from feeds.analysis.numbers.words import to_digits
from feeds.model import Qualifier

Q = Qualifier


def only_count(text: str, language: str = "en") -> tuple[int | None, int | None, Qualifier]:
    counts = find_counts(to_digits(text, language))
    assert len(counts) == 1, counts
    count = counts[0].count
    return count.low, count.high, count.qualifier


QUALIFIER_TABLE = [
    # exact
    ("en-digits", "18 people were killed", "en", (18, 18, Q.EXACT)),
    ("en-word", "eleven soldiers died", "en", (11, 11, Q.EXACT)),
    ("fr-word", "onze soldats sont morts", "fr", (11, 11, Q.EXACT)),
    ("fr-compound", "dix-huit personnes tuées", "fr", (18, 18, Q.EXACT)),
    ("fr-quarante-deux", "quarante-deux blessés", "fr", (42, 42, Q.EXACT)),
    ("en-a-dozen", "a dozen villagers", "en", (12, 12, Q.EXACT)),
    ("en-two-dozen", "two dozen passengers", "en", (24, 24, Q.EXACT)),
    ("en-a-hundred", "a hundred people", "en", (100, 100, Q.EXACT)),
    ("en-thousands-comma", "1,200 civilians", "en", (1200, 1200, Q.EXACT)),
    ("fr-thousands-space", "1 200 morts", "fr", (1200, 1200, Q.EXACT)),
    ("fr-thousands-dot", "1.200 morts", "fr", (1200, 1200, Q.EXACT)),
    ("en-provisional", "a provisional toll of 9", "en", (9, 9, Q.EXACT)),
    # at least
    ("en-at-least", "at least 18 people", "en", (18, None, Q.AT_LEAST)),
    ("en-no-fewer", "no fewer than 30 soldiers", "en", (30, None, Q.AT_LEAST)),
    ("en-so-far", "18 people killed so far", "en", (18, None, Q.AT_LEAST)),
    ("en-count-not-over", "23 bodies, and the count is not over", "en", (23, None, Q.AT_LEAST)),
    ("fr-pour-l-instant", "12 morts pour l'instant", "fr", (12, None, Q.AT_LEAST)),
    ("fr-au-moins", "au moins 18 civils", "fr", (18, None, Q.AT_LEAST)),
    ("fr-pas-moins", "pas moins de 30 soldats", "fr", (30, None, Q.AT_LEAST)),
    ("fr-au-minimum", "au minimum 12 morts", "fr", (12, None, Q.AT_LEAST)),
    # more than
    ("en-more-than", "more than 20 civilians", "en", (21, None, Q.MORE_THAN)),
    ("en-over", "over 40 soldiers", "en", (41, None, Q.MORE_THAN)),
    ("en-upwards", "upwards of 50 villagers", "en", (51, None, Q.MORE_THAN)),
    ("fr-plus-de", "plus de 50 personnes", "fr", (51, None, Q.MORE_THAN)),
    ("fr-plus-d-une-centaine", "plus d'une centaine de morts", "fr", (101, None, Q.MORE_THAN)),
    # about
    ("en-about", "about 25 people", "en", (23, 28, Q.ABOUT)),
    ("en-around", "around 40 passengers", "en", (36, 44, Q.ABOUT)),
    ("en-some-number", "some 50 people", "en", (45, 55, Q.ABOUT)),
    ("en-approximately", "approximately thirty terrorists", "en", (27, 33, Q.ABOUT)),
    ("fr-environ", "environ 30 morts", "fr", (27, 33, Q.ABOUT)),
    ("fr-quelque", "quelque 50 personnes", "fr", (45, 55, Q.ABOUT)),
    # nearly
    ("en-nearly", "nearly 100 victims", "en", (90, 100, Q.NEARLY)),
    ("en-almost", "almost 25 people", "en", (23, 25, Q.NEARLY)),
    ("fr-pres-de", "près de 20 morts", "fr", (18, 20, Q.NEARLY)),
    ("fr-pres-d-une-trentaine", "près d'une trentaine de civils", "fr", (27, 30, Q.NEARLY)),
    # up to
    ("en-up-to", "up to 40 people", "en", (None, 40, Q.UP_TO)),
    ("en-as-many-as", "as many as 16 others", "en", (None, 16, Q.UP_TO)),
    ("fr-jusqu-a", "jusqu'à 60 morts", "fr", (None, 60, Q.UP_TO)),
    # between
    ("en-between", "between 10 and 15 villagers", "en", (10, 15, Q.BETWEEN)),
    ("en-to", "10 to 12 soldiers", "en", (10, 12, Q.BETWEEN)),
    ("en-list-or", "six, seven or nine people", "en", (6, 9, Q.BETWEEN)),
    ("fr-entre", "entre 10 et 15 gendarmes", "fr", (10, 15, Q.BETWEEN)),
    ("fr-a", "3 à 5 morts", "fr", (3, 5, Q.BETWEEN)),
    # French approximate nouns
    ("fr-dizaine", "une dizaine de terroristes", "fr", (8, 12, Q.APPROXIMATE_NOUN)),
    ("fr-quinzaine", "une quinzaine de soldats", "fr", (12, 18, Q.APPROXIMATE_NOUN)),
    ("fr-vingtaine", "une vingtaine de civils", "fr", (16, 24, Q.APPROXIMATE_NOUN)),
    ("fr-cinquantaine", "une cinquantaine de morts", "fr", (40, 60, Q.APPROXIMATE_NOUN)),
    ("fr-centaine", "une centaine de blessés", "fr", (80, 120, Q.APPROXIMATE_NOUN)),
    ("fr-au-moins-dizaine", "au moins une dizaine de morts", "fr", (10, None, Q.AT_LEAST)),
    # plural count nouns
    ("en-dozens", "dozens of civilians", "en", (24, None, Q.PLURAL_NOUN)),
    ("en-scores", "scores of villagers", "en", (40, None, Q.PLURAL_NOUN)),
    ("en-hundreds", "hundreds of people", "en", (200, None, Q.PLURAL_NOUN)),
    ("en-thousands", "thousands of people", "en", (2000, None, Q.PLURAL_NOUN)),
    ("fr-des-dizaines", "des dizaines de morts", "fr", (20, None, Q.PLURAL_NOUN)),
    ("fr-plusieurs-dizaines", "plusieurs dizaines de terroristes", "fr", (20, None, Q.PLURAL_NOUN)),
    ("fr-quelques-dizaines", "quelques dizaines de civils", "fr", (20, None, Q.PLURAL_NOUN)),
    ("fr-des-centaines", "des centaines de villageois", "fr", (200, None, Q.PLURAL_NOUN)),
    # no number
    ("en-several", "several soldiers", "en", (2, None, Q.SEVERAL)),
    ("en-many", "many civilians", "en", (2, None, Q.SEVERAL)),
    ("fr-plusieurs", "plusieurs civils", "fr", (2, None, Q.SEVERAL)),
    ("fr-de-nombreux", "de nombreux blessés", "fr", (2, None, Q.SEVERAL)),
    ("en-heavy-loss", "a heavy loss of life", "en", (2, None, Q.SEVERAL)),
    ("fr-enormes-pertes", "d'énormes pertes en vies humaines", "fr", (2, None, Q.SEVERAL)),
    ("en-some", "some people were wounded", "en", (2, 9, Q.SOME)),
    ("en-a-few", "a few villagers", "en", (2, 9, Q.SOME)),
    ("fr-quelques", "quelques personnes", "fr", (2, 9, Q.SOME)),
    # A, or even B
    ("en-or-even", "at least 30, or even 50 people", "en", (30, 50, Q.OR_EVEN)),
    ("fr-voire", "40 voire 60 morts", "fr", (40, 60, Q.OR_EVEN)),
    ("fr-voire-le-double", "une vingtaine, voire le double", "fr", (16, 48, Q.OR_EVEN)),
    # "above N" is more than N; a ceiling said after the count is "up to N"
    ("en-above", "the toll rose above 30 dead", "en", (31, None, Q.MORE_THAN)),
    ("fr-au-dessus", "un bilan au-dessus de 30 morts", "fr", (31, None, Q.MORE_THAN)),
    ("en-at-most-after", "six villagers died, at most.", "en", (None, 6, Q.UP_TO)),
    ("en-at-the-most", "perhaps nine were killed at the most", "en", (None, 9, Q.UP_TO)),
    ("fr-maximum-after", "peut-être cinq bergers tués, maximum.", "fr", (None, 5, Q.UP_TO)),
    ("fr-au-plus", "sept morts au plus", "fr", (None, 7, Q.UP_TO)),
    ("en-most-not-ceiling", "12 people, most of them women", "en", (12, 12, Q.EXACT)),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in QUALIFIER_TABLE],
    ids=[row[0] for row in QUALIFIER_TABLE],
)
def test_qualifier_table(text: str, language: str, expected: tuple[object, ...]) -> None:
    assert only_count(text, language) == expected


NOT_PEOPLE = [
    ("year", "in 2021 the army took power", "en"),
    ("date-fr", "le 12 novembre dernier", "fr"),
    ("date-en", "on November 12 the convoy left", "en"),
    ("time", "at 10:30 the strike hit", "en"),
    ("distance", "50 km north of Lerneb", "en"),
    ("distance-fr", "à 50 kilomètres au nord", "fr"),
    ("age", "the boy aged 12", "en"),
    ("age-fr", "un garçon âgé de 12 ans", "fr"),
    ("money", "a ransom of $500", "en"),
    ("percent", "20% of the population", "en"),
    ("days", "two days of fighting", "en"),
    ("vehicles", "3 vehicles were destroyed", "en"),
    ("resolution", "Resolution 2100 of the Security Council", "en"),
    ("ordinal", "the 2nd battalion", "en"),
    ("million", "1.5 million displaced", "en"),
]


@pytest.mark.parametrize(
    ("text", "language"), [row[1:] for row in NOT_PEOPLE], ids=[row[0] for row in NOT_PEOPLE]
)
def test_numbers_that_are_not_people_are_ignored(text: str, language: str) -> None:
    assert find_counts(to_digits(text, language)) == []


def test_qualifier_wording_is_kept() -> None:
    counts = find_counts(to_digits("killed at least eighteen people", "en"))
    assert counts[0].count.wording == "at least 18"


def test_toll_rising_from_one_figure_to_another_keeps_the_new_one() -> None:
    counts = find_counts("the toll rose from 18 to 21")
    assert [(c.count.low, c.count.high) for c in counts] == [(21, 21)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Fraction(45, 2), 23), (Fraction(44, 2), 22), (Fraction(27, 10), 3), (Fraction(21, 10), 2)],
    ids=["half-up", "whole", "above-half", "below-half"],
)
def test_round_half_up(value: Fraction, expected: int) -> None:
    assert round_half_up(value) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("un jeune vendeur de carburant a été tué", "fr"),
        ("une infirmière a été enlevée dimanche", "fr"),
        ("un apprenti-chauffeur a été blessé", "fr"),
        ("a local schoolteacher was shot dead", "en"),
        ("an elderly herder has been abducted", "en"),
    ],
)
def test_a_single_victim_named_by_a_noun_phrase_is_one(text: str, language: str) -> None:
    assert only_count(text, language) == (1, 1, Q.EXACT)


@pytest.mark.parametrize(
    ("text", "language"),
    [("une vidéo a été publiée", "fr"), ("a statement was released", "en")],
    ids=["video", "statement"],
)
def test_no_single_victim_without_a_casualty_verb(text: str, language: str) -> None:
    assert find_counts(to_digits(text, language)) == []


def test_number_words_live_in_their_own_module() -> None:
    assert to_digits.__module__ == "feeds.analysis.numbers.words"
    assert to_digits("dix-huit morts", "fr") == "18 morts"
