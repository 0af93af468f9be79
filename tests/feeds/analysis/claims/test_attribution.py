"""Attribution across clauses, sentences and quotes (codebook §4), in English and French.

Every sentence here is invented for the rule it shows.
"""

from __future__ import annotations

import pytest

from feeds.analysis.claims.attribution import nearest_source, source_markers
from feeds.analysis.claims.discourse import Discourse
from feeds.model import Category, VictimKind
from tests.helpers.claim_rows import rows

OUTLET = "example-news.com"
K, INJ, A = Category.KILLED, Category.INJURED, Category.ABDUCTED
CIV, SOL, MIL, UNS = (
    VictimKind.CIVILIANS,
    VictimKind.SOLDIERS,
    VictimKind.MILITANTS,
    VictimKind.UNSPECIFIED,
)
NO_GROUPS = {"separatist": "CSP-DPA"}


CARRIED = [
    (
        "speaker-carries-en",
        "The governor said gunmen raided a village on Sunday. Seven villagers were killed and "
        "four others were wounded.",
        "en",
        [("local officials", K, 7, 7, CIV), ("local officials", INJ, 4, 4, CIV)],
    ),
    (
        "speaker-carries-fr",
        "Le préfet a dénoncé une attaque contre le village dimanche. Sept villageois ont été "
        "tués et quatre autres blessés.",
        "fr",
        [("local officials", K, 7, 7, CIV), ("local officials", INJ, 4, 4, CIV)],
    ),
    (
        "outlet-voice-takes-over",
        "The army said 5 soldiers were killed in the ambush. The region has been hit by drought "
        "for years. Elsewhere, 3 traders were killed on a road near Nara.",
        "en",
        [("Malian army", K, 5, 5, SOL), (OUTLET, K, 3, 3, CIV)],
    ),
    (
        "inverted-plural-verb-fr",
        "Douze bergers ont été enlevés mardi, selon des élus locaux. Trois autres ont été "
        "blessés, précisent-ils.",
        "fr",
        [("local officials", A, 12, 12, CIV), ("local officials", INJ, 3, 3, CIV)],
    ),
    (
        "the-same-sources-fr",
        "Douze bergers ont été enlevés mardi, selon des élus locaux. Trois autres ont été "
        "blessés, ajoutent les mêmes sources.",
        "fr",
        [("local officials", A, 12, 12, CIV), ("local officials", INJ, 3, 3, CIV)],
    ),
    (
        "anaphor-within-the-sentence-en",
        "The army said 6 soldiers died in the ambush. JNIM claimed the attack, saying it had "
        "killed 30 soldiers.",
        "en",
        [("Malian army", K, 6, 6, SOL), ("JNIM", K, 30, 30, SOL)],
    ),
    (
        "pretend-fr",
        "L'armée a annoncé six soldats tués. Le JNIM, dans une revendication, prétend avoir tué "
        "une quarantaine de militaires.",
        "fr",
        [("Malian army", K, 6, 6, SOL), ("JNIM", K, 32, 48, SOL)],
    ),
    (
        "spoken-of-en",
        "Residents had earlier spoken of six people abducted.",
        "en",
        [("residents", A, 6, 6, CIV)],
    ),
]
RECALLS = [
    (
        "last-year-is-the-outlets-voice",
        "The army said 5 soldiers died in the ambush. Last year, 40 civilians were killed in a "
        "similar attack nearby.",
        "en",
        [("Malian army", K, 5, 5, SOL), (OUTLET, K, 40, 40, CIV)],
    ),
    (
        "dated-recall-inside-the-sentence-fr",
        "Selon l'armée, 5 soldats ont été tués. Les rebelles se souviennent de Tinzaouaten, où, "
        "en juillet 2024, des dizaines de mercenaires de Wagner avaient été tués.",
        "fr",
        [("Malian army", K, 5, 5, SOL), (OUTLET, K, 20, None, SOL)],
    ),
    (
        "another-event-days-before",
        "According to the army, 6 soldiers were killed. The attack came two days after 14 "
        "civilians were killed in a nearby village.",
        "en",
        [("Malian army", K, 6, 6, SOL), (OUTLET, K, 14, 14, CIV)],
    ),
    (
        "another-event-days-before-fr",
        "Selon l'armée, 6 soldats ont été tués. L'attaque survient trois jours après la mort de "
        "14 civils dans un village voisin.",
        "fr",
        [("Malian army", K, 6, 6, SOL), (OUTLET, K, 14, 14, CIV)],
    ),
    (
        "a-same-day-detail-is-still-the-speakers",
        "The army said 5 soldiers died. In a statement, it added that 3 were wounded.",
        "en",
        [("Malian army", K, 5, 5, SOL), ("Malian army", INJ, 3, 3, SOL)],
    ),
]
QUOTES = [
    (
        "quote-closes-later-en",
        '"Nine villagers were killed. We buried them at dawn," a herder told the agency.',
        "en",
        [("residents", K, 9, 9, CIV)],
    ),
    (
        "quote-closes-later-fr",
        "« Neuf villageois ont été tués. Nous les avons enterrés à l'aube », raconte un éleveur.",
        "fr",
        [("residents", K, 9, 9, CIV)],
    ),
    (
        "quote-after-another-source",
        'The army said 4 soldiers were killed. "More than 12 of us died. We fled," a farmer '
        "told reporters.",
        "en",
        [("Malian army", K, 4, 4, SOL), ("residents", K, 13, None, UNS)],
    ),
]
NEAREST = [
    (
        "pour-x-fr",
        "Dix « terroristes neutralisés » pour l'armée, au moins douze bergers tués pour le "
        "CSP-DPA : deux versions s'opposent.",
        "fr",
        [("Malian army", K, 10, 10, MIL), ("CSP-DPA", K, 12, None, CIV)],
    ),
    (
        "postposed-subject-fr",
        "Au moins 14 civils ont été tués par des soldats maliens, affirme Human Rights Watch.",
        "fr",
        [("Human Rights Watch", K, 14, None, CIV)],
    ),
    (
        "security-source-fr",
        "Trois soldats maliens ont été tués jeudi dernier dans une embuscade près de Nara, selon "
        "une source sécuritaire.",
        "fr",
        [("security sources", K, 3, 3, SOL)],
    ),
    (
        "earlier-figure-fr",
        "Six soldats ont perdu la vie, contre quatre annoncés samedi, selon l'armée.",
        "fr",
        [("Malian army", K, 6, 6, SOL), ("Malian army", K, 4, 4, SOL)],
    ),
    (
        "earlier-figure-en",
        "The army raised the death toll to 15 civilians, up from the 11 it announced on Friday.",
        "en",
        [("Malian army", K, 15, 15, CIV), ("Malian army", K, 11, 11, CIV)],
    ),
    (
        "fallen-soldiers-fr",
        "Le bilan officiel fait état de quatre militaires tombés, selon l'armée.",
        "fr",
        [("Malian army", K, 4, 4, SOL)],
    ),
    (
        "toll-raised-to-en",
        "The government has raised the death toll from Sunday's raid on two hamlets near Kona, "
        "in the central Mopti region, to 17 civilians.",
        "en",
        [("Malian army", K, 17, 17, CIV)],
    ),
    (
        "customs-agents-fr",
        "Au moins cinq agents des douanes ont été tués dans l'attaque de leur poste, a indiqué "
        "le préfet.",
        "fr",
        [("local officials", K, 5, None, SOL)],
    ),
    (
        "an-unnamed-army-officer-is-a-security-source",  # codebook §4 / issue 10
        "Two civilians were killed by the shells, an army officer told reporters.",
        "en",
        [("security sources", K, 2, 2, CIV)],
    ),
    (
        "possessive-toll-en",
        "Gunmen killed at least 30 villagers, Amnesty International said, calling the army's "
        'toll of 9 "implausible".',
        "en",
        [("Amnesty International", K, 30, None, CIV), ("Malian army", K, 9, 9, CIV)],
    ),
    (
        "capital-as-government-fr",
        "Des habitants parlent de 15 morts. Bamako a qualifié ces accusations de « sans "
        "fondement » et assure qu'aucun civil n'a été tué.",
        "fr",
        [("residents", K, 15, 15, CIV), ("Malian army", K, 0, 0, CIV)],
    ),
    (
        "capital-as-place-en",
        "In Bamako, 3 people were wounded when a gas tank exploded, the governor said.",
        "en",
        [("local officials", INJ, 3, 3, UNS)],
    ),
    (
        "embassy-names-itself",
        "The Chinese embassy said three of its nationals were killed in the attack on the mine.",
        "en",
        [("Chinese embassy", K, 3, 3, CIV)],
    ),
    (
        "pro-government-militia-own-losses",
        "Dan Na Ambassagou said 14 of its fighters were killed.",
        "en",
        [("Dan Na Ambassagou", K, 14, 14, SOL)],
    ),
    (
        "un-humanitarian-office",
        "The UN humanitarian office said up to 45 villagers were killed.",
        "en",
        [("UN", K, None, 45, CIV)],
    ),
    (
        "joint-subjects-are-one-clause",
        "Local officials and residents said 30 villagers were killed. Another 12 were wounded, "
        "they added.",
        "en",
        [
            ("local officials + residents", K, 30, 30, CIV),
            ("local officials + residents", INJ, 12, 12, CIV),
        ],
    ),
    (
        "however-between-commas",
        "The army said 6 soldiers died. Residents, however, said at least 20 soldiers were killed.",
        "en",
        [("Malian army", K, 6, 6, SOL), ("residents", K, 20, None, SOL)],
    ),
    (
        "adverb-inside-the-verb-fr",
        "L'armée affirme avoir neutralisé 30 terroristes. Des sources locales font plutôt état "
        "de 18 civils tués.",
        "fr",
        [("Malian army", K, 30, 30, MIL), ("residents", K, 18, 18, CIV)],
    ),
    (
        "acronym-in-title-case-fr",
        "Le Jnim a revendiqué l'attaque. Dans un message, le groupe affirme avoir tué 22 "
        "militaires.",
        "fr",
        [("JNIM", K, 22, 22, SOL)],
    ),
    (
        "the-outlets-own-information-fr",
        "Selon nos informations, au moins 9 civils ont été tués.",
        "fr",
        [(OUTLET, K, 9, None, CIV)],
    ),
    (
        "taken-people-en",
        "Four people were taken from the village, the mayor said.",
        "en",
        [("local officials", A, 4, 4, CIV)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in CARRIED + RECALLS + QUOTES + NEAREST],
    ids=[row[0] for row in CARRIED + RECALLS + QUOTES + NEAREST],
)
def test_claimants(text: str, language: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(text, language) == expected


def test_source_markers_in_reading_order() -> None:
    clause = "Cinq morts pour le maire, huit selon des habitants."
    markers = source_markers(clause, NO_GROUPS)
    assert [names for _, names in markers] == [("local officials",), ("residents",)]
    assert nearest_source(markers, 0) == ("local officials",)
    assert nearest_source(markers, clause.index("huit")) == ("residents",)


def test_one_source_leaves_the_choice_to_the_clause() -> None:
    markers = source_markers("Cinq morts, selon le maire.", NO_GROUPS)
    assert nearest_source(markers, 0) is None


def test_pour_is_no_source_inside_a_phrase() -> None:
    assert source_markers("Une victoire pour l'armée malienne dans la région.", NO_GROUPS) == []


def test_running_quote_belongs_to_the_speaker_after_it() -> None:
    discourse = Discourse(NO_GROUPS)
    discourse.read_quotes(["« Ils ont tué six hommes.", "Puis ils sont partis », dit un habitant."])
    assert discourse.quoted == {0: ("residents",), 1: ("residents",)}


def test_a_sentence_without_source_or_figure_ends_the_carried_speaker() -> None:
    discourse = Discourse(NO_GROUPS)
    discourse.close_sentence("The army said so.", [("Malian army",)], has_figures=True)
    assert discourse.claimant(1, [None], [0], 0) == ("Malian army",)
    discourse.close_sentence("The weather was dry.", [None], has_figures=False)
    assert discourse.claimant(2, [None], [0], 0) is None


# Round 3: sources a wire story names in other ways (restated subjects, media, gapped verbs).
SOURCES = [
    (
        "restated-subject-fr",
        "Selon des habitants, douze civils ont été tués. Le gouverneur, lui, annonce cinq morts "
        "et affirme que sept assaillants ont été neutralisés.",
        "fr",
        [
            ("residents", K, 12, 12, CIV),
            ("local officials", K, 5, 5, CIV),
            ("local officials", K, 7, 7, MIL),
        ],
    ),
    (
        "restated-subject-en",
        "According to villagers, twelve civilians were killed. The army, for its part, said "
        "seven assailants had been neutralised.",
        "en",
        [("residents", K, 12, 12, CIV), ("Malian army", K, 7, 7, MIL)],
    ),
    (
        "medium-as-subject-en",
        "The UN said at least 14 civilians were killed. Reuters had reported that 11 people died.",
        "en",
        [("UN", K, 14, None, CIV), ("reuters.com", K, 11, 11, CIV)],
    ),
    (
        "medium-as-subject-fr",
        "L'armée parle de quatre morts. RFI avait rapporté que neuf soldats avaient été tués.",
        "fr",
        [("Malian army", K, 4, 4, SOL), ("rfi.fr", K, 9, 9, SOL)],
    ),
    (
        "medium-only-carries-fr",
        "Un élu local joint par RFI a fait état de six corps.",
        "fr",
        [("local officials", K, 6, 6, UNS)],
    ),
    (
        "time-before-postposed-speaker-fr",
        "Le nombre de morts est passé à treize, a indiqué vendredi soir le préfet.",
        "fr",
        [("local officials", K, 13, 13, UNS)],
    ),
    (
        "time-before-postposed-speaker-en",
        "Thirteen people died, said on Friday a local official.",
        "en",
        [("local officials", K, 13, 13, UNS)],
    ),
    (
        "one-of-them-fr",
        "L'armée dit avoir tué dix terroristes. Des rescapés racontent une autre histoire. "
        "« Ils ont tué au moins quinze bergers », affirme l'un d'eux.",
        "fr",
        [("Malian army", K, 10, 10, MIL), ("residents", K, 15, None, CIV)],
    ),
    (
        "one-of-them-en",
        "The army said it killed ten terrorists. Survivors tell another story. "
        '"They killed at least fifteen herders," one of them said.',
        "en",
        [("Malian army", K, 10, 10, MIL), ("residents", K, 15, None, CIV)],
    ),
    (
        "selon-elle-in-sentence-fr",
        "L'armée annonce six morts. Une source sécuritaire évoque un bilan plus lourd : selon "
        "elle, au moins onze militaires ont péri.",
        "fr",
        [("Malian army", K, 6, 6, SOL), ("security sources", K, 11, None, SOL)],
    ),
    (
        "gapped-verb-fr",
        "L'armée parle de trois morts dans ses rangs, le JNIM d'une trentaine de soldats tués.",
        "fr",
        [("Malian army", K, 3, 3, SOL), ("JNIM", K, 24, 36, SOL)],
    ),
    (
        "gapped-verb-en",
        "The army spoke of three dead soldiers, and the rebels of more than 20 soldiers killed.",
        "en",
        [("Malian army", K, 3, 3, SOL), ("CSP-DPA", K, 21, None, SOL)],
    ),
    (
        "gave-a-toll-en",
        "The army said five civilians were killed. The mayor gave reporters a higher toll of "
        "nine dead.",
        "en",
        [("Malian army", K, 5, 5, CIV), ("local officials", K, 9, 9, CIV)],
    ),
    (
        "local-authorities-fr",
        "Les autorités communales avaient parlé d'une vingtaine de personnes enlevées.",
        "fr",
        [("local officials", A, 16, 24, CIV)],
    ),
    # a medium named as the author of a report speaks for its figure (asides included)
    (
        "report-of-medium-fr",
        "Une dépêche de l'AFP, écrite depuis Gao après la visite du camp, fait état de "
        "onze soldats tués.",
        "fr",
        [("afp.com", K, 11, 11, SOL)],
    ),
    (
        "report-by-medium-en",
        "A report by Reuters, citing no source, said eleven soldiers were killed.",
        "en",
        [("reuters.com", K, 11, 11, SOL)],
    ),
    (
        "medium-tally-en",
        "An AFP tally on Monday said eleven soldiers died.",
        "en",
        [("afp.com", K, 11, 11, SOL)],
    ),
    (
        "told-medium-still-speaker-en",
        "The mayor told an AFP reporter that eleven herders died.",
        "en",
        [("local officials", K, 11, 11, CIV)],
    ),
    (
        "according-to-paper-en",
        "Eleven herders were killed, according to The Guardian.",
        "en",
        [("theguardian.com", K, 11, 11, CIV)],
    ),
    # the claim of an attack is not a claim of its toll: the relative clause is the outlet's
    (
        "claimed-attack-that-killed-en",
        "An Islamic State affiliate claimed the raid that killed nine gendarmes.",
        "en",
        [(OUTLET, K, 9, 9, SOL)],
    ),
    (
        "revendique-attaque-qui-fr",
        "Le groupe a revendiqué l'embuscade qui a coûté la vie à neuf gendarmes.",
        "fr",
        [(OUTLET, K, 9, 9, SOL)],
    ),
    (
        "claimed-attack-saying-en",
        "The JNIM claimed the raid, saying its fighters killed nine gendarmes.",
        "en",
        [("JNIM", K, 9, 9, SOL)],
    ),
    (
        "selon-journal-fr",
        "Onze bergers ont été tués, selon Le Figaro.",
        "fr",
        [("lefigaro.fr", K, 11, 11, CIV)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [row[1:] for row in SOURCES],
    ids=[row[0] for row in SOURCES],
)
def test_named_sources(text: str, language: str, expected: list[tuple[object, ...]]) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Un blessé est mort dans la nuit, portant à douze le nombre de morts, a indiqué "
            "samedi la gendarmerie.",
            "fr",
            [("Malian army", K, 12, 12, UNS)],
        ),
        (
            "One of the injured died overnight, bringing to twelve the death toll, the governor "
            "said on Saturday.",
            "en",
            [("local officials", K, 12, 12, UNS)],
        ),
        (
            "Le gouverneur porte le bilan à douze morts.",
            "fr",
            [("local officials", K, 12, 12, UNS)],
        ),
        (
            "A nurse at the district hospital, where the wounded were taken, said six bodies "
            "had been brought in.",
            "en",
            [("medical sources", K, 6, 6, UNS)],
        ),
    ],
    ids=["portant-a-fr", "bringing-to-en", "porte-le-bilan-fr", "aside-with-a-casualty-word"],
)
def test_tolls_raised_to_and_their_speakers(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Pour l'armée, la situation est sous contrôle. Douze civils ont été tués dimanche.",
            "fr",
            [(OUTLET, K, 12, 12, CIV)],
        ),
        (
            "For the army, the area is secure. Twelve civilians were killed on Sunday.",
            "en",
            [(OUTLET, K, 12, 12, CIV)],
        ),
        (
            "Pour l'armée, douze terroristes ont été neutralisés.",
            "fr",
            [("Malian army", K, 12, 12, MIL)],
        ),
        (
            '"They killed at least twelve herders," the 52-year-old told reporters.',
            "en",
            [("residents", K, 12, None, CIV)],
        ),
        (
            "« Ils ont tué au moins douze bergers », raconte un homme âgé de 52 ans.",
            "fr",
            [("residents", K, 12, None, CIV)],
        ),
        (
            "A 40-year-old trader was killed, the mayor said.",
            "en",
            [("local officials", K, 1, 1, CIV)],
        ),
    ],
    ids=[
        "opinion-frame-fr",
        "opinion-frame-en",
        "pour-with-a-figure-fr",
        "witness-by-age-en",
        "witness-by-age-fr",
        "victim-by-age-is-no-speaker",
    ],
)
def test_opinion_frames_and_witnesses(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "L'armée parle de quatre morts, et des témoins de près de dix.",
            "fr",
            [("Malian army", K, 4, 4, UNS), ("residents", K, 9, 10, UNS)],
        ),
        (
            "The army spoke of four dead, and witnesses of nearly ten.",
            "en",
            [("Malian army", K, 4, 4, UNS), ("residents", K, 9, 10, UNS)],
        ),
    ],
    ids=["fr", "en"],
)
def test_a_gapped_figure_leans_on_the_first(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "The army's toll of 7 dead is far below the 30 counted by residents.",
            "en",
            [("Malian army", K, 7, 7, UNS), ("residents", K, 30, 30, UNS)],
        ),
        (
            "Le bilan de l'armée, sept morts, est loin des 30 comptés par les habitants.",
            "fr",
            [("Malian army", K, 7, 7, UNS), ("residents", K, 30, 30, UNS)],
        ),
        (
            "The army said 12 soldiers were killed. JNIM claimed 40.",
            "en",
            [("Malian army", K, 12, 12, SOL), ("JNIM", K, 40, 40, SOL)],
        ),
        (
            "A Dan Na Ambassagou commander said seven of his men were killed.",
            "en",
            [("Dan Na Ambassagou", K, 7, 7, SOL)],
        ),
    ],
    ids=["owned-toll-en", "owned-toll-fr", "bare-figure-after-claimed", "his-men"],
)
def test_owned_tolls_and_bare_figures(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Le préfet a rencontré les familles. Selon lui, 14 personnes ont été tuées.", "fr"),
        ("The governor met the families. According to him, 14 people were killed.", "en"),
    ],
    ids=["fr", "en"],
)
def test_selon_lui_is_the_subject_of_the_sentence_before(text: str, language: str) -> None:
    assert rows(text, language) == [("local officials", K, 14, 14, UNS)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "Le bilan de l'attaque est désormais de neuf morts. Deux blessés ont succombé dans la "
            "nuit, a annoncé jeudi le maire.",
            "fr",
            [("local officials", K, 9, 9, UNS)],
        ),
        (
            "The toll from the attack now stands at nine dead. Two of the wounded died overnight, "
            "the mayor said on Thursday.",
            "en",
            [("local officials", K, 9, 9, UNS)],
        ),
        (
            "The toll from the attack now stands at nine dead. The mayor said the village was "
            "calm on Thursday.",
            "en",
            [(OUTLET, K, 9, 9, UNS)],
        ),
    ],
    ids=["explained-next-fr", "explained-next-en", "next-sentence-not-about-the-dead"],
)
def test_a_toll_explained_by_a_source_in_the_next_sentence(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            'Residents counted 31 bodies, the mayor spoke of 25 and the army of 12 "terrorists".',
            "en",
            [
                ("residents", K, 31, 31, UNS),
                ("local officials", K, 25, 25, UNS),
                ("Malian army", K, 12, 12, MIL),
            ],
        ),
        (
            "Les habitants ont compté 31 corps, le maire parle de 25 morts et l'armée de 12 "
            "« terroristes ».",
            "fr",
            [
                ("residents", K, 31, 31, UNS),
                ("local officials", K, 25, 25, UNS),
                ("Malian army", K, 12, 12, MIL),
            ],
        ),
        (
            "The UN said at least 20 people died, while a hospital source put the toll at 27 and "
            "residents at more than 30.",
            "en",
            [
                ("UN", K, 20, None, UNS),
                ("medical sources", K, 27, 27, UNS),
                ("residents", K, 31, None, UNS),
            ],
        ),
        (
            "L'ONU fait état d'au moins 20 morts, une source hospitalière de 27 et des habitants "
            "de plus de 30.",
            "fr",
            [
                ("UN", K, 20, None, UNS),
                ("medical sources", K, 27, 27, UNS),
                ("residents", K, 31, None, UNS),
            ],
        ),
        (
            "Un notable dit avoir compté 17 corps, dont ceux de trois femmes.",
            "fr",
            [("residents", K, 17, 17, CIV)],
        ),
    ],
    ids=["three-en", "three-fr", "put-at-en", "fait-etat-fr", "subgroup-is-no-gap"],
)
def test_several_claimants_in_one_sentence(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


# Issue 10: who gives the figure in reporting of the real splits' kinds (sentences invented).
REAL_REPORTING = [
    (
        "time-and-medium-before-postposed-subject-fr",
        "Six bergers ont été tués près de Ténenkou, a déclaré mardi à l'AFP le ministre malien "
        "de la Sécurité.",
        "fr",
        [("Malian army", K, 6, 6, CIV)],
    ),
    (
        "time-and-medium-before-postposed-subject-en",
        "Six herders were killed near Tenenkou, said on Tuesday to Reuters the security minister.",
        "en",
        [("Malian army", K, 6, 6, CIV)],
    ),
    (
        "minister-by-portfolio-en",
        "Four attackers were killed, Security Minister General Diarra told reporters.",
        "en",
        [("Malian army", K, 4, 4, MIL)],
    ),
    (
        "sticks-to-its-toll-fr",
        "Des habitants parlent de 40 morts. Le gouvernement, lui, s'en tient à un bilan de 22 "
        "morts.",
        "fr",
        [("residents", K, 40, 40, UNS), ("Malian army", K, 22, 22, UNS)],
    ),
    (
        "framed-sentence-keeps-its-source-after-semicolon-fr",
        "Selon le communiqué de l'armée, 3 soldats ont été tués ; 12 assaillants ont aussi été "
        "neutralisés.",
        "fr",
        [("Malian army", K, 3, 3, SOL), ("Malian army", K, 12, 12, MIL)],
    ),
    (
        "framed-sentence-keeps-its-source-after-semicolon-en",
        "According to the army, 3 soldiers were killed; 12 attackers were also neutralised.",
        "en",
        [("Malian army", K, 3, 3, SOL), ("Malian army", K, 12, 12, MIL)],
    ),
    (
        "tandis-qu-cuts-a-clause-fr",
        "L'armée a annoncé 4 morts, tandis qu'un élu local a parlé de 9 civils tués.",
        "fr",
        [("Malian army", K, 4, 4, CIV), ("local officials", K, 9, 9, CIV)],
    ),
    (
        "confirmation-makes-a-joint-claim-en",
        "Two farmers were killed near the village, a resident said. An army spokesman confirmed "
        "the toll on Friday.",
        "en",
        [("residents + Malian army", K, 2, 2, CIV)],
    ),
    (
        "confirmation-makes-a-joint-claim-fr",
        "Deux cultivateurs ont été tués près du village, selon un habitant. Ce bilan a été "
        "confirmé vendredi par un porte-parole de l'armée.",
        "fr",
        [("residents + Malian army", K, 2, 2, CIV)],
    ),
    (
        "witnesses-told-the-rights-group-en",
        "Amnesty International published a report on Monday. Witnesses told the rights group "
        "that 11 villagers were killed.",
        "en",
        [("Amnesty International", K, 11, 11, CIV)],
    ),
    (
        "witnesses-told-the-ngo-fr",
        "Amnesty International a publié un rapport lundi. Des témoins ont raconté à l'ONG que 11 "
        "villageois ont été tués.",
        "fr",
        [("Amnesty International", K, 11, 11, CIV)],
    ),
    (
        "the-speaker-acting-keeps-its-voice-fr",
        "Dans un communiqué, le MPUSCB fait état de 6 morts. Le MPUSCB présente ses condoléances "
        "aux familles. Il déplore aussi 3 blessés.",
        "fr",
        [("MPUSCB", K, 6, 6, UNS), ("MPUSCB", INJ, 3, 3, UNS)],
    ),
    (
        "the-speaker-acting-keeps-its-voice-en",
        "In a statement, Tabital Pulaaku said 6 villagers were killed. The association called "
        "for an inquiry. It said 3 others were wounded.",
        "en",
        [("Tabital Pulaaku", K, 6, 6, CIV), ("Tabital Pulaaku", INJ, 3, 3, CIV)],
    ),
    (
        "actors-in-a-quote-are-not-the-verbs-subject-en",
        'A Malian military source told AFP 9 peacekeepers died. "Gunmen attacked the MINUSMA '
        'convoy and killed 9," said the source.',
        "en",
        [("security sources", K, 9, 9, SOL)],
    ),
    (
        "a-foreign-army-is-no-malian-army-fr",
        "L'armée française a annoncé avoir neutralisé une vingtaine de jihadistes.",
        "fr",
        [("French army", K, 16, 24, MIL)],
    ),
    (
        "a-foreign-army-is-no-malian-army-en",
        "The French army said it had killed about 20 jihadists.",
        "en",
        [("French army", K, 18, 22, MIL)],
    ),
]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [case[1:] for case in REAL_REPORTING],
    ids=[case[0] for case in REAL_REPORTING],
)
def test_claimants_of_real_reporting(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected


# Issue 10, round 2: who gives each figure in wire and local-press constructions (EN and FR).
ROUND_TWO = [
    (
        "quote-en",
        '"Villagers told me that eight herders were killed," said Jane Roe, a researcher at Human '
        "Rights Watch.",
        "en",
        [("Human Rights Watch", K, 8, 8, CIV)],
    ),
    (
        "quote-anaphor-en",
        'Amnesty International said civilians died. "Residents told me that eight herders were '
        'killed," said Jane Roe, a researcher at the London-based group.',
        "en",
        [("Amnesty International", K, 8, 8, CIV)],
    ),
    (
        "quote-fr",
        "« Des habitants m'ont dit que huit bergers ont été tués », a déclaré Marie Dupont, "
        "chercheuse à Amnesty International.",
        "fr",
        [("Amnesty International", K, 8, 8, CIV)],
    ),
    (
        "postposed-joint-fr",
        "Au moins 14 civils ont été tués dimanche, ont indiqué à l'AFP un élu local et une source "
        "sécuritaire.",
        "fr",
        [("local officials + security sources", K, 14, None, CIV)],
    ),
    (
        "preposed-joint-en",
        "At least 14 civilians were killed on Sunday, a local official and a security source told "
        "AFP.",
        "en",
        [("local officials + security sources", K, 14, None, CIV)],
    ),
    (
        "postposed-title-fr",
        "Onze soldats ont été tués, a affirmé ce jeudi à Ouagadougou Ahmed Ag Moussa, l'un des "
        "porte-parole du MNLA.",
        "fr",
        [("MNLA", K, 11, 11, SOL)],
    ),
    (
        "postposed-title-en",
        "Eleven soldiers were killed, said on Thursday in Kidal Ahmed Ag Moussa, a spokesman for "
        "the MNLA.",
        "en",
        [("MNLA", K, 11, 11, SOL)],
    ),
    (
        "role-en",
        "A UN official said 6 peacekeepers were wounded.",
        "en",
        [("UN", INJ, 6, 6, SOL)],
    ),
    (
        "role-fr",
        "Un responsable de l'ONU a fait état de six casques bleus blessés.",
        "fr",
        [("UN", INJ, 6, 6, SOL)],
    ),
    (
        "ngo-en",
        "The army said on Monday that 4 soldiers were killed. Amnesty International had earlier "
        "published a report on the region. The NGO said 15 villagers were executed.",
        "en",
        [("Malian army", K, 4, 4, SOL), ("Amnesty International", K, 15, 15, CIV)],
    ),
    (
        "ngo-fr",
        "L'armée a affirmé lundi que 4 soldats ont été tués. Amnesty International enquête depuis "
        "des mois dans la région. Selon l'ONG, 15 villageois ont été exécutés.",
        "fr",
        [("Malian army", K, 4, 4, SOL), ("Amnesty International", K, 15, 15, CIV)],
    ),
    (
        "mouvement-fr",
        "Le MNLA a revendiqué l'attaque. L'armée a fait état de 3 soldats tués. Le mouvement "
        "affirme avoir tué 20 soldats.",
        "fr",
        [("Malian army", K, 3, 3, SOL), ("MNLA", K, 20, 20, SOL)],
    ),
    (
        "group-en",
        "JNIM claimed the attack. The army said 3 soldiers were killed. The group said it killed "
        "20 soldiers.",
        "en",
        [("Malian army", K, 3, 3, SOL), ("JNIM", K, 20, 20, SOL)],
    ),
    (
        "ministere-fr",
        "Le ministère de la Défense a publié un communiqué lundi. Le ministère fait état de 12 "
        "assaillants neutralisés.",
        "fr",
        [("Malian army", K, 12, 12, MIL)],
    ),
    (
        "mission-en",
        "MINUSMA sent a team to the village. The army said 3 soldiers died. The mission said 9 "
        "civilians were killed.",
        "en",
        [("Malian army", K, 3, 3, SOL), ("UN", K, 9, 9, CIV)],
    ),
    (
        "centering-en",
        "JNIM said its fighters killed 10 soldiers. Mali's government has not released a toll for "
        "the attack. It said on Tuesday that 3 soldiers died in the ambush.",
        "en",
        [("JNIM", K, 10, 10, SOL), ("Malian army", K, 3, 3, SOL)],
    ),
    (
        "centering-fr",
        "Le Jnim affirme avoir tué 10 soldats. Le gouvernement malien n'a pas publié de bilan de "
        "l'attaque. Il a annoncé mardi la mort de 3 soldats.",
        "fr",
        [("JNIM", K, 10, 10, SOL), ("Malian army", K, 3, 3, SOL)],
    ),
    (
        "confirmed-en",
        '"Four civilians died," said a local official, whose account was confirmed by a hospital '
        "source.",
        "en",
        [("local officials + medical sources", K, 4, 4, CIV)],
    ),
    (
        "confirmed-fr",
        "Ce bilan de quatre morts a été transmis par des habitants et confirmé par une source "
        "hospitalière.",
        "fr",
        [("residents + medical sources", K, 4, 4, UNS)],
    ),
    (
        "gathered-en",
        "According to information gathered by Amnesty International from witnesses, 9 traders "
        "were killed.",
        "en",
        [("Amnesty International", K, 9, 9, CIV)],
    ),
    (
        "gathered-fr",
        "Selon des informations recueillies par Amnesty International auprès de témoins, 9 "
        "commerçants ont été tués.",
        "fr",
        [("Amnesty International", K, 9, 9, CIV)],
    ),
    (
        "recall-en",
        "Residents said 12 villagers were killed on Sunday. Last March, gunmen killed 30 people "
        "in the same village.",
        "en",
        [("residents", K, 12, 12, CIV), (OUTLET, K, 30, 30, CIV)],
    ),
    (
        "recall-fr",
        "Selon des habitants, 12 villageois ont été tués dimanche. Il y a un an, des hommes armés "
        "avaient tué 30 personnes dans le même village.",
        "fr",
        [("residents", K, 12, 12, CIV), (OUTLET, K, 30, 30, CIV)],
    ),
    (
        "postmod-en",
        "JNIM claimed the attack. The group says 30 soldiers were wounded, one more than the 29 "
        "reported by the army.",
        "en",
        [("JNIM", INJ, 30, 30, SOL), ("Malian army", INJ, 29, 29, SOL)],
    ),
    (
        "postmod-fr",
        "Le Jnim affirme avoir blessé 30 soldats, contre 29 blessés annoncés par l'armée.",
        "fr",
        [("JNIM", INJ, 30, 30, SOL), ("Malian army", INJ, 29, 29, SOL)],
    ),
    (
        "aside-en",
        "A local official from Bankass, about 60 kilometres away, said 19 farmers were killed.",
        "en",
        [("local officials", K, 19, 19, CIV)],
    ),
    (
        "aside-fr",
        "Un élu de Bankass, à une soixantaine de kilomètres de là, a affirmé que 19 cultivateurs "
        "ont été tués.",
        "fr",
        [("local officials", K, 19, 19, CIV)],
    ),
    (
        "puttoll-en",
        "The army put a provisional toll at 25, but a UN source said at least 33 had died.",
        "en",
        [("Malian army", K, 25, 25, UNS), ("UN", K, 33, None, UNS)],
    ),
    (
        "donnent-fr",
        "Deux responsables locaux donnent un bilan de 26 morts.",
        "fr",
        [("local officials", K, 26, 26, UNS)],
    ),
    (
        "officer-en",
        '"There are 12 dead," an army officer told AFP.',
        "en",
        [("security sources", K, 12, 12, UNS)],
    ),
    (
        "officer-fr",
        "« Il y a 12 morts », a déclaré à l'AFP un officier de l'armée.",
        "fr",
        [("security sources", K, 12, 12, UNS)],
    ),
    (
        "ortm-fr",
        "La télévision publique ORTM avait annoncé un bilan de 136 morts.",
        "fr",
        [("ortm.ml", K, 136, 136, UNS)],
    ),
    (
        "ortm-en",
        "Mali's state broadcaster had earlier reported 60 dead.",
        "en",
        [("ortm.ml", K, 60, 60, UNS)],
    ),
    (
        "quoted-word-fr",
        "Selon un bilan « définitif » du gouvernement, l'attaque a fait 19 morts.",
        "fr",
        [("Malian army", K, 19, 19, UNS)],
    ),
    (
        "quoted-word-en",
        'According to a "final" toll from the government, 19 people died.',
        "en",
        [("Malian army", K, 19, 19, UNS)],
    ),
    (
        "selon-lesquelles-fr",
        "Le gouvernement a promis d'enquêter sur des accusations selon lesquelles l'armée aurait "
        "tué 12 civils.",
        "fr",
        [(OUTLET, K, 12, 12, CIV)],
    ),
    (
        "village-chief-en",
        "The village chief said 7 herders were killed.",
        "en",
        [("residents", K, 7, 7, CIV)],
    ),
    (
        "village-chief-fr",
        "Selon le chef du village, 7 bergers ont été tués.",
        "fr",
        [("residents", K, 7, 7, CIV)],
    ),
]

JOINT_TOLD_TWICE = [
    (
        "joint-alone-en",
        "A police source and a local official put the number of dead at 19.",
        "en",
        [("security sources + local officials", K, 19, 19, UNS)],
    ),
    (
        "joint-told-by-each-en",
        'A police source and a local official put the number of dead at 19. "There are 19 '
        'dead," the police source said. An elected official said 19 farmers were killed.',
        "en",
        [("security sources", K, 19, 19, UNS), ("local officials", K, 19, 19, CIV)],
    ),
    (
        "joint-told-by-each-fr",
        "Une source policière et un élu local ont donné un bilan de 19 morts. « Il y a 19 morts "
        "», a déclaré la source policière. Un élu a affirmé que 19 cultivateurs ont été tués.",
        "fr",
        [("security sources", K, 19, 19, UNS), ("local officials", K, 19, 19, CIV)],
    ),
]
ROUND_TWO += JOINT_TOLD_TWICE


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [case[1:] for case in ROUND_TWO],
    ids=[case[0] for case in ROUND_TWO],
)
def test_who_gives_each_figure(
    text: str, language: str, expected: list[tuple[object, ...]]
) -> None:
    assert rows(text, language) == expected
