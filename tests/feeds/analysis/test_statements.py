"""One statement worded two ways is no update and no dispute (feeds/model/statements.py).

The wordings are read by the number grammar, so the test covers what outlets actually write
in English and French, not hand-made intervals.
"""

from __future__ import annotations

import pytest

from feeds.analysis.contradictions import find_contradictions, find_updates
from feeds.analysis.numbers.values import find_counts
from feeds.analysis.numbers.words import to_digits
from feeds.model import CasualtyCount, Category, Claim, VictimKind
from feeds.model.statements import same_statement, statements
from feeds.model.tally import latest_claims, tally

CIV = VictimKind.CIVILIANS


def count(text: str, language: str) -> CasualtyCount:
    [mention] = find_counts(to_digits(text, language))
    return mention.count


def said(claimant: str, text: str, language: str = "en", url: str = "") -> Claim:
    return Claim(claimant, Category.KILLED, count(text, language), CIV, story_url=url)


ONE_STATEMENT = [
    ("at-least-vs-exact", ("at least 18 villagers", "en"), ("18 villageois", "fr")),
    ("au-moins-vs-words", ("au moins 18 civils", "fr"), ("eighteen civilians", "en")),
    ("dix-huit-vs-at-least", ("dix-huit morts", "fr"), ("at least 18 dead", "en")),
    ("more-than-vs-exact", ("more than 60 people", "en"), ("60 personnes", "fr")),
    ("plus-de-vs-exact", ("plus de 40 morts", "fr"), ("40 dead", "en")),
    ("vingtaine-vs-about", ("une vingtaine de morts", "fr"), ("about 20 dead", "en")),
    ("about-covers-near-figure", ("around 30 passengers", "en"), ("31 passagers", "fr")),
    ("nearly-vs-soixantaine", ("près de 60 morts", "fr"), ("some 60 people", "en")),
    ("dozens-vs-dizaines", ("dozens of civilians", "en"), ("plusieurs dizaines de civils", "fr")),
    ("several-vs-plusieurs", ("several villagers", "en"), ("plusieurs villageois", "fr")),
]


@pytest.mark.parametrize(("name", "a", "b"), ONE_STATEMENT, ids=[r[0] for r in ONE_STATEMENT])
def test_one_statement_worded_two_ways(name: str, a: tuple[str, str], b: tuple[str, str]) -> None:
    assert same_statement(count(*a), count(*b))
    assert same_statement(count(*b), count(*a))


TWO_STATEMENTS = [
    ("at-least-then-higher", ("at least 18 villagers", "en"), ("21 villageois", "fr")),
    ("au-moins-then-higher", ("au moins 5 soldats", "fr"), ("seven soldiers", "en")),
    ("about-then-far", ("about 20 dead", "en"), ("une trentaine de morts", "fr")),
    ("more-than-then-other", ("plus de 30 morts", "fr"), ("41 dead", "en")),
    ("dozens-vs-number", ("dozens of civilians", "en"), ("42 civils", "fr")),
    ("several-vs-number", ("plusieurs blessés", "fr"), ("three wounded", "en")),
]


@pytest.mark.parametrize(("name", "a", "b"), TWO_STATEMENTS, ids=[r[0] for r in TWO_STATEMENTS])
def test_different_figures_are_two_statements(
    name: str, a: tuple[str, str], b: tuple[str, str]
) -> None:
    assert not same_statement(count(*a), count(*b))


def test_a_reworded_figure_is_no_update() -> None:
    old = [said("CDRAP", "seven civilians")]
    assert find_updates(old, [said("CDRAP", "au moins sept civils", "fr")]) == []
    assert find_updates(old, [said("CDRAP", "sept civils", "fr")]) == []
    [update] = find_updates(old, [said("CDRAP", "neuf civils", "fr")])
    assert (update.old.low, update.new.low) == (7, 9)


def test_a_late_copy_of_a_superseded_figure_is_no_update_and_not_current() -> None:
    old = [said("Army", "at least 18 people"), said("Army", "21 people")]
    late = said("Army", "dix-huit personnes", "fr")
    assert find_updates(old, [late]) == []
    [current] = latest_claims([*old, late])
    assert (current.count.low, current.count.high) == (21, 21)


def test_the_current_statement_is_its_latest_wording() -> None:
    claims = [said("Army", "18 people"), said("Army", "au moins 18 personnes", "fr")]
    [current] = latest_claims(claims)
    assert (current.count.low, current.count.high) == (18, None)
    assert tally(claims)[0].high is None
    assert latest_claims([*claims, said("Army", "dix-huit personnes", "fr")])[0].count.high == 18


def test_one_figure_rounded_two_ways_by_two_claimants_is_no_dispute() -> None:
    claims = [said("Residents", "more than 60 people"), said("Mayor", "soixante personnes", "fr")]
    assert claims[0].count.overlaps(claims[1].count) is False
    assert find_contradictions(claims) == []
    really = [said("Residents", "more than 60 people"), said("Mayor", "quarante personnes", "fr")]
    assert find_contradictions(really) != []


def test_statements_group_rewordings_and_late_copies() -> None:
    counts = [
        count("at least 18", "en"),
        count("18", "en"),
        count("21", "en"),
        count("au moins 18", "fr"),
    ]
    grouped = statements(counts, lambda c: c)
    assert [len(group) for group in grouped] == [3, 1]
