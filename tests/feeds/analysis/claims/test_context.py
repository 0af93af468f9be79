"""Victim classes from the rest of the story (codebook §3); invented sentences, EN and FR."""

from __future__ import annotations

import pytest

from feeds.model import Category, VictimKind
from tests.helpers.claim_rows import rows

K, INJ, A = Category.KILLED, Category.INJURED, Category.ABDUCTED
CIV, SOL, MIL, UNS = (
    VictimKind.CIVILIANS,
    VictimKind.SOLDIERS,
    VictimKind.MILITANTS,
    VictimKind.UNSPECIFIED,
)


CASES = [
    (
        "hostages-are-civilians",
        "Gunmen abducted five people near the village of Kona on Monday, the mayor said.",
        "en",
        [("local officials", A, 5, 5, CIV)],
    ),
    (
        "hostages-with-a-chief",
        '"Four people were taken, including the chief," the mayor said.',
        "en",
        [("local officials", A, 4, 4, CIV)],
    ),
    (
        "others-are-more-of-the-same-fr",
        "Au moins neuf chauffeurs ont été enlevés, selon des habitants. Deux autres ont été "
        "abattus, précisent-ils.",
        "fr",
        [("residents", A, 9, None, CIV), ("residents", K, 2, 2, CIV)],
    ),
    (
        "number-of-assailants-fr",
        "Selon l'armée, le nombre d'assaillants neutralisés s'établit à 14.",
        "fr",
        [("Malian army", K, 14, 14, MIL)],
    ),
    (
        "earlier-toll-of-the-same-claimant",
        "The army said 6 soldiers were killed in the ambush. It had earlier given a toll of 4.",
        "en",
        [("Malian army", K, 6, 6, SOL), ("Malian army", K, 4, 4, SOL)],
    ),
    (
        "army-toll-in-a-story-about-soldiers-fr",
        "Huit soldats ont été tués, selon une source sécuritaire. L'armée fait état de cinq "
        "morts et de sept blessés.",
        "fr",
        [
            ("security sources", K, 8, 8, SOL),
            ("Malian army", K, 5, 5, SOL),
            ("Malian army", INJ, 7, 7, SOL),
        ],
    ),
    (
        "more-are-more-of-the-same",
        "Gunmen killed 12 traders at the fair, the mayor said. Dozens more were wounded, "
        "doctors said.",
        "en",
        [("local officials", K, 12, 12, CIV), ("medical sources", INJ, 24, None, CIV)],
    ),
    (
        "earlier-toll-takes-the-figure-just-read",
        "The government said the raid killed 20 civilians. It had earlier given a toll of 15. "
        "In a separate attack last month, the army said four soldiers were killed.",
        "en",
        [
            ("Malian army", K, 20, 20, CIV),
            ("Malian army", K, 15, 15, CIV),
            ("Malian army", K, 4, 4, SOL),
        ],
    ),
    (
        "the-victims-were-herders",
        "Gunmen killed 18 people on Sunday, residents said. The attackers arrived at dawn. Most "
        "of the victims were herders.",
        "en",
        [("residents", K, 18, 18, CIV)],
    ),
    (
        "les-victimes-etaient-des-commercants",
        "Au moins 20 personnes ont été tuées, selon des habitants. Les victimes étaient pour la "
        "plupart des commerçants.",
        "fr",
        [("residents", K, 20, None, CIV)],
    ),
    (
        "health-ministry-is-the-government",
        "The death toll from the attack on the convoy rose to 45, the health ministry said.",
        "en",
        [("Malian army", K, 45, 45, UNS)],
    ),
    (
        "residents-toll-stays-unspecified",
        "Eight soldiers were killed, a security source said. Residents said 11 died.",
        "en",
        [("security sources", K, 8, 8, SOL), ("residents", K, 11, 11, UNS)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in CASES],
    ids=[row[0] for row in CASES],
)
def test_victims_from_the_story(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


def test_a_groups_bare_toll_in_a_story_of_dead_soldiers_counts_soldiers() -> None:
    text = (
        "Twelve soldiers were killed in an ambush near Boni, the army said. JNIM claimed the "
        "attack and said it killed 30."
    )
    assert [(row[0], row[-1]) for row in rows(text, "en")] == [
        ("Malian army", VictimKind.SOLDIERS),
        ("JNIM", VictimKind.SOLDIERS),
    ]
