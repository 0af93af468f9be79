"""Definite descriptions resolved by the type of organisation they name (codebook §4).

Every phrase here is invented for the rule it shows.
"""

from __future__ import annotations

import pytest

from feeds.analysis.claims.anaphors import Antecedent, typed_antecedent

AMNESTY = Antecedent("amnesty international", ("Amnesty International",), "UN/NGO")
ARMY = Antecedent("l'armee", ("Malian army",), "state")
JNIM = Antecedent("jnim", ("JNIM",), "armed group")
UN = Antecedent("minusma", ("UN",), "UN/NGO")
MOVEMENT = Antecedent("le mouvement patriotique de bankass", ("MPUSCB",), "UN/NGO")
IS_GROUP = Antecedent("the islamic state group", ("IS Sahel",), "armed group")


@pytest.mark.parametrize(
    ("anaphor", "story", "expected"),
    [
        ("the NGO", [AMNESTY, ARMY], ("Amnesty International",)),
        ("l'ONG", [AMNESTY, ARMY, UN], ("Amnesty International",)),
        ("the group", [JNIM, ARMY], ("JNIM",)),
        ("le groupe", [JNIM, ARMY], ("JNIM",)),
        ("le mouvement", [JNIM, MOVEMENT, ARMY], ("MPUSCB",)),
        ("the movement", [MOVEMENT, ARMY], ("MPUSCB",)),
        ("the group", [IS_GROUP, JNIM, ARMY], ("IS Sahel",)),  # its name holds the noun
        ("the mission", [UN, ARMY, AMNESTY], ("UN",)),
        ("la mission", [UN, ARMY], ("UN",)),
        ("le ministère", [JNIM, ARMY], ("Malian army",)),
        ("the ministry", [ARMY, JNIM], ("Malian army",)),
    ],
)
def test_the_noun_picks_the_organisation(
    anaphor: str, story: list[Antecedent], expected: tuple[str, ...]
) -> None:
    assert typed_antecedent(anaphor, story) == expected


@pytest.mark.parametrize("anaphor", ["it", "il", "the statement", "le communiqué"])
def test_a_word_with_no_type_is_left_to_the_caller(anaphor: str) -> None:
    assert typed_antecedent(anaphor, [AMNESTY, ARMY]) is None


def test_an_ngo_is_not_the_un() -> None:
    assert typed_antecedent("l'ONG", [UN]) is None
