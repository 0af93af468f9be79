"""Claims from whole stories: the seed story, categories, lists, parts, denials, non-claims."""

from __future__ import annotations

import pytest

from feeds.analysis.text import split_clauses, split_sentences
from feeds.model import Category, Qualifier, Role
from tests.helpers.claim_rows import (
    CIV,
    INJ,
    MIL,
    MIX,
    OUTLET,
    SOL,
    UNS,
    A,
    K,
    M,
    claims_in,
    make_story,
    rows,
)
from tests.helpers.paths import SEED_STORY

SEED = SEED_STORY


@pytest.mark.parametrize("headline_as_title", [True, False], ids=["title", "body-only"])
def test_seed_story_gives_exactly_the_four_claims(headline_as_title: bool) -> None:
    raw = SEED.read_text(encoding="utf-8")
    title, _, body = raw.partition("\n") if headline_as_title else ("", "", raw)
    found = claims_in(make_story(body.strip(), title=title))
    got = [
        (
            c.claim.claimant,
            c.claim.category,
            c.claim.count.low,
            c.claim.count.high,
            c.claim.victims,
            c.claim.victims_detail,
        )
        for c in found
    ]
    assert got == [
        ("CDRAP", K, 18, None, CIV, "people"),
        ("CDRAP", INJ, 7, 7, CIV, "people"),
        ("Malian army", K, 11, 11, MIL, "terrorists"),
        ("FLA", K, 24, None, CIV, "people"),
    ]
    assert all(c.claim.role is Role.MAIN and c.claim.scope is None for c in found)
    assert found[0].claim.count.qualifier is Qualifier.AT_LEAST
    assert found[0].claim.story_url == "https://www.example-news.com/mali/story-1"
    assert "coldly executed" in found[3].claim.sentence
    sentences = split_sentences(make_story(body.strip(), title=title).full_text)
    assert "24" in sentences[found[3].sentence_index]


CATEGORIES = [
    (
        "en-killing",
        "Gunmen attacked the village, killing 18 civilians, residents said.",
        (K, 18, 18, CIV),
    ),
    (
        "en-passive",
        "Eighteen villagers were killed on Sunday, a local official said.",
        (K, 18, 18, CIV),
    ),
    ("en-left-dead", "The attack left 12 soldiers dead, the army said.", (K, 12, 12, SOL)),
    ("en-toll-rose", "The death toll rose to 21, according to hospital sources.", (K, 21, 21, UNS)),
    ("en-died", "Nine soldiers died in the ambush, the army said.", (K, 9, 9, SOL)),
    ("en-bodies", "Residents said they had found 30 bodies near the well.", (K, 30, 30, UNS)),
    ("en-lost-lives", "Eleven gendarmes lost their lives, the government said.", (K, 11, 11, SOL)),
    ("en-perished", "Some 40 passengers perished, witnesses said.", (K, 36, 44, CIV)),
    ("en-neutralised", "The army said it neutralised 19 assailants.", (K, 19, 19, MIL)),
    ("en-executed", "HRW said soldiers executed at least 12 detainees.", (K, 12, None, CIV)),
    ("en-wounded", "Seven soldiers were wounded, the army said.", (INJ, 7, 7, SOL)),
    (
        "en-beheaded",
        "Five villagers were beheaded by the assailants, residents said.",
        (K, 5, 5, CIV),
    ),
    ("fr-egorges", "Sept bergers ont été égorgés, selon un élu local.", (K, 7, 7, CIV)),
    ("en-took-away", "Gunmen took away 12 women, a resident said.", (A, 12, 12, CIV)),
    (
        "fr-emmenees",
        "Douze femmes ont été emmenées par les assaillants, selon des habitants.",
        (A, 12, 12, CIV),
    ),
    ("en-abducted", "Gunmen abducted about 50 women near Djibo, residents said.", (A, 45, 55, CIV)),
    (
        "en-hostage",
        "Twelve passengers were taken hostage, a local official said.",
        (A, 12, 12, CIV),
    ),
    ("en-missing", "Between 10 and 15 villagers are missing, residents said.", (M, 10, 15, CIV)),
    ("fr-tues", "Au moins 18 civils ont été tués, selon un élu local.", (K, 18, None, CIV)),
    ("fr-bilan", "Un bilan de 18 morts a été communiqué par l'armée.", (K, 18, 18, UNS)),
    ("fr-ont-peri", "Selon l'armée, dix-huit soldats ont péri.", (K, 18, 18, SOL)),
    (
        "fr-perdu-la-vie",
        "Entre 10 et 15 gendarmes ont perdu la vie, selon l'armée.",
        (K, 10, 15, SOL),
    ),
    ("fr-deces", "L'armée a annoncé le décès de 12 de ses soldats.", (K, 12, 12, SOL)),
    (
        "fr-neutralises",
        "Selon l'état-major, une dizaine de terroristes ont été neutralisés.",
        (K, 8, 12, MIL),
    ),
    ("fr-blesses", "Plusieurs militaires ont été blessés, selon l'armée.", (INJ, 2, None, SOL)),
    (
        "fr-enleves",
        "Plus d'une centaine de passagers ont été enlevés, a indiqué le maire.",
        (A, 101, None, CIV),
    ),
    (
        "fr-pris-en-otage",
        "Une quarantaine de passagers ont été pris en otage, selon un élu.",
        (A, 32, 48, CIV),
    ),
    (
        "fr-disparus",
        "Des dizaines de villageois sont portés disparus, selon Amnesty.",
        (M, 20, None, CIV),
    ),
    (
        "fr-victimes-clear",
        "Selon des habitants, 18 victimes ont été tuées par balles.",
        (K, 18, 18, UNS),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [row[1:] for row in CATEGORIES], ids=[row[0] for row in CATEGORIES]
)
def test_categories(text: str, expected: tuple[object, ...]) -> None:
    language = "fr" if any(w in text for w in (" ont ", " selon ", " de ", "Selon")) else "en"
    found = rows(text, language)
    assert [row[1:] for row in found] == [expected]


LISTS_AND_PARTS = [
    (
        "qualifier-distributes",
        "At least 47 soldiers and 84 fighters were killed, the army said.",
        [("Malian army", K, 47, None, SOL), ("Malian army", K, 84, None, MIL)],
    ),
    (
        "qualifier-stops-at-new-verb",
        "At least 11 died and 53 were injured, according to hospital sources.",
        [("medical sources", K, 11, None, UNS), ("medical sources", INJ, 53, 53, UNS)],
    ),
    (
        "sum-and-parts",
        "The attack left 64 dead: 49 civilians and 15 soldiers, the UN said.",
        [("UN", K, 64, 64, MIX), ("UN", K, 49, 49, CIV), ("UN", K, 15, 15, SOL)],
    ),
    (
        "part-of-another-class",
        "Six were wounded, including one civilian, the army said.",
        [("Malian army", INJ, 6, 6, UNS), ("Malian army", INJ, 1, 1, CIV)],
    ),
    (
        "subgroup-is-detail",
        "Residents said 18 civilians were killed, including 11 children.",
        [("residents", K, 18, 18, CIV)],
    ),
    (
        "victims-in-list-fr",
        "Sept villageois ont été tués et trois blessés, selon le maire.",
        [("local officials", K, 7, 7, CIV), ("local officials", INJ, 3, 3, CIV)],
    ),
    (
        "in-its-ranks-fr",
        "L'armée n'a reconnu que cinq morts et huit blessés dans ses rangs.",
        [("Malian army", K, 5, 5, SOL), ("Malian army", INJ, 8, 8, SOL)],
    ),
    (
        "victims-nearly-100-81-dead",
        "Nearly 100 victims, 81 of them dead, were counted by residents.",
        [("residents", K, 81, 81, UNS)],
    ),
    (
        "or-even-after-noun-fr",
        "Un élu local parle d'une trentaine de civils tués, voire plus de 40.",
        [("local officials", K, 24, None, CIV)],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [row[1:] for row in LISTS_AND_PARTS],
    ids=[row[0] for row in LISTS_AND_PARTS],
)
def test_lists_parts_and_qualifiers(text: str, expected: list[tuple[object, ...]]) -> None:
    language = "fr" if " et " in text or "élu" in text else "en"
    assert rows(text, language) == expected


def test_subgroup_words_are_kept_in_victims_detail() -> None:
    story = make_story(
        "Un bilan de 18 morts, dont trois femmes, a été communiqué par la FAMa.", language="fr"
    )
    [found] = claims_in(story)
    assert found.claim.victims_detail == "dont trois femmes"
    assert found.claim.claimant == "Malian army"


DENIALS = [
    (
        "en-denied",
        "The army denied that any civilian was killed in the operation.",
        ("Malian army", K, CIV),
    ),
    (
        "en-no-casualties",
        "The army said no civilian casualties were recorded.",
        ("Malian army", K, CIV),
    ),
    (
        "fr-aucun-civil",
        "« Aucun civil n'a été tué », insiste l'état-major.",
        ("Malian army", K, CIV),
    ),
    (
        "en-no-soldier-captured",
        '"No soldier was kidnapped during the clashes," the army said.',
        ("Malian army", A, SOL),
    ),
    (
        "en-not-a-single-soldier",
        '"Not a single Malian soldier has been taken prisoner," the general staff said.',
        ("Malian army", A, SOL),
    ),
    (
        "fr-aucun-soldat",
        "« Aucun soldat n'a été enlevé », affirme l'armée.",
        ("Malian army", A, SOL),
    ),
    (
        "en-a-claim-the-army-rejected",
        "The rebels showed photos of soldiers they had captured, a claim the army rejected.",
        ("Malian army", A, SOL),
    ),
    (
        "en-headline-army-denies",
        "Rebels show 'captured soldiers', army denies any were taken",
        ("Malian army", A, SOL),
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [row[1:] for row in DENIALS], ids=[row[0] for row in DENIALS]
)
def test_denials_are_zero_intervals(text: str, expected: tuple[object, ...]) -> None:
    [found] = claims_in(make_story(text, language="fr" if "«" in text else "en"))
    claim = found.claim
    assert (claim.claimant, claim.category, claim.victims) == expected
    assert (claim.count.low, claim.count.high, claim.count.qualifier) == (0, 0, Qualifier.DENIAL)


def test_denial_without_own_words_takes_the_claim_it_answers() -> None:
    text = (
        "Selon le FLA, au moins 24 civils ont été exécutés. "
        "Ces allégations sont sans fondement, a réagi l'armée."
    )
    found = [c.claim for c in claims_in(make_story(text, language="fr"))]
    assert [(c.claimant, c.category, c.count.low, c.victims) for c in found] == [
        ("FLA", K, 24, CIV),
        ("Malian army", K, 0, CIV),
    ]


def test_denial_and_positive_claim_in_one_statement() -> None:
    text = (
        'In a statement, the army said "several terrorists were neutralized" and that '
        '"no civilian was killed."'
    )
    found = {
        (c.claim.count.low, c.claim.count.high, c.claim.victims)
        for c in claims_in(make_story(text))
    }
    assert found == {(2, None, MIL), (0, 0, CIV)}


NON_CLAIMS = [
    ("arrests", "The army said it arrested 18 suspects in Gao."),
    ("lumped", "Eighteen people were killed or wounded in the attack."),
    ("lumped-and", "Eighteen people were killed and wounded in the attack, residents said."),
    ("lumped-et-fr", "L'attaque a fait 18 tués et blessés, selon des habitants."),
    ("lumped-fr", "Les victimes (morts, disparus, otages) se comptent par dizaines."),
    ("aggregate", "Since January, 1,200 civilians were killed in the Sahel, the UN said."),
    ("aggregate-fr", "Depuis le début de l'année, 900 civils ont été tués, selon l'ONU."),
    ("material", "The strikes destroyed two vehicles and a fuel depot, the army said."),
    ("heavy-losses", "The army said the attackers suffered heavy losses."),
    ("victims-unclear", "L'attaque a fait au moins 18 victimes, selon un habitant."),
    ("distance-and-years", "The camp lies 50 km from Gao and was built in 2013."),
    ("displaced", "Floods forced about 4,000 people from their homes."),
]


@pytest.mark.parametrize("text", [row[1] for row in NON_CLAIMS], ids=[row[0] for row in NON_CLAIMS])
def test_non_claims(text: str) -> None:
    language = "fr" if "é" in text else "en"
    assert rows(text, language) == []


def test_unattributed_figure_is_the_outlets() -> None:
    assert rows("Two dozen passengers were killed when their bus hit a mine.") == [
        (OUTLET, K, 24, 24, CIV)
    ]


def test_reported_speech_carries_to_the_next_sentence() -> None:
    text = "The FLA said it killed 40 Malian soldiers. It added that 12 others were captured."
    assert rows(text) == [("FLA", K, 40, 40, SOL), ("FLA", A, 12, 12, SOL)]  # others: soldiers


def test_joint_attribution_is_one_claim() -> None:
    text = "The attack killed 18 people, according to a local official and the rebels."
    assert rows(text) == [("local officials + CSP-DPA", K, 18, 18, UNS)]


def test_each_clause_has_its_own_claimant() -> None:
    text = "Residents said 18 civilians died, while the army said it killed 11 terrorists."
    assert rows(text) == [("residents", K, 18, 18, CIV), ("Malian army", K, 11, 11, MIL)]


def test_headline_and_body_with_the_same_claim_are_one_claim_from_the_body() -> None:
    story = make_story(
        "At least 18 civilians were killed in the strike, the CDRAP said on Monday.",
        title="Strike on Mali market kills at least 18, rights group says",
    )
    found = claims_in(story)
    assert [(c.claim.claimant, c.claim.count.low, c.claim.victims) for c in found] == [
        ("CDRAP", 18, CIV)
    ]
    assert found[0].sentence_index == 1


def test_vague_figure_dropped_when_the_claimant_gives_a_number() -> None:
    text = "The army said several soldiers were killed. The army later said 5 soldiers died."
    assert rows(text) == [("Malian army", K, 5, 5, SOL)]


def test_partner_losses_carry_a_scope() -> None:
    text = "A channel run by the Africa Corps said four of its fighters had died."
    [found] = claims_in(make_story(text))
    assert found.claim.scope == "Wagner / Africa Corps losses"


def test_scope_for_part_of_the_incident() -> None:
    text = "In Ogossagou alone, 35 villagers were killed, residents said."
    [found] = claims_in(make_story(text))
    assert found.claim.scope == "in ogossagou alone"


SENTENCES = [
    (
        "abbreviation-fr",
        "M. Diallo a parlé. Il est parti.",
        ["M. Diallo a parlé.", "Il est parti."],
    ),
    (
        "initialism",
        "The U.N. Mission said 5 died. It left.",
        ["The U.N. Mission said 5 died.", "It left."],
    ),
    ("decimal", "Some 1.5 million fled. Many died.", ["Some 1.5 million fled.", "Many died."]),
    (
        "quote-close",
        'He said "it is over." Then he left.',
        ['He said "it is over."', "Then he left."],
    ),
    (
        "guillemets",
        "Ils sont morts. « Aucun civil », dit-il.",
        ["Ils sont morts.", "« Aucun civil », dit-il."],
    ),
    ("headline-line", "Attack kills 18\n\nGunmen struck.", ["Attack kills 18", "Gunmen struck."]),
    ("km", "It hit 50 km. north of Gao.", ["It hit 50 km. north of Gao."]),
]


@pytest.mark.parametrize(
    ("text", "expected"), [row[1:] for row in SENTENCES], ids=[row[0] for row in SENTENCES]
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_split_clauses_cuts_at_while_and_saying() -> None:
    sentence = "The army denied it, saying 11 died, while residents said 18 died."
    assert [sentence[a:b] for a, b in split_clauses(sentence)] == [
        "The army denied it",
        "saying 11 died",
        "residents said 18 died.",
    ]


MORE_CASES = [
    (
        "voire-plus-open",
        "Un élu local évoque une trentaine de morts, voire plus.",
        "fr",
        [("local officials", K, 24, None, UNS)],
    ),
    (
        "toll-rose-from-to",
        "The toll rose from 12 to 19, the governor said.",
        "en",
        [("local officials", K, 19, 19, UNS)],
    ),
    (
        "own-losses-government-side",
        "A channel run by the Africa Corps said four of its fighters had died.",
        "en",
        [("Wagner / Africa Corps", K, 4, 4, SOL)],
    ),
    (
        "own-losses-armed-group",
        "JNIM said 6 of its fighters were killed in the clashes.",
        "en",
        [("JNIM", K, 6, 6, MIL)],
    ),
    (
        "nothing-reported-is-no-denial",
        "No casualties have been reported.",
        "en",
        [],
    ),
    (
        "generic-jihadist-group-fr",
        "L'EIGS a attaqué Tessit. Le groupe jihadiste, lui, revendique 60 morts dans les rangs "
        "de l'armée.",
        "fr",
        [("IS Sahel", K, 60, 60, SOL)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in MORE_CASES],
    ids=[row[0] for row in MORE_CASES],
)
def test_more_phrasings(text: str, language: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(text, language) == expected


PHRASINGS = [
    (
        "claimed-the-lives",
        "The attack claimed the lives of 15 people, including a child, said a spokesman for "
        "the FLA.",
        "en",
        [("FLA", K, 15, 15, CIV)],
    ),
    (
        "coute-la-vie",
        "L'attaque a coûté la vie à 14 soldats, selon un responsable local.",
        "fr",
        [("local officials", K, 14, 14, SOL)],
    ),
    (
        "morts-et-blesses-approx",
        "L'explosion a fait au moins 20 morts et une trentaine de blessés, selon une source "
        "hospitalière.",
        "fr",
        [("medical sources", K, 20, None, UNS), ("medical sources", INJ, 24, 36, UNS)],
    ),
    (
        "appris-de-sources",
        "Au moins 20 personnes ont perdu la vie, a-t-on appris de sources locales.",
        "fr",
        [("residents", K, 20, None, UNS)],
    ),
    (
        "peacekeepers",
        "Four peacekeepers were killed and two others seriously wounded, MINUSMA said.",
        "en",
        [("UN", K, 4, 4, SOL), ("UN", INJ, 2, 2, SOL)],
    ),
    (
        "adverb-before-count-fr",
        "Human Rights Watch a accusé l'armée d'avoir exécuté sommairement au moins 40 civils.",
        "fr",
        [("Human Rights Watch", K, 40, None, CIV)],
    ),
    (
        "apposition-most-of-them",
        "Amnesty International accused the army of killing 26 people, most of them herders.",
        "en",
        [("Amnesty International", K, 26, 26, CIV)],
    ),
    (
        "arrests-beside-deaths",
        "According to the army, 5 terrorists were neutralised and 3 others were arrested.",
        "en",
        [("Malian army", K, 5, 5, MIL)],
    ),
    (
        "unknown-head-noun",
        "Seven Dogon hunters were killed near Bandiagara, residents said.",
        "en",
        [("residents", K, 7, 7, UNS)],
    ),
    (
        "same-class-summed",
        "Gunmen kidnapped 12 aid workers and a driver, a humanitarian source said.",
        "en",
        [("humanitarian sources", A, 13, 13, CIV)],
    ),
    (
        "nationality-before-noun",
        "At least 18 Burkinabe soldiers were killed, the army said.",
        "en",
        [("Malian army", K, 18, None, SOL)],
    ),
    (
        "spokesman-named-after-verb",
        "Five soldiers were among the dead, said Ahmed Ag Intalla, a spokesman for the FLA.",
        "en",
        [("FLA", K, 5, 5, SOL)],
    ),
    (
        "adjective-after-noun-fr",
        "Au moins 18 soldats burkinabè ont été tués, selon l'armée.",
        "fr",
        [("Malian army", K, 18, None, SOL)],
    ),
    (
        "wounded-as-adjective",
        "Dozens of wounded guests were taken to hospital after the strike, witnesses said.",
        "en",
        [("residents", INJ, 24, None, CIV)],
    ),
    (
        "heavy-loss-of-life",
        "The attack caused a heavy loss of life, residents said.",
        "en",
        [("residents", K, 2, None, UNS)],
    ),
    (
        "enormes-pertes-fr",
        "L'attaque a causé d'énormes pertes en vies humaines, selon des habitants.",
        "fr",
        [("residents", K, 2, None, UNS)],
    ),
    (
        "some-civilians",
        "Some civilians were killed, a resident said.",
        "en",
        [("residents", K, 2, 9, CIV)],
    ),
    (
        "we-lost-officer",
        '"We lost 12 men," an army officer said on condition of anonymity.',
        "en",
        [("security sources", K, 12, 12, SOL)],
    ),
    (
        "nous-avons-perdu",
        "« Nous avons perdu 12 hommes », a reconnu un officier sous couvert d'anonymat.",
        "fr",
        [("security sources", K, 12, 12, SOL)],
    ),
    (
        "yearly-tally",
        "The UN mission documented 1,277 civilian deaths in 2023.",
        "en",
        [],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in PHRASINGS],
    ids=[row[0] for row in PHRASINGS],
)
def test_news_phrasings(text: str, language: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(text, language) == expected


FRENCH_PHRASINGS = [
    (
        "parmi-les-gendarmes",
        "L'attaque a fait cinq morts parmi les gendarmes, a indiqué l'armée dans un communiqué.",
        [("Malian army", K, 5, 5, SOL)],
    ),
    (
        "total-dont-parts",
        "Au total, 26 personnes ont été tuées, dont 20 civils et 6 militaires, selon l'armée.",
        [
            ("Malian army", K, 26, 26, MIX),
            ("Malian army", K, 20, 20, CIV),
            ("Malian army", K, 6, 6, SOL),
        ],
    ),
    (
        "la-perte-de",
        "L'armée a déploré la perte de quatre soldats.",
        [("Malian army", K, 4, 4, SOL)],
    ),
    (
        "subgroup-imam",
        "Des jihadistes ont tué au moins 7 personnes, dont un imam, selon le maire.",
        [("local officials", K, 7, None, CIV)],
    ),
    (
        "released-hostages-are-no-claim",
        "Trois otages ont été libérés mardi.",
        [],
    ),
    (
        "weekly-tally",
        "Le bilan reste lourd : plus de 100 morts en une semaine, selon l'ONU.",
        [],
    ),
    (
        "abducted-and-missing",
        "Quatre personnes ont été enlevées et deux autres portées disparues, selon un habitant.",
        [("residents", A, 4, 4, CIV), ("residents", M, 2, 2, CIV)],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [row[1:] for row in FRENCH_PHRASINGS],
    ids=[row[0] for row in FRENCH_PHRASINGS],
)
def test_french_phrasings(text: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(text, "fr") == expected


def test_number_without_category_takes_the_storys() -> None:
    text = (
        "Gunmen seized around 40 bus passengers, a local official said. "
        "Relatives put the number at more than 50."
    )
    assert rows(text) == [
        ("local officials", A, 36, 44, CIV),
        ("residents", A, 51, None, CIV),
    ]


def test_who_denies_is_the_subject_of_the_denial() -> None:
    text = "Witnesses said soldiers executed about ten men, and the army denied the accusation."
    assert rows(text) == [("residents", K, 9, 11, CIV), ("Malian army", K, 0, 0, CIV)]


def test_freed_hostages_are_no_claim() -> None:
    assert rows("The group said it had freed 7 hostages held since last year.") == []


ELLIPTIC = [
    (
        "army-said-8",
        "Residents said about 30 people were killed; the army said 8.",
        "en",
        [("residents", K, 27, 33, UNS), ("Malian army", K, 8, 8, UNS)],
    ),
    (
        "six-selon-l-armee",
        "L'attaque a fait une dizaine de morts selon des sources locales, 6 selon l'armée.",
        "fr",
        [("residents", K, 8, 12, UNS), ("Malian army", K, 6, 6, UNS)],
    ),
    (
        "number-killed-has-risen",
        "The number of people killed in the attack has risen to 40, a hospital official said.",
        "en",
        [("medical sources", K, 40, 40, UNS)],
    ),
    (
        "confirmed-dead-by",
        "Some 20 civilians were confirmed dead by hospital staff.",
        "en",
        [("medical sources", K, 18, 22, CIV)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in ELLIPTIC],
    ids=[row[0] for row in ELLIPTIC],
)
def test_elliptic_and_passive_figures(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


def test_headline_in_outlet_voice_echoing_a_sourced_figure_is_dropped() -> None:
    story = make_story(
        "Gunmen killed at least 32 civilians in two villages on Saturday, residents said.",
        title="Suspected jihadists kill dozens in central Mali",
    )
    assert [(c.claim.claimant, c.claim.count.low) for c in claims_in(story)] == [("residents", 32)]


def test_denial_answers_the_main_claim_of_the_other_side() -> None:
    text = (
        "The FLA said the strike killed 11 civilians and wounded about 20 others. "
        '"These allegations are baseless," the army said.'
    )
    found = [c.claim for c in claims_in(make_story(text))]
    assert (found[-1].claimant, found[-1].category, found[-1].victims) == ("Malian army", K, CIV)
    assert found[-1].count.is_denial


def test_part_after_a_context_phrase_and_a_separate_category() -> None:
    text = (
        "L'armée a annoncé que l'attaque avait fait huit morts dans ses rangs, dont un civil, "
        "et quinze blessés."
    )
    assert rows(text, "fr") == [
        ("Malian army", K, 8, 8, SOL),
        ("Malian army", K, 1, 1, CIV),
        ("Malian army", INJ, 15, 15, SOL),
    ]


def test_french_story_labelled_english_still_reads_french_numbers() -> None:
    story = make_story("Dix-huit soldats ont été tués, selon l'armée.", language="en")
    assert [(c.claim.count.low, c.claim.victims) for c in claims_in(story)] == [(18, SOL)]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Residents said 18 civilians were killed and the army said it killed 11 terrorists.",
            "en",
        ),
        (
            "Des habitants parlent de 18 civils tués et l'armée affirme avoir tué 11 terroristes.",
            "fr",
        ),
    ],
    ids=["en", "fr"],
)
def test_a_second_speaker_joined_by_and(text: str, language: str) -> None:
    assert rows(text, language) == [("residents", K, 18, 18, CIV), ("Malian army", K, 11, 11, MIL)]


def test_selon_lui_points_at_the_person_just_named() -> None:
    text = "Le maire de Boni a été joint par téléphone. Selon lui, 14 personnes ont été tuées."
    assert rows(text, "fr") == [("local officials", K, 14, 14, UNS)]


def test_the_group_said_points_at_the_group_named_before() -> None:
    text = "JNIM fighters killed 15 soldiers, the group said in a statement."
    assert rows(text) == [("JNIM", K, 15, 15, SOL)]


def test_denied_charge_in_the_same_sentence() -> None:
    text = "Le FLA accuse l'armée d'avoir tué 24 civils, ce que l'armée dément."
    assert rows(text, "fr") == [("FLA", K, 24, 24, CIV), ("Malian army", K, 0, 0, CIV)]


@pytest.mark.parametrize(
    ("text", "language", "detail"),
    [
        (
            "Au moins 30 personnes, dont des femmes et des enfants, ont été tuées, selon des "
            "habitants.",
            "fr",
            "dont des femmes et des enfants",
        ),
        (
            "A drone strike killed at least 30 people, many of them women and children, "
            "witnesses said.",
            "en",
            "many of them women and children",
        ),
        (
            "Residents said 18 civilians were killed, including eleven children.",
            "en",
            "including eleven children",
        ),
        ('The army said 11 "terrorists" were killed.', "en", "terrorists"),
    ],
    ids=["dont-uncounted", "many-of-them", "including-counted", "own-word"],
)
def test_victims_detail_keeps_the_claimants_words(text: str, language: str, detail: str) -> None:
    [found] = claims_in(make_story(text, language=language))
    assert found.claim.victims_detail == detail


AGES_AND_PARENTHESES = [
    (
        "ages-en",
        "Three children aged 5 to 12 were killed in the blast, a doctor said.",
        "en",
        [("medical sources", K, 3, 3, CIV)],
    ),
    (
        "ages-fr",
        "Trois enfants âgés de 5 à 12 ans ont été tués, selon un médecin.",
        "fr",
        [("medical sources", K, 3, 3, CIV)],
    ),
    (
        "two-of-them",
        "Four soldiers, two of them officers, were killed, the army said.",
        "en",
        [("Malian army", K, 4, 4, SOL)],
    ),
    (
        "third-in-a-week-is-no-tally",
        "The attack, the third in a week, left 7 soldiers dead.",
        "en",
        [(OUTLET, K, 7, 7, SOL)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in AGES_AND_PARENTHESES],
    ids=[row[0] for row in AGES_AND_PARENTHESES],
)
def test_ages_and_parentheses(text: str, language: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Un soldat a été tué et quatre autres blessés dans l'embuscade, selon l'armée.",
            "fr",
            [("Malian army", K, 1, 1, SOL), ("Malian army", INJ, 4, 4, SOL)],
        ),
        (
            "A civilian was killed and two others were injured, residents said.",
            "en",
            [("residents", K, 1, 1, CIV), ("residents", INJ, 2, 2, CIV)],
        ),
        (
            "The strike killed one person and wounded six, according to a medical source.",
            "en",
            [("medical sources", K, 1, 1, UNS), ("medical sources", INJ, 6, 6, UNS)],
        ),
    ],
    ids=["un-soldat", "a-civilian", "one-person"],
)
def test_single_victims(text: str, language: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(text, language) == expected


def test_same_figure_for_two_events_of_one_story_is_kept_twice() -> None:
    text = (
        "The army said 5 soldiers were killed in an ambush near Boni on Monday. "
        "Troops then pursued the attackers north of Douentza. "
        "In a separate attack near Léré on Tuesday, the army said 5 soldiers were killed."
    )
    assert [c.sentence_index for c in claims_in(make_story(text))] == [0, 2]


@pytest.mark.parametrize(
    ("text", "language", "wording"),
    [
        (
            "The general staff said troops had neutralised about thirty terrorists.",
            "en",
            "about thirty",
        ),
        ("Dix-huit soldats ont été tués, selon l'armée.", "fr", "Dix-huit"),
        ("Two dozen passengers were killed when their bus hit a mine.", "en", "Two dozen"),
    ],
    ids=["about-thirty", "dix-huit", "two-dozen"],
)
def test_wording_is_kept_as_written(text: str, language: str, wording: str) -> None:
    [found] = claims_in(make_story(text, language=language))
    assert found.claim.count.wording == wording


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Among the dead were 5 soldiers, the army said.", "en", [("Malian army", K, 5, 5, SOL)]),
        (
            "Parmi les morts figurent 5 soldats, selon l'armée.",
            "fr",
            [("Malian army", K, 5, 5, SOL)],
        ),
        (
            "Those killed were 12 traders, a local official said.",
            "en",
            [("local officials", K, 12, 12, CIV)],
        ),
    ],
    ids=["among-the-dead", "parmi-les-morts", "those-killed-were"],
)
def test_figures_after_the_category(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Deux blessés ont succombé à leurs blessures, selon une source hospitalière.", "fr"),
        ("Two of the wounded later succumbed to their injuries, a doctor said.", "en"),
    ],
    ids=["fr", "en"],
)
def test_wounded_who_died_are_an_increment_not_a_toll(text: str, language: str) -> None:
    assert rows(text, language) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "About 30 gunmen stormed the village, killing 12, residents said.",
            [("residents", K, 12, 12, CIV)],
        ),
        (
            "Jihadists attacked an army post near the village of Boulkessi, killing 12, the army "
            "said.",
            [("Malian army", K, 12, 12, UNS)],
        ),
    ],
    ids=["raid-on-a-village", "village-as-a-place-name"],
)
def test_figure_without_noun_in_a_village_attack(
    text: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text) == expected


FRENCH_REPORTING = [
    (
        "day-between-verb-and-count",
        "Des hommes armés ont enlevé dimanche une trentaine de villageois, a-t-on appris lundi "
        "de sources locales.",
        [("residents", A, 24, 36, CIV)],
    ),
    (
        "said-to-two-word-medium",
        "« Ils ont emmené 32 personnes », a déclaré à Studio Tamani un élu de la commune.",
        [("local officials", A, 32, 32, CIV)],
    ),
    (
        "relative-clause-before-verb",
        "Selon le maire, deux villageois qui tentaient de s'enfuir ont été abattus.",
        [("local officials", K, 2, 2, CIV)],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [row[1:] for row in FRENCH_REPORTING],
    ids=[row[0] for row in FRENCH_REPORTING],
)
def test_french_reporting(text: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(text, "fr") == expected


# Phrasings added for generalization (invented sentences; one general rule each).
GENERAL = [
    (
        "prisoners-denial-fr",
        "L'armée dément que des soldats aient été faits prisonniers. « Aucun de nos hommes n'a "
        "été capturé », insiste le communiqué.",
        "fr",
        [("Malian army", A, 0, 0, SOL)],
    ),
    (
        "parts-with-article",
        "Gunmen killed 11 people: eight traders and the three policemen guarding the market, "
        "the mayor said.",
        "en",
        [
            ("local officials", K, 11, 11, MIX),
            ("local officials", K, 8, 8, CIV),
            ("local officials", K, 3, 3, SOL),
        ],
    ),
    (
        "several-elided-fr",
        "Selon l'armée, un certain nombre d'assaillants ont été neutralisés.",
        "fr",
        [("Malian army", K, 2, None, MIL)],
    ),
    (
        "denial-ends-at-its-comma",
        "The army said no civilian had been killed during the operation, in which it said a "
        "number of terrorists were neutralised.",
        "en",
        [("Malian army", K, 2, None, MIL), ("Malian army", K, 0, 0, CIV)],
    ),
    (
        "from-across-the-region-is-no-aggregate",
        "The FLA said about 20 people were wounded at the market, which draws traders from "
        "across the region.",
        "en",
        [("FLA", INJ, 18, 22, CIV)],
    ),
    (
        "across-the-country-after-a-comma",
        "Four soldiers were killed in the ambush, the army said, one of a string of attacks on "
        "army posts across the country.",
        "en",
        [("Malian army", K, 4, 4, SOL)],
    ),
    (
        "across-the-country-is-an-aggregate",
        "At least 40 civilians were killed across the country last month, the UN said.",
        "en",
        [],
    ),
    (
        "truck-drivers-are-people",
        "JNIM said it had seized 19 truck drivers.",
        "en",
        [("JNIM", A, 19, 19, CIV)],
    ),
    (
        "aside-before-the-verb-fr",
        "Au moins 27 hommes, dont un imam et deux adolescents, ont été exécutés, affirme "
        "Amnesty International.",
        "fr",
        [("Amnesty International", K, 27, None, CIV)],
    ),
    (
        "aside-before-the-verb-en",
        "At least 19 villagers, including 4 women, were killed, residents said.",
        "en",
        [("residents", K, 19, None, CIV)],
    ),
    (
        "singular-missing-fr",
        "Selon le maire, un berger est par ailleurs porté disparu depuis mardi.",
        "fr",
        [("local officials", Category.MISSING, 1, 1, CIV)],
    ),
    (
        "partitive-release-keeps-the-total-fr",
        "Deux des quatre personnes enlevées lundi à Kona ont été relâchées jeudi, a annoncé le "
        "maire.",
        "fr",
        [("local officials", A, 4, 4, CIV)],
    ),
    (
        "of-their-own-en",
        "JNIM said its fighters had killed dozens of soldiers and lost three of their own.",
        "en",
        [("JNIM", K, 24, None, SOL), ("JNIM", K, 3, 3, MIL)],
    ),
    (
        "des-siens-fr",
        "Le FLA affirme avoir tué 20 soldats et perdu quatre des siens.",
        "fr",
        [("FLA", K, 20, 20, SOL), ("FLA", K, 4, 4, MIL)],
    ),
    (
        "one-class-pair-en",
        "JNIM said several soldiers and Russian mercenaries were killed.",
        "en",
        [("JNIM", K, 2, None, SOL)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in GENERAL],
    ids=[row[0] for row in GENERAL],
)
def test_general_phrasings(text: str, language: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(text, language) == expected


def test_headline_figure_is_the_sourced_mixed_total() -> None:
    text = (
        "Gunmen attacked a bus near Kona, killing 11 people: eight passengers and the three "
        "gendarmes escorting it, a security source said."
    )
    got = rows(text, title="Eleven killed in attack on bus in central Mali")
    assert got == [
        ("security sources", K, 11, 11, MIX),
        ("security sources", K, 8, 8, CIV),
        ("security sources", K, 3, 3, SOL),
    ]


# Deaths added to an earlier toll are no toll of their own; the toll they lead to is.
INCREMENTS = [
    (
        "of-the-wounded-en",
        "The mayor said 14 villagers were killed. Two of the wounded have since died, he added.",
        "en",
        [("local officials", K, 14, 14, CIV)],
    ),
    (
        "more-bodies-en",
        "Residents said 9 people were killed on Monday. Four more bodies were found on Tuesday.",
        "en",
        [("residents", K, 9, 9, UNS)],
    ),
    (
        "des-blesses-fr",
        "Selon le préfet, 14 villageois ont été tués. Deux des blessés ont succombé dans la nuit.",
        "fr",
        [("local officials", K, 14, 14, CIV)],
    ),
    (
        "corps-supplementaires-fr",
        "Selon des habitants, neuf personnes ont été tuées. Trois corps supplémentaires ont été "
        "retrouvés mercredi.",
        "fr",
        [("residents", K, 9, 9, UNS)],
    ),
    (
        "bringing-the-toll-to-fr",
        "Deux blessés ont succombé, portant le bilan à 16 morts, selon une source hospitalière.",
        "fr",
        [("medical sources", K, 16, 16, UNS)],
    ),
    (
        "others-wounded-are-a-claim-en",
        "The mayor said 14 villagers were killed and six others were wounded.",
        "en",
        [("local officials", K, 14, 14, CIV), ("local officials", INJ, 6, 6, CIV)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in INCREMENTS],
    ids=[row[0] for row in INCREMENTS],
)
def test_increments_are_not_tolls(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("title", "text", "language", "expected"),
    [
        (
            "Les familles pleurent leurs morts",
            "Le collectif CDRAP maintient son bilan d'au moins 12 morts, tous des civils selon "
            "lui. L'armée parle de 5 terroristes tués.",
            "fr",
            [("CDRAP", K, 12, None, CIV), ("Malian army", K, 5, 5, MIL)],
        ),
        (
            "Villagers mourn their dead",
            "The FLA stands by its toll of at least 12 dead, all civilians according to it. "
            "The army said 5 terrorists were killed.",
            "en",
            [("FLA", K, 12, None, CIV), ("Malian army", K, 5, 5, MIL)],
        ),
    ],
    ids=["fr", "en"],
)
def test_a_claimant_standing_by_its_toll(
    title: str, text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language, title=title) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Plus d'une vingtaine de gendarmes et de miliciens ont été tués, affirme-t-il.",
            "fr",
            [(OUTLET, K, 21, None, SOL)],
        ),
        (
            "Twelve soldiers and Russian mercenaries were killed, the JNIM said.",
            "en",
            [("JNIM", K, 12, 12, SOL)],
        ),
        (
            "Selon le JNIM, trois gendarmes auraient en outre été faits prisonniers.",
            "fr",
            [("JNIM", A, 3, 3, SOL)],
        ),
        (
            "Selon l'armée, quatre militaires sont « tombés sur le champ d'honneur ».",
            "fr",
            [("Malian army", K, 4, 4, SOL)],
        ),
        (
            "Un canal proche d'Africa Corps a fait état de deux combattants russes tués.",
            "fr",
            [("Wagner / Africa Corps", K, 2, 2, SOL)],
        ),
    ],
    ids=[
        "joined-nouns-fr",
        "actor-among-the-counted-en",
        "en-outre-fr",
        "champ-d-honneur-fr",
        "russian-fighters-fr",
    ],
)
def test_counted_noun_phrases_and_their_verbs(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "According to the prefect, some 20 villagers remain in the hands of their captors.",
            "en",
            [("local officials", A, 18, 22, CIV)],
        ),
        (
            "Selon le préfet, une vingtaine de villageois restent aux mains des ravisseurs.",
            "fr",
            [("local officials", A, 16, 24, CIV)],
        ),
        (
            "L'imam et un cultivateur sont toujours aux mains des ravisseurs, selon le maire.",
            "fr",
            [],
        ),
        (
            "Selon le maire, le chef du village a été tué et un berger enlevé.",
            "fr",
            [("local officials", A, 1, 1, CIV)],
        ),
        (
            "The JNIM said it killed 30 soldiers. The army rejected these figures and said "
            "four soldiers died.",
            "en",
            [("JNIM", K, 30, 30, SOL), ("Malian army", K, 4, 4, SOL)],
        ),
        (
            "Le JNIM dit avoir tué 30 soldats. L'armée dément ce bilan et parle de quatre morts "
            "dans ses rangs.",
            "fr",
            [("JNIM", K, 30, 30, SOL), ("Malian army", K, 4, 4, SOL)],
        ),
    ],
    ids=[
        "still-held-en",
        "still-held-fr",
        "uncounted-partner-fr",
        "counted-after-a-clause-fr",
        "figure-disputed-en",
        "figure-disputed-fr",
    ],
)
def test_hostages_still_held_and_disputed_figures(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("The MSA said it lost 7 men.", "en", [("MSA", K, 7, 7, SOL)]),
        ("Le JNIM affirme qu'il a perdu 4 hommes.", "fr", [("JNIM", K, 4, 4, MIL)]),
        (
            "Dan Na Ambassagou said they had lost 5 fighters.",
            "en",
            [("Dan Na Ambassagou", K, 5, 5, SOL)],
        ),
    ],
    ids=["pro-government-en", "jihadist-fr", "militia-en"],
)
def test_it_lost_is_the_speakers_own_side(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "GATIA said its fighters killed 6 jihadists and lost three men.",
            "en",
            [("GATIA", K, 6, 6, MIL), ("GATIA", K, 3, 3, SOL)],
        ),
        (
            "Le MSA affirme avoir tué six jihadistes et perdu trois hommes.",
            "fr",
            [("MSA", K, 6, 6, MIL), ("MSA", K, 3, 3, SOL)],
        ),
        (
            "Citant des sources hospitalières, RFI rapporte que dix personnes sont mortes.",
            "fr",
            [("medical sources", K, 10, 10, UNS)],
        ),
    ],
    ids=["coordinated-loss-en", "avoir-perdu-fr", "citant-fr"],
)
def test_coordinated_own_losses_and_cited_sources(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Selon l'armée, trois gendarmes sont portés disparus. Le JNIM assure les détenir.",
            "fr",
            [("Malian army", M, 3, 3, SOL), ("JNIM", A, 3, 3, SOL)],
        ),
        (
            "The army said three gendarmes were missing. JNIM said it was holding them.",
            "en",
            [("Malian army", M, 3, 3, SOL), ("JNIM", A, 3, 3, SOL)],
        ),
        (
            "The army said three gendarmes were killed. Residents held them in high esteem.",
            "en",
            [("Malian army", K, 3, 3, SOL)],
        ),
    ],
    ids=["les-detenir-fr", "holding-them-en", "not-after-the-dead"],
)
def test_a_group_holding_the_missing_claims_them_abducted(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            '"We killed 9 of them. We lost two men," a GATIA spokesman said.',
            "en",
            [("GATIA", K, 9, 9, MIL), ("GATIA", K, 2, 2, SOL)],
        ),
        (
            "Le porte-parole du MSA parle de deux combattants tombés et de neuf assaillants tués.",
            "fr",
            [("MSA", K, 2, 2, SOL), ("MSA", K, 9, 9, MIL)],
        ),
        (
            "The JNIM said it had killed 14 members of the pro-government MSA.",
            "en",
            [("JNIM", K, 14, 14, SOL)],
        ),
    ],
    ids=["we-killed-them-en", "combattants-tombes-fr", "members-of-a-militia-en"],
)
def test_a_sides_own_dead_and_its_enemies(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("title", "text", "language"),
    [
        (
            "Mali: 14 herders killed near Ténenkou",
            "Gunmen raided a camp on Sunday and opened fire on the herders, the mayor said.",
            "en",
        ),
        (
            "Mali : 14 bergers tués près de Ténenkou",
            "Des hommes armés ont attaqué un campement dimanche et tiré sur les bergers, a "
            "indiqué le maire.",
            "fr",
        ),
    ],
    ids=["en", "fr"],
)
def test_a_headline_figure_is_the_source_the_body_names(
    title: str, text: str, language: str
) -> None:
    assert rows(text, language, title=title) == [("local officials", K, 14, 14, CIV)]


def test_a_headline_figure_stays_the_outlets_when_the_body_starts_with_its_own() -> None:
    title = "Mali: 14 herders killed near Ténenkou"
    text = "Eleven soldiers were also wounded, the army said."
    assert rows(text, "en", title=title) == [
        (OUTLET, K, 14, 14, CIV),
        ("Malian army", INJ, 11, 11, SOL),
    ]
