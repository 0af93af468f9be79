"""Claimants: alias table and attribution patterns (codebook §4)."""

from __future__ import annotations

import csv

import pytest

from feeds.analysis.claims.actors import ACTORS_CSV, load_actors, separatist_of, story_groups
from feeds.analysis.claims.attribution import attribute
from feeds.analysis.claims.victims import own_side
from feeds.model import VictimKind

CANONICAL = {
    "Malian army",
    "CSP-DPA",
    "FLA",
    "CDRAP",
    "JNIM",
    "IS Sahel",
    "Wagner / Africa Corps",
    "UN",
    "Human Rights Watch",
    "Amnesty International",
    "local officials",
    "residents",
    "medical sources",
    "security sources",
}
KINDS = {"state", "armed group", "separatist", "UN/NGO", "local", "media"}
NO_GROUPS = {"separatist": "CSP-DPA"}


def test_seed_table_has_the_codebook_names_and_kinds() -> None:
    with ACTORS_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) == {"canonical", "kind", "alias", "language"}
    assert {row["canonical"] for row in rows} >= CANONICAL
    assert {row["kind"] for row in rows} <= KINDS
    assert {row["language"] for row in rows} <= {"en", "fr"}
    media = {row["canonical"] for row in rows if row["kind"] == "media"}
    assert all("." in name for name in media)  # media are named by their domain


ALIASES = [
    ("fama", "Les FAMa ont riposté.", "Malian army"),
    ("armee-malienne", "L'armée malienne a riposté.", "Malian army"),
    ("general-staff-fr", "l'état-major général des armées a publié un texte", "Malian army"),
    ("the-junta", "The junta has not commented.", "Malian army"),
    ("army-spokesman", "An army spokesman spoke.", "Malian army"),
    ("cdrap-long-en", "The Collective for the Defense of the Rights of the Azawad People", "CDRAP"),
    ("cdrap-long-fr", "le Collectif pour la défense des droits du peuple de l'Azawad", "CDRAP"),
    ("fla-fr", "le Front de libération de l'Azawad", "FLA"),
    ("fla-en", "the Azawad Liberation Front", "FLA"),
    ("csp-long", "the Strategic Framework for the Defense of the People of Azawad", "CSP-DPA"),
    ("jnim-gsim", "le GSIM a revendiqué", "JNIM"),
    ("is-sahel-eigs", "l'EIGS a attaqué", "IS Sahel"),
    ("wagner", "Russian mercenaries from the Wagner group", "Wagner / Africa Corps"),
    ("un-acronym", "the UN said", "UN"),
    ("minusma", "la Minusma", "UN"),
    ("hrw", "HRW documented", "Human Rights Watch"),
    ("mayor-fr", "le maire de la commune", "local officials"),
    ("elu-local", "un élu local", "local officials"),
    ("residents-fr", "des habitants joints par téléphone", "residents"),
    ("witness", "a witness told AFP", "residents"),
    ("hospital-fr", "une source hospitalière", "medical sources"),
    ("security-fr", "une source sécuritaire", "security sources"),
    # armed groups of the 2012–2020 period, by acronym and by name
    ("maa-acronym", "the MAA said on Tuesday", "MAA"),
    ("maa-long-en", "the Arab Movement of the Azawad claimed", "MAA"),
    ("maa-long-fr", "le Mouvement arabe pour l'Azawad a affirmé", "MAA"),
    ("dozo-en", "Dozo hunters said they lost three men", "Dozo"),
    ("dozo-fr", "les chasseurs dozos ont affirmé", "Dozo"),
    ("ganda-izo", "the Ganda Izo militia said", "Ganda Izo"),
    ("ganda-koy", "la milice Ganda Koy a indiqué", "Ganda Koy"),
    # media cited by others are their domains
    ("the-independent", "according to The Independent", "independent.co.uk"),
    ("anadolu-fr", "a rapporté l'agence Anadolu", "aa.com.tr"),
    ("journal-du-mali", "selon Journal du Mali", "journaldumali.com"),
]


@pytest.mark.parametrize(
    ("text", "canonical"), [row[1:] for row in ALIASES], ids=[row[0] for row in ALIASES]
)
def test_aliases_map_to_one_canonical_name(text: str, canonical: str) -> None:
    found = [m.actor.canonical for m in load_actors().find(text)]
    assert found[:1] == [canonical]


def test_french_article_un_is_not_the_un() -> None:
    assert load_actors().find("un homme a été tué dans un village") == []


ATTRIBUTIONS = [
    (
        "according-to",
        "18 people were killed, according to Human Rights Watch.",
        ("Human Rights Watch",),
    ),
    ("x-said", "The army said 11 terrorists were killed.", ("Malian army",)),
    ("x-told-afp", "18 died, a local official told AFP.", ("local officials",)),
    ("said-x", "Eleven died, said the mayor.", ("local officials",)),
    ("selon", "18 morts, selon des habitants.", ("residents",)),
    ("d-apres", "D'après une source sécuritaire, 12 soldats ont été tués.", ("security sources",)),
    ("a-indique-x", "12 morts, a indiqué le maire.", ("local officials",)),
    ("x-a-affirme", "L'armée a affirmé avoir neutralisé 11 terroristes.", ("Malian army",)),
    ("contradicted", "Mali's army contradicted this account.", ("Malian army",)),
    (
        "spokesman-of",
        "Mohamed Elmaouloud Ramadane, spokesman of the CSP, said 30 died.",
        ("CSP-DPA",),
    ),
    (
        "joint",
        "18 died, according to a local official and the rebels.",
        ("local officials", "CSP-DPA"),
    ),
    (
        "joint-fr",
        "Selon des sources locales et sécuritaires, 18 soldats ont péri.",
        ("residents", "security sources"),
    ),
    (
        "media-reached-by",
        "Selon un élu local joint par RFI, 40 passagers enlevés.",
        ("local officials",),
    ),
    (
        "said-to-medium-x",
        "18 civils tués, a déclaré à l'AFP le maire de la commune.",
        ("local officials",),
    ),
    (
        "joint-elliptic-en",
        "18 soldiers died, according to local and security sources.",
        ("residents", "security sources"),
    ),
    ("citing", "Reuters, citing a local official, said 18 people died.", ("local officials",)),
    ("accusations-from", "accusations from the FLA that the army executed 24 people", ("FLA",)),
]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [row[1:] for row in ATTRIBUTIONS],
    ids=[row[0] for row in ATTRIBUTIONS],
)
def test_attribution_patterns(clause: str, expected: tuple[str, ...]) -> None:
    assert attribute(clause, groups=NO_GROUPS, last_speaker=None) == expected


@pytest.mark.parametrize(
    "clause",
    [
        "The group said 7 were injured.",
        "It added that 12 others were captured.",
        "Quelques personnes sont portées disparues, ajoute-t-il.",
    ],
    ids=["the-group-said", "it-added", "ajoute-t-il"],
)
def test_reported_speech_points_back_at_the_last_speaker(clause: str) -> None:
    assert attribute(clause, groups=NO_GROUPS, last_speaker=("CDRAP",)) == ("CDRAP",)


def test_unattributed_clause_has_no_claimant() -> None:
    assert (
        attribute("18 people were killed in the attack.", groups=NO_GROUPS, last_speaker=("CDRAP",))
        is None
    )


def test_speaker_is_not_someone_named_before_the_figure() -> None:
    clause = "A strike by Mali's army killed 18 people, a Tuareg rights group said."
    groups = {"separatist": "CDRAP"}
    assert attribute(clause, groups=groups, last_speaker=None) == ("CDRAP",)


def test_generic_group_resolves_to_the_group_the_story_names() -> None:
    story = (
        "a Tuareg separatist group said... The Collective for the Defense of the Rights of "
        "the Azawad People reported... the Front for the Liberation of Azawad"
    )
    groups = story_groups(load_actors().find(story))
    assert groups["separatist"] == "CDRAP"
    clause = "killed at least 18 people, according to a Tuareg separatist group"
    assert attribute(clause, groups=groups, last_speaker=None) == ("CDRAP",)


def test_each_alias_is_listed_once() -> None:
    with ACTORS_CSV.open(encoding="utf-8", newline="") as handle:
        aliases = [row["alias"] for row in csv.DictReader(handle)]
    table = load_actors()
    spelled = [key for key in table.actors if not key.startswith("1 ")]
    assert len(spelled) == len(aliases)


def test_an_alias_with_un_matches_after_numbers_became_digits() -> None:
    clause = '"Nous avons vu 4 corps", affirme 1 commerçant du marché.'
    assert attribute(clause, groups=NO_GROUPS, last_speaker=None) == ("residents",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Diocese of Kita said on Monday", ["Diocese of Kita"]),
        ("le diocèse de Ségou a annoncé", ["Diocese of Ségou"]),
        ("the Archdiocese of Bamako said", ["Archdiocese of Bamako"]),
        ("the Catholic diocese covering the Kayes region said", ["Diocese of Kayes"]),
        ("the diocese serving the Sikasso area said", ["Diocese of Sikasso"]),
        ("FLA spokesman Mohamed Elmaouloud Ramadane said", ["FLA"]),
        ("le porte-parole du FLA, Mohamed Elmaouloud Ramadane, a dit", ["FLA"]),
        ("Mohamed Elmaouloud Ramadane, spokesman of the CSP", ["CSP-DPA", "CSP-DPA"]),
        ("the FLA, Mohamed Elmaouloud Ramadane and others", ["FLA", "CSP-DPA"]),
        ("the Movement for the Salvation of Azawad (MSA)", ["MSA", "MSA"]),
        ("les autorités du cercle ont indiqué", ["local officials"]),
        ("les autorités ont indiqué", ["Malian army"]),
        ("ISIL's Sahel affiliate said", ["IS Sahel"]),
    ],
)
def test_named_bodies_pro_government_groups_and_titles(text: str, expected: list[str]) -> None:
    assert [m.actor.canonical for m in load_actors().find(text)] == expected


def test_a_pro_government_militia_loses_soldiers_and_kills_militants() -> None:
    assert own_side("MSA", VictimKind.UNSPECIFIED) is VictimKind.SOLDIERS
    assert own_side("FLA", VictimKind.UNSPECIFIED) is VictimKind.MILITANTS
    assert own_side("Ganda Izo", VictimKind.UNSPECIFIED) is VictimKind.SOLDIERS
    assert own_side("MAA", VictimKind.UNSPECIFIED) is VictimKind.MILITANTS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The National Union of Transporters said", ["National Union of Transporters"]),
        ("selon le Syndicat national des enseignants", ["Syndicat national des enseignants"]),
        ("a trade union said", []),
    ],
)
def test_unions_are_named_as_written(text: str, expected: list[str]) -> None:
    assert [m.actor.canonical for m in load_actors().find(text)] == expected


def test_a_known_alias_wins_over_a_body_pattern() -> None:
    text = "la Coordination pour la défense des droits du peuple de l'Azawad (CDRAP)"
    names = {m.actor.canonical for m in load_actors().find(text)}
    assert names == {"CDRAP"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a nationality in the phrase wins over the bare institution ("the army" is Mali's)
        ("the French army said", "French army"),
        ("l'armée française a annoncé", "French army"),
        ("France's defence minister said", "French army"),
        ("le ministre français de la Défense a déclaré", "French army"),
        ("the Nigerien army said", "Nigerien army"),
        ("l'armée nigérienne a indiqué", "Nigerien army"),
        ("the Indian embassy said", "Indian embassy"),
        ("l'ambassade indienne a confirmé", "Indian embassy"),
        ("the Italian government said", "Italian government"),
        ("le gouvernement italien a confirmé", "Italian government"),
        # every Malian organ is the Malian army
        ("Mali's security ministry said", "Malian army"),
        ("le ministère malien de la Sécurité a annoncé", "Malian army"),
    ],
)
def test_a_state_is_named_by_its_institution_and_nationality(text: str, expected: str) -> None:
    [mention] = load_actors().find(text)
    assert mention.actor.canonical == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the National Movement for the Liberation of Azawad said", "MNLA"),
        ("le Mouvement national de libération de l'Azawad affirme", "MNLA"),
        ("the Coordination of Azawad Movements said", "CMA"),
        ("la Coordination des mouvements de l'Azawad affirme", "CMA"),
        ("Ansar Dine said", "Ansar Dine"),
        ("Ançar Dine a revendiqué", "Ansar Dine"),
        ("the Fulani association Tabital Pulaaku said", "Tabital Pulaaku"),
        ("la Fédération internationale des droits de l'homme dénonce", "FIDH"),
    ],
)
def test_groups_of_the_period_are_named_as_themselves(text: str, expected: str) -> None:
    assert expected in [m.actor.canonical for m in load_actors().find(text)]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2012, "MNLA"),
        (2014, "MNLA"),
        (2016, "CMA"),
        (2021, "CMA"),
        (2023, "CSP-DPA"),
        (None, "CSP-DPA"),
    ],
)
def test_the_rebels_are_the_coalition_of_the_day(year: int | None, expected: str) -> None:
    assert separatist_of(year) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a UN official told AFP", "UN"),
        ("an official with the UN mission said", "UN"),
        ("un responsable de l'ONU a indiqué", "UN"),
        ("une source militaire au sein de la Minusma", "UN"),
        ("an official said", "local officials"),
    ],
)
def test_a_role_in_an_organisation_speaks_for_it(text: str, expected: str) -> None:
    speakers = [m.actor.canonical for m in load_actors().find(text) if m.actor.kind != "media"]
    assert speakers[-1:] == [expected]
