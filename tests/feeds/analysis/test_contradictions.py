"""Codebook §6: count, victims and denial disputes; updates; tallies."""

from __future__ import annotations

import pytest

from feeds.analysis.contradictions import (
    are_comparable_victims,
    describe_claim,
    find_contradictions,
    find_updates,
)
from feeds.model import (
    CasualtyCount,
    Category,
    CategoryTally,
    Claim,
    ContradictionKind,
    Qualifier,
    Role,
    VictimKind,
)
from feeds.model.tally import drop_superseded_vague, latest_claims, tally

KILLED, INJURED = Category.KILLED, Category.INJURED
CIV, MIL, SOL, MIX, UNS = (
    VictimKind.CIVILIANS,
    VictimKind.MILITANTS,
    VictimKind.SOLDIERS,
    VictimKind.MIXED,
    VictimKind.UNSPECIFIED,
)
COUNT, VICTIMS, DENIAL = (
    ContradictionKind.COUNT,
    ContradictionKind.VICTIMS,
    ContradictionKind.DENIAL,
)


def claim(
    claimant: str,
    low: int | None,
    high: int | None,
    victims: VictimKind = UNS,
    *,
    category: Category = KILLED,
    qualifier: Qualifier = Qualifier.EXACT,
    detail: str = "",
    scope: str | None = None,
    role: Role = Role.MAIN,
) -> Claim:
    return Claim(
        claimant,
        category,
        CasualtyCount(low, high, qualifier),
        victims,
        victims_detail=detail,
        scope=scope,
        role=role,
    )


def denial(claimant: str, victims: VictimKind = CIV) -> Claim:
    return claim(claimant, 0, 0, victims, qualifier=Qualifier.DENIAL)


def kinds(claims: list[Claim]) -> list[tuple[str, str]]:
    return [(c.category.value, c.kind.value) for c in find_contradictions(claims)]


def test_seed_claims_give_a_count_and_a_victims_dispute() -> None:
    cdrap = claim("CDRAP", 18, None, CIV, qualifier=Qualifier.AT_LEAST, detail="people")
    injured = claim("CDRAP", 7, 7, UNS, category=INJURED)
    army = claim("Malian army", 11, 11, MIL, detail="terrorists")
    found = find_contradictions([cdrap, injured, army])
    assert [(c.kind, c.category) for c in found] == [(COUNT, KILLED), (VICTIMS, KILLED)]
    assert found[0].first is cdrap and found[0].second is army
    assert found[0].summary == (
        "CDRAP: at least 18 killed (civilians) vs Malian army: 11 killed (terrorists)"
    )


COMPARABLE = [
    (CIV, CIV, True),
    (SOL, SOL, True),
    (CIV, UNS, True),
    (MIL, UNS, True),
    (MIX, UNS, True),
    (MIX, MIX, True),
    (CIV, MIL, True),
    (MIX, CIV, False),
    (MIX, SOL, False),
    (CIV, SOL, False),
    (SOL, MIL, False),
]


@pytest.mark.parametrize(
    ("a", "b", "expected"), COMPARABLE, ids=[f"{a.value}-{b.value}" for a, b, _ in COMPARABLE]
)
def test_comparable_victims_matrix(a: VictimKind, b: VictimKind, expected: bool) -> None:
    assert are_comparable_victims(a, b) is expected
    assert are_comparable_victims(b, a) is expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        (claim("A", 10, 10, SOL), claim("B", 30, None, SOL), [("killed", "count")]),
        (claim("A", 10, 10, SOL), claim("B", 8, 12, SOL), []),
        (claim("A", 10, None, UNS), claim("B", 50, 50, CIV), []),
        (claim("A", None, 5, UNS), claim("B", 6, 6, CIV), [("killed", "count")]),
        (claim("A", 10, 10, CIV), claim("B", 30, 30, SOL), []),
        (claim("A", 10, 10, MIX), claim("B", 30, 30, CIV), []),
        (claim("A", 10, 10, MIX), claim("B", 30, 30, MIX), [("killed", "count")]),
        (claim("A", 12, 12, CIV), claim("B", 12, 12, MIL), [("killed", "victims")]),
        (claim("A", 10, 10, CIV), claim("A", 30, 30, CIV), []),
        (
            claim("A", 10, 10, CIV),
            claim("B", 30, 30, CIV, category=INJURED),
            [],
        ),
    ],
    ids=[
        "count-disjoint",
        "count-overlapping-is-none",
        "open-interval-overlaps",
        "up-to-vs-more",
        "civilians-vs-soldiers-not-comparable",
        "mixed-vs-civilians-not-comparable",
        "mixed-vs-mixed",
        "victims-only",
        "same-claimant-never",
        "different-categories",
    ],
)
def test_count_and_victims_rules(first: Claim, second: Claim, expected: list) -> None:
    assert kinds([first, second]) == expected


def test_denial_against_positive_claim_is_a_denial_not_a_count_dispute() -> None:
    found = find_contradictions([claim("Residents", 9, 9, CIV), denial("Malian army")])
    assert [c.kind for c in found] == [DENIAL]
    assert (
        found[0].summary
        == "Residents: 9 killed (civilians) vs Malian army: denies any killed (civilians)"
    )


@pytest.mark.parametrize(
    ("positive", "expected"),
    [
        (claim("Residents", 9, 9, UNS), [DENIAL]),
        (claim("Residents", 9, 9, SOL), []),
        (claim("Malian army", 9, 9, CIV), []),
    ],
    ids=["unspecified-comparable", "soldiers-not-comparable", "same-claimant"],
)
def test_denial_needs_comparable_victims_and_another_claimant(
    positive: Claim, expected: list[ContradictionKind]
) -> None:
    assert [c.kind for c in find_contradictions([positive, denial("Malian army")])] == expected


def test_scoped_and_background_claims_are_ignored() -> None:
    claims = [
        claim("A", 10, 10, CIV),
        claim("B", 40, 40, CIV, scope="village of Dioura only"),
        claim("C", 60, 60, CIV, role=Role.BACKGROUND),
        denial("D"),
    ]
    assert [c.second.claimant for c in find_contradictions(claims)] == ["D"]


def test_latest_figure_of_a_claimant_supersedes_its_earlier_one() -> None:
    claims = [claim("A", 5, 5, CIV), claim("B", 12, 12, CIV), claim("A", 12, None, CIV)]
    assert find_contradictions(claims) == []
    assert latest_claims(claims) == [claims[1], claims[2]]


def test_each_category_and_kind_is_reported_once_with_the_first_pair() -> None:
    claims = [claim("A", 5, 5, CIV), claim("B", 20, 20, CIV), claim("C", 40, 40, CIV)]
    [found] = find_contradictions(claims)
    assert (found.first.claimant, found.second.claimant) == ("A", "B")
    assert find_contradictions(claims) == [found]


def test_vague_claim_counts_only_as_the_claimants_only_statement() -> None:
    several = claim("A", 2, None, CIV, qualifier=Qualifier.SEVERAL)
    figure = claim("A", 30, 30, CIV)
    assert drop_superseded_vague([several, figure]) == [figure]
    other_class = claim("A", 2, None, SOL, qualifier=Qualifier.SEVERAL)
    assert drop_superseded_vague([other_class, figure]) == [other_class, figure]


def test_updates_from_the_same_claimant() -> None:
    old = [claim("Malian army", 11, 11, MIL), claim("CDRAP", 18, None, CIV)]
    new = [claim("Malian army", 15, 15, MIL), claim("CDRAP", 18, None, CIV)]
    [update] = find_updates(old, new)
    assert (update.claimant, update.category, update.victims) == ("Malian army", KILLED, MIL)
    assert (update.old.low, update.new.low) == (11, 15)
    assert find_contradictions([*old, *new]) != []  # the army's update is no dispute of its own
    assert all(c.first.claimant != c.second.claimant for c in find_contradictions([*old, *new]))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ([claim("A", 11, 11, MIL)], [claim("A", 11, 11, MIL)]),
        ([claim("A", 11, 11, MIL)], [claim("A", 15, 15, CIV)]),
        ([claim("A", 11, 11, MIL)], [claim("A", 15, 15, MIL, scope="Wagner only")]),
        ([claim("A", 5, 5), claim("A", 9, 9)], [claim("A", 5, 5)]),
        ([], [claim("A", 5, 5)]),
    ],
    ids=["same-figure", "other-victims", "other-scope", "late-copy-of-old-figure", "no-history"],
)
def test_no_update(old: list[Claim], new: list[Claim]) -> None:
    assert find_updates(old, new) == []


def test_tally_over_latest_whole_incident_figures() -> None:
    claims = [
        claim("CDRAP", 18, None, CIV, qualifier=Qualifier.AT_LEAST),
        claim("Malian army", 8, 8, MIL),
        claim("Malian army", 11, 11, MIL),  # supersedes 8
        claim("Residents", 20, 25, CIV, scope="market only"),
        claim("UN", 60, 60, CIV, role=Role.BACKGROUND),
        claim("CDRAP", 7, 7, category=INJURED),
    ]
    assert tally(claims) == [
        CategoryTally(KILLED, 11, None, 11, ("CDRAP", "Malian army")),
        CategoryTally(INJURED, 7, 7, 7, ("CDRAP",)),
    ]


def test_tally_sums_parts_when_no_whole_figure_and_skips_zero_for_conservative() -> None:
    claims = [
        claim("Local officials", 49, 49, CIV),
        claim("Local officials", 15, 15, SOL),
        claim("Malian army", 0, 0, CIV, qualifier=Qualifier.DENIAL),
        claim("Malian army", 20, 30, MIL),
        claim("UN", 60, 70, MIX),
        claim("UN", 40, 40, CIV),  # a part: the UN's whole figure is its mixed one
    ]
    [killed] = tally(claims)
    assert (killed.low, killed.high, killed.conservative) == (20, 70, 20)
    assert killed.claimants == ("Local officials", "Malian army", "UN")


def test_tally_conservative_is_none_when_only_denials() -> None:
    assert tally([denial("Malian army")]) == [CategoryTally(KILLED, 0, 0, None, ("Malian army",))]


@pytest.mark.parametrize(
    ("claims", "conservative", "no_number"),
    [
        (  # "many" never outranks "77 to 100"
            [
                claim("Residents", 2, None, CIV, qualifier=Qualifier.SEVERAL),
                claim("UN", 77, 100, CIV, qualifier=Qualifier.BETWEEN),
            ],
            77,
            False,
        ),
        (  # "quelques morts" [2, 9] against "une trentaine" [24, 36]
            [
                claim("Malian army", 2, 9, MIL, qualifier=Qualifier.SOME),
                claim("CSP-DPA", 24, 36, SOL, qualifier=Qualifier.APPROXIMATE_NOUN),
            ],
            24,
            False,
        ),
        (  # nobody gives a number: unknown, at least 2
            [
                claim("Residents", 2, None, CIV, qualifier=Qualifier.SEVERAL),
                claim("Malian army", 0, 0, CIV, qualifier=Qualifier.DENIAL),
            ],
            2,
            True,
        ),
        (  # a number below the no-number low still wins: it is a number
            [
                claim("Residents", 2, None, CIV, qualifier=Qualifier.SEVERAL),
                claim("Mayor", 1, 1, CIV),
            ],
            1,
            False,
        ),
        (  # a claimant's numbered part counts, its "several" part does not
            [
                claim("Malian army", 4, 4, SOL),
                claim("Malian army", 2, None, MIL, qualifier=Qualifier.SEVERAL),
                claim("JNIM", 30, None, SOL, qualifier=Qualifier.MORE_THAN),
            ],
            4,
            False,
        ),
    ],
    ids=["many-vs-range", "some-vs-approximate", "only-no-number", "one", "numbered-part"],
)
def test_tally_conservative_is_taken_over_figures_that_give_a_number(
    claims: list[Claim], conservative: int, no_number: bool
) -> None:
    [killed] = tally(claims)
    assert (killed.conservative, killed.no_number) == (conservative, no_number)


def test_tally_range_still_spans_the_no_number_figure() -> None:
    [killed] = tally(
        [
            claim("Residents", 2, None, CIV, qualifier=Qualifier.SEVERAL),
            claim("UN", 77, 100, CIV, qualifier=Qualifier.BETWEEN),
        ]
    )
    assert (killed.low, killed.high) == (2, None)


def test_describe_claim_uses_the_claimants_words_unless_generic() -> None:
    assert describe_claim(claim("A", 10, 20, UNS, detail="people")) == "A: 10 to 20 killed"
    assert describe_claim(claim("A", None, 30, SOL)) == "A: up to 30 killed (soldiers)"
    assert describe_claim(claim("A", 5, 5, MIL, detail="“terrorists”")) == (
        "A: 5 killed (terrorists)"
    )


def test_the_pair_one_story_sets_out_names_the_dispute() -> None:
    from dataclasses import replace

    first_story, second_story = "https://x.test/first", "https://x.test/second"
    claims = [
        replace(claim("residents", 9, 9, CIV), story_url=first_story),
        replace(claim("medical sources", 8, None, CIV), story_url=second_story),
        replace(claim("Malian army", 4, 4, CIV), story_url=second_story),
    ]
    (dispute,) = find_contradictions(claims)
    assert dispute.kind is COUNT
    assert {dispute.first.claimant, dispute.second.claimant} == {"medical sources", "Malian army"}


def test_militants_of_a_claimant_who_also_counts_civilians_are_other_dead() -> None:
    claims = [
        claim("residents", 30, 30, CIV),
        claim("Malian army", 12, 12, MIL, detail="terrorists"),
        claim("Malian army", 26, 26, CIV),
    ]
    assert kinds(claims) == [("killed", "count")]  # 30 civilians against 26, nothing else
    (dispute,) = find_contradictions(claims)
    assert {dispute.first.count.low, dispute.second.count.low} == {30, 26}


def test_militants_of_a_claimant_who_only_denies_civilian_deaths_are_the_same_dead() -> None:
    claims = [
        claim("residents", 30, 30, CIV),
        claim("Malian army", 12, 12, MIL, detail="terrorists"),
        denial("Malian army"),
    ]
    assert sorted(kinds(claims)) == [
        ("killed", "count"),
        ("killed", "denial"),
        ("killed", "victims"),
    ]


def test_attackers_killed_by_a_side_that_counts_its_own_fallen_are_other_dead() -> None:
    claims = [
        claim("local officials", 19, None, CIV, qualifier=Qualifier.AT_LEAST),
        claim("Ganda Koy", 12, 12, MIL, detail="assailants"),
        claim("Ganda Koy", 3, 3, SOL, detail="our men"),
        claim("IS Sahel", 21, 21, SOL, detail="apostate militiamen"),
    ]
    # the militia's dead against the group's figure; the officials' civilians are other dead
    (dispute,) = find_contradictions(claims)
    assert dispute.kind is COUNT
    assert {dispute.first.claimant, dispute.second.claimant} == {"Ganda Koy", "IS Sahel"}


def test_militants_of_a_side_that_counts_no_other_dead_may_be_the_civilians() -> None:
    claims = [
        claim("local officials", 19, None, CIV, qualifier=Qualifier.AT_LEAST),
        claim("Ganda Koy", 12, 12, MIL, detail="assailants"),
    ]
    assert sorted(kinds(claims)) == [("killed", "count"), ("killed", "victims")]


@pytest.mark.parametrize(
    "others",
    [
        [claim("UN", 10, 10, SOL, detail="Casques bleus")],  # another claimant's fallen soldiers
        [claim("security sources", 8, 8, SOL, detail="soldiers")],
        [claim("Malian army", 19, 19, CIV, detail="clients"), claim("Malian army", 2, 2, MIL)],
    ],
    ids=[
        "another-claimant-s-soldiers-fell",
        "its-own-soldiers-fell",
        "a-claimant-counts-both-apart",
    ],
)
def test_militants_in_a_fight_are_not_anyones_civilians(others: list[Claim]) -> None:
    """Where soldiers died, or where someone counts the attackers apart from the other dead,
    the "islamistes" or "assailants" killed are the fighters, not the civilians another
    claimant counts: neither a victims nor a count dispute between those two."""
    claims = [
        claim("security sources", 80, 120, MIL, detail="islamistes"),
        claim("Human Rights Watch", 10, 10, CIV, detail="including three children"),
        *others,
    ]
    pairs = {
        frozenset((c.first.claimant, c.second.claimant))
        for c in find_contradictions(claims)
        if c.kind in (COUNT, VICTIMS)
    }
    assert frozenset(("security sources", "Human Rights Watch")) not in pairs


def test_a_strike_whose_dead_are_terrorists_for_the_army_stays_a_victims_dispute() -> None:
    claims = [
        claim("residents", 20, None, CIV, qualifier=Qualifier.AT_LEAST),
        claim("Malian army", 11, 11, MIL, detail="terroristes"),
        claim("residents", 7, 7, CIV, category=INJURED),
    ]
    assert sorted(kinds(claims)) == [("killed", "count"), ("killed", "victims")]
