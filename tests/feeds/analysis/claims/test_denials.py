"""Denials and disputed figures (codebook §2), English and French; sentences invented."""

from __future__ import annotations

import pytest

from feeds.analysis.claims.denials import DENIAL, denial_target, disputes_figure
from feeds.model import Category, VictimKind
from feeds.model.folding import fold


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("no soldier was captured during the fighting", (Category.ABDUCTED, VictimKind.SOLDIERS)),
        ("aucun civil n'a été tué lors de la frappe", (Category.KILLED, VictimKind.CIVILIANS)),
        (
            "a claim the army rejected about kidnapped soldiers",
            (Category.ABDUCTED, VictimKind.SOLDIERS),
        ),
    ],
)
def test_a_denial_takes_its_own_words(sentence: str, expected: tuple[Category, VictimKind]) -> None:
    folded = fold(sentence)
    assert DENIAL.search(folded)
    assert denial_target(folded, None) == expected


@pytest.mark.parametrize(
    ("sentence", "disputed"),
    [
        ("le msa dement ce chiffre", True),
        ("the army rejected these figures", False),  # not a denial marker on its own
        ("the army denied the toll", True),
        ("the army denied that civilians were killed", False),
    ],
)
def test_a_denial_aimed_at_a_figure_disputes_the_count(sentence: str, disputed: bool) -> None:
    denial = DENIAL.search(sentence)
    assert (denial is not None and disputes_figure(sentence, denial)) is disputed
