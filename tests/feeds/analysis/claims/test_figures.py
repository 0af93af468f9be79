"""What the figure is (issue 10): spurious numbers, periods, accidents, strength, category words,
intervals and qualifiers in the constructions of real reporting, English and French."""

from __future__ import annotations

import pytest

from feeds.analysis.numbers.values import find_counts
from feeds.analysis.numbers.words import to_digits
from feeds.model import Qualifier
from tests.helpers.claim_rows import (
    CIV,
    INJ,
    MIL,
    MIX,
    SOL,
    UNS,
    A,
    K,
    M,
    claims_in,
    make_story,
    rows,
)

Q = Qualifier


def counts(text: str, language: str) -> list[tuple[int | None, int | None, Qualifier]]:
    found = find_counts(to_digits(text, language))
    return [(m.count.low, m.count.high, m.count.qualifier) for m in found]


NOT_COUNTS = [
    (
        "en-short-month",
        "On Oct. 12, three guards were shot near the gate.",
        "en",
        [(3, 3, Q.EXACT)],
    ),
    (
        "fr-two-days",
        "Lors des combats des 9 et 11 juin, huit soldats sont morts.",
        "fr",
        [(8, 8, Q.EXACT)],
    ),
    (
        "en-age-after-name",
        "Traoré, 64, was seized at his farm with two sons.",
        "en",
        [(2, 2, Q.EXACT)],
    ),
    (
        "fr-age-parenthesis",
        "Le maire Coulibaly (58) et trois adjoints ont été enlevés.",
        "fr",
        [(3, 3, Q.EXACT)],
    ),
    ("en-two-sources", "Two sources told us the convoy was hit.", "en", []),
    ("fr-deux-sources", "Deux sources sécuritaires ont confirmé l'embuscade.", "fr", []),
    (
        "fr-distance-noun",
        "Le car a été stoppé à une cinquantaine de kilomètres de Mopti.",
        "fr",
        [],
    ),
    ("en-dozens-of-things", "Dozens of trucks were torched on the road.", "en", []),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in NOT_COUNTS],
    ids=[row[0] for row in NOT_COUNTS],
)
def test_numbers_that_are_no_count_of_people(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert counts(text, language) == expected


QUALIFIERS = [
    ("en-or-more", "The chief said 30 or more had been killed.", "en", [(30, None, Q.AT_LEAST)]),
    ("fr-ou-plus", "Un notable parle de 40 ou plus de morts.", "fr", [(40, None, Q.AT_LEAST)]),
    ("en-or-so", "Villagers said 50 or so were killed.", "en", [(45, 55, Q.ABOUT)]),
    (
        "fr-provisional-before",
        "Pour le moment, les secouristes ont relevé 41 corps.",
        "fr",
        [(41, None, Q.AT_LEAST)],
    ),
    (
        "en-search-continues",
        "Rescuers have recovered 63 bodies and the search is continuing.",
        "en",
        [(63, None, Q.AT_LEAST)],
    ),
    (
        "fr-recherches",
        "On compte 28 morts, mais les recherches se poursuivent.",
        "fr",
        [(28, None, Q.AT_LEAST)],
    ),
    (
        "en-not-over",
        "Nineteen dead, and it is not over, the nurse said.",
        "en",
        [(19, None, Q.AT_LEAST)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in QUALIFIERS],
    ids=[row[0] for row in QUALIFIERS],
)
def test_qualifiers_of_real_reporting(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert counts(text, language) == expected


CLAIMS = [
    (
        "en-taken-to-hospital",
        "Police said five traders had been taken to hospital after the blast.",
        "en",
        [("security sources", INJ, 5, 5, CIV)],
    ),
    (
        "fr-evacues-hopital",
        "Selon le préfet, six passagers ont été évacués vers l'hôpital de Bandiagara.",
        "fr",
        [("local officials", INJ, 6, 6, CIV)],
    ),
    (
        "en-verb-before-next-count",
        "The rebels said they killed 31 soldiers, wounded 12 and captured 9.",
        "en",
        [("rebels", K, 31, 31, SOL), ("rebels", INJ, 12, 12, SOL), ("rebels", A, 9, 9, SOL)],
    ),
    (
        "fr-verb-before-next-count",
        "Le groupe affirme avoir tué 14 militaires, blessé 20 et capturé 3, selon un communiqué.",
        "fr",
        [
            ("example-news.com", K, 14, 14, SOL),
            ("example-news.com", INJ, 20, 20, SOL),
            ("example-news.com", A, 3, 3, SOL),
        ],
    ),
    (
        "fr-participial-list-shares-qualifier",
        "Selon le maire, le bilan est d'au moins sept gendarmes tués, 11 blessés et trois "
        "assaillants tués.",
        "fr",
        [
            ("local officials", K, 7, None, SOL),
            ("local officials", INJ, 11, None, SOL),
            ("local officials", K, 3, None, MIL),
        ],
    ),
    (
        "en-participial-list-shares-qualifier",
        "At least 16 villagers killed, 9 wounded and 4 missing, the mayor said.",
        "en",
        [
            ("local officials", K, 16, None, CIV),
            ("local officials", INJ, 9, None, CIV),
            ("local officials", M, 4, None, CIV),
        ],
    ),
    (
        "en-finite-verbs-keep-their-own",
        "At least 16 villagers died and 9 were wounded, the mayor said.",
        "en",
        [("local officials", K, 16, None, CIV), ("local officials", INJ, 9, 9, CIV)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in CLAIMS],
    ids=[row[0] for row in CLAIMS],
)
def test_category_words_and_lists(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    got = [(r[1], r[2], r[3], r[4]) for r in rows(text, language)]
    assert got == [(r[1], r[2], r[3], r[4]) for r in expected]


NO_CLAIMS = [
    ("en-last-year", "Such raids killed hundreds of herders last year, the UN said.", "en"),
    (
        "fr-l-an-dernier",
        "Ces violences ont tué plus de 300 civils l'an dernier, selon l'ONU.",
        "fr",
    ),
    (
        "en-past-months",
        "Over 80 soldiers have died in the last three months, officials said.",
        "en",
    ),
    ("en-year-over-area", "Militias killed 270 civilians in central Mali in 2021, HRW said.", "en"),
    ("fr-year-over-area", "Les milices ont tué 270 civils dans le centre du pays en 2021.", "fr"),
    ("en-during-year", "During 2015, the mission recorded the killing of 14 detainees.", "en"),
    ("en-between-months", "Gunmen killed 91 people between March and July, the UN said.", "en"),
    ("fr-meme-periode", "Sur la même période, 40 civils ont été tués, ajoute la mission.", "fr"),
    (
        "en-since-deployment",
        "Some 90 peacekeepers have died since the force deployed in 2014.",
        "en",
    ),
    (
        "fr-bilan-cumule",
        "Trois attaques ont eu lieu, dont le bilan cumulé est de 12 soldats tués.",
        "fr",
    ),
    ("en-crash", "A military helicopter crashed near Gao, killing its four crew.", "en"),
    ("fr-ecrasement", "L'écrasement d'un avion militaire a fait cinq morts à Bamako.", "fr"),
    ("en-floods", "Floods killed 14 people in the Ségou region, officials said.", "en"),
    ("fr-strength", "Les assaillants étaient plus d'une centaine, selon des témoins.", "fr"),
    ("en-strength", "The attackers numbered about 300, a security source said.", "en"),
    ("fr-captured-militant", "Un assaillant a été capturé, selon une source militaire.", "fr"),
    (
        "en-captured-militants",
        "Troops captured four militants after the raid, the army said.",
        "en",
    ),
    ("en-others-died-of-wounds", "Two others later died of their wounds, the doctor said.", "en"),
    ("fr-autres-succombe", "Trois autres ont ensuite succombé à leurs blessures.", "fr"),
    ("fr-lumped-aux", "Des dizaines de soldats ont été blessés ou sont portés disparus.", "fr"),
    ("en-lumped-aux", "Dozens of troops have been killed or gone missing, sources said.", "en"),
]


@pytest.mark.parametrize(
    ("text", "language"), [row[1:] for row in NO_CLAIMS], ids=[row[0] for row in NO_CLAIMS]
)
def test_figures_that_are_no_claim(text: str, language: str) -> None:
    assert [(r[1], r[2], r[3]) for r in rows(text, language)] == []


def test_attack_by_strength_keeps_the_casualty_figure() -> None:
    assert [(r[1], r[2], r[3], r[4]) for r in rows(CLAIMS_STRENGTH, "en")] == [(K, 12, 12, SOL)]


CLAIMS_STRENGTH = "An attack by some 150 jihadists killed 12 soldiers, the army said."


def test_a_dated_recall_is_no_aggregate() -> None:
    found = rows("About 70 villagers were killed there in May last year.", "en")
    assert [(r[1], r[2], r[3]) for r in found] == [(K, 63, 77)]


def test_a_drowning_while_fleeing_stays_a_claim() -> None:
    text = "Ten civilians died, including two children who drowned while fleeing, HRW said."
    assert [(r[1], r[2], r[3], r[4]) for r in rows(text, "en")] == [(K, 10, 10, CIV)]


def test_unspecified_kept_for_bare_dead() -> None:
    assert [(r[1], r[2], r[3], r[4]) for r in rows("Six dead, the mayor said.", "en")] == [
        (K, 6, 6, UNS)
    ]


NO_NUMBER = [
    (
        "fr-des-disparus",
        "Selon le préfet, on compte 12 morts et des disparus.",
        "fr",
        [(K, 12, 12), (M, 2, None)],
    ),
    ("fr-des-blesses", "L'explosion a fait des blessés, selon le maire.", "fr", [(INJ, 2, None)]),
    (
        "en-wounding-others",
        "The blast killed two soldiers and wounding others, the army said.",
        "en",
        [(K, 2, 2), (INJ, 2, None)],
    ),
    (
        "en-heavy-fatalities",
        "The army reported heavy fatalities among the attackers.",
        "en",
        [(K, 2, None)],
    ),
    (
        "fr-pertes-en-vies",
        "L'état-major évoque des pertes en vies humaines chez les assaillants.",
        "fr",
        [(K, 2, None)],
    ),
    (
        "fr-bilan-humain",
        "L'armée revendique un bilan humain très lourd côté ennemi.",
        "fr",
        [(K, 2, None)],
    ),
    (
        "fr-nombre-important",
        "Les soldats ont neutralisé un nombre important de jihadistes.",
        "fr",
        [(K, 2, None)],
    ),
    (
        "en-large-number",
        "Troops killed a large number of militants, the army said.",
        "en",
        [(K, 2, None)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in NO_NUMBER],
    ids=[row[0] for row in NO_NUMBER],
)
def test_claims_with_no_number(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert [(r[1], r[2], r[3]) for r in rows(text, language)] == expected


@pytest.mark.parametrize(
    "text",
    ["La plupart des morts étaient des éleveurs.", "Le nombre des tués reste inconnu."],
    ids=["plupart-des", "nombre-des"],
)
def test_des_as_de_les_is_no_count(text: str) -> None:
    assert rows(text, "fr") == []


NOT_DENIALS = [
    ("fr-habit", "L'état-major dément habituellement ce type d'accusation.", "fr"),
    ("en-habit", "The army routinely denies such reports.", "en"),
    ("en-neither-nor", "I can neither confirm nor deny anything, the minister said.", "en"),
    ("en-no-one-tried", "Almost no one has been tried for these crimes.", "en"),
    ("fr-relative", "Les rebelles disent contrôler trois villes, ce que dément le ministre.", "fr"),
]


@pytest.mark.parametrize(
    ("text", "language"), [row[1:] for row in NOT_DENIALS], ids=[row[0] for row in NOT_DENIALS]
)
def test_no_denial_of_casualties(text: str, language: str) -> None:
    assert rows(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("No civilian was killed in the strike, the army said.", "en"),
        ("Aucun civil n'a été tué, ce que dément l'armée.", "fr"),
    ],
    ids=["en-explicit", "fr-explicit"],
)
def test_denials_of_casualties_stay(text: str, language: str) -> None:
    assert [r[2:4] for r in rows(text, language)] == [(0, 0)]


@pytest.mark.parametrize(
    ("text", "language", "victims"),
    [
        ("Three security guards were killed at the gate, the UN said.", "en", CIV),
        ("Deux vigiles ont été tués devant l'hôtel, selon la police.", "fr", CIV),
        ("Four national guards were killed, the army said.", "en", SOL),
        ("Cinq gardes nationaux ont été tués, selon l'armée.", "fr", SOL),
    ],
    ids=["en-security-guards", "fr-vigiles", "en-national-guards", "fr-gardes-nationaux"],
)
def test_private_guards_are_civilians(text: str, language: str, victims: object) -> None:
    assert [r[4] for r in rows(text, language)] == [victims]


# ── a no-number figure over two categories (codebook §2 no-number rows): one claim each ──

NO_NUMBER_TWO_CATEGORIES = [
    (
        "en-a-number-of-dead-and-wounded",
        "The raid left a number of dead and wounded in the village, the mayor said.",
        "en",
        [("local officials", K, 2, None, CIV), ("local officials", INJ, 2, None, CIV)],
    ),
    (
        "en-killed-and-captured",
        "JNIM said its men had killed and captured a number of soldiers near Boni.",
        "en",
        [("JNIM", A, 2, None, SOL), ("JNIM", K, 2, None, SOL)],
    ),
    (
        "fr-plusieurs-morts-et-blesses",
        "Le maire évoque plusieurs morts et blessés après le passage des assaillants.",
        "fr",
        [("local officials", K, 2, None, UNS), ("local officials", INJ, 2, None, UNS)],
    ),
    (
        "fr-tue-et-capture",
        "Le JNIM affirme avoir tué et capturé plusieurs militaires à Nara.",
        "fr",
        [("JNIM", A, 2, None, SOL), ("JNIM", K, 2, None, SOL)],
    ),
    (
        "en-several-killed-and-wounded",
        "Several gendarmes were killed and wounded at the checkpoint, a security source said.",
        "en",
        [("security sources", K, 2, None, SOL), ("security sources", INJ, 2, None, SOL)],
    ),
    (
        "fr-or-stays-lumped",
        "Plusieurs soldats ont été tués ou blessés, selon une source sécuritaire.",
        "fr",
        [],
    ),
    (
        "en-a-figure-over-both-stays-lumped",
        "Fourteen people were killed and wounded in the blast, the governor said.",
        "en",
        [],
    ),
    (
        "fr-a-figure-over-both-stays-lumped",
        "L'explosion a fait 14 morts et blessés, selon le gouverneur.",
        "fr",
        [],
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "language", "expected"),
    NO_NUMBER_TWO_CATEGORIES,
    ids=[row[0] for row in NO_NUMBER_TWO_CATEGORIES],
)
def test_no_number_over_two_categories_is_one_claim_each(
    name: str, text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


# ── the parts of a mixed total (codebook §2): the sum, and its parts summed by victim class ──

MIXED_PARTS = [
    (
        "en-including-list",
        "Gunmen stormed the camp gate, killing eight people, including six security guards,"
        " a policeman and a civilian, the UN mission said.",
        "en",
        [("UN", K, 8, 8, MIX), ("UN", K, 7, 7, CIV), ("UN", K, 1, 1, SOL)],
    ),
    (
        "fr-dont-list",
        "Huit personnes ont été tuées, dont six agents de sécurité, un gendarme et un civil,"
        " selon la Minusma.",
        "fr",
        [("UN", K, 8, 8, MIX), ("UN", K, 7, 7, CIV), ("UN", K, 1, 1, SOL)],
    ),
    (
        "fr-three-classes",
        "Neuf morts, dont quatre assaillants, quatre clients et un militaire malien, selon la"
        " gendarmerie.",
        "fr",
        [
            ("Malian army", K, 9, 9, MIX),
            ("Malian army", K, 4, 4, MIL),
            ("Malian army", K, 4, 4, CIV),
            ("Malian army", K, 1, 1, SOL),
        ],
    ),
    (
        "en-subgroup-stays-detail",
        "Thirty villagers were killed, including nine children and a teacher, the mayor said.",
        "en",
        [("local officials", K, 30, 30, CIV)],
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "language", "expected"), MIXED_PARTS, ids=[row[0] for row in MIXED_PARTS]
)
def test_parts_of_a_mixed_total(
    name: str, text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "scoped"),
    [
        ("Thirty died in Sobane itself and 12 in a nearby hamlet, the mayor said.", "en", True),
        ("Trente personnes sont mortes à Sobane même, selon le maire.", "fr", True),
        ("Cinq civils sont morts dans le même secteur, selon le maire.", "fr", False),
    ],
    ids=["en-itself", "fr-meme", "fr-le-meme-secteur-is-no-place"],
)
def test_a_figure_for_one_place_itself_is_scoped(text: str, language: str, scoped: bool) -> None:
    [first, *_] = claims_in(make_story(text, language=language))
    assert (first.claim.scope is not None) is scoped
