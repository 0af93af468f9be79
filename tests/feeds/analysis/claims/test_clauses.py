"""One clause read for claims: its counts, and the speaker's own dead or its enemies.

Every sentence here is invented for the rule it shows.
"""

from __future__ import annotations

import pytest

from feeds.analysis.claims.clauses import clause_counts, speakers_side
from feeds.analysis.numbers.words import to_digits
from feeds.model import Category, VictimKind
from feeds.model.folding import fold, normalize


def counts_of(sentence: str, language: str = "en") -> list[tuple[Category | None, int | None]]:
    text = normalize(to_digits(sentence, language))
    return [
        (c.category, c.mention.count.low) for c in clause_counts(text, fold(text), (0, len(text)))
    ]


def test_counts_with_their_categories() -> None:
    assert counts_of("Gunmen killed 9 herders and wounded 4 others.") == [
        (Category.KILLED, 9),
        (Category.INJURED, 4),
    ]


def test_an_aggregate_clause_gives_no_counts() -> None:
    assert counts_of("Since January, 240 civilians have been killed in the region.") == []


def test_a_denied_figure_is_no_count_but_a_disputed_figure_is_answered() -> None:
    assert counts_of("The army denied that 12 civilians were killed.") == []
    assert counts_of("L'armée dément ce bilan et parle de 4 morts.", "fr") == [(Category.KILLED, 4)]


@pytest.mark.parametrize(
    ("sentence", "claimant", "expected"),
    [
        ("We lost 3 men.", "MSA", VictimKind.SOLDIERS),
        ("We killed 12 of them.", "MSA", VictimKind.MILITANTS),
        ("We killed 12 of them.", "JNIM", VictimKind.SOLDIERS),
        ("Trois combattants tombés.", "MSA", VictimKind.SOLDIERS),
        ("Twelve men were killed.", "MSA", VictimKind.UNSPECIFIED),
    ],
)
def test_the_speakers_side(sentence: str, claimant: str, expected: VictimKind) -> None:
    text = normalize(to_digits(sentence, "fr" if "tombés" in sentence else "en"))
    folded = fold(text)
    [count] = clause_counts(text, folded, (0, len(text)))
    assert speakers_side(folded, count, claimant, VictimKind.UNSPECIFIED) is expected
