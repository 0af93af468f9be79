"""Victim classes and the claimant's own words (codebook §3)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from feeds.analysis.claims.extract import extract_claims
from feeds.analysis.claims.victims import (
    has_civilian_context,
    is_subgroup,
    read_victims,
    resolve_people,
)
from feeds.analysis.text import split_sentences
from feeds.model import Claim, VictimKind
from tests.helpers.builders import story as build_story

V = VictimKind

PHRASES = [
    ("people", "18 people were killed", V.UNSPECIFIED, "people"),
    ("civilians", "18 civilians were killed", V.CIVILIANS, "civilians"),
    ("villagers-fr", "7 villageois ont été tués", V.CIVILIANS, "villageois"),
    ("passengers", "24 passengers", V.CIVILIANS, "passengers"),
    ("gold-miners-fr", "12 orpailleurs", V.CIVILIANS, "orpailleurs"),
    ("soldiers", "5 Malian soldiers", V.SOLDIERS, "soldiers"),
    ("gendarmes-fr", "10 gendarmes", V.SOLDIERS, "gendarmes"),
    ("wagner", "4 Wagner fighters", V.SOLDIERS, "Wagner fighters"),
    ("militaires-fr", "7 militaires", V.SOLDIERS, "militaires"),
    ("terrorists-quoted", '11 "terrorists."', V.MILITANTS, "terrorists"),
    ("assailants-fr", "19 assaillants", V.MILITANTS, "assaillants"),
    ("armed-men-fr", "12 individus armés", V.MILITANTS, "individus armés"),
    ("jihadists", "30 jihadists", V.MILITANTS, "jihadists"),
    ("additional", "seven additional people", V.UNSPECIFIED, "people"),
    ("of-civilians", "dozens of civilians", V.CIVILIANS, "civilians"),
    ("de-ses-soldats", "12 de ses soldats", V.SOLDIERS, "soldats"),
    ("mixed", "18 soldiers and civilians", V.MIXED, "soldiers and civilians"),
    (
        "one-class-pair",
        "9 soldiers and Russian mercenaries",
        V.SOLDIERS,
        "soldiers and Russian mercenaries",
    ),
    ("one-class-pair-fr", "9 gendarmes et policiers tués", V.SOLDIERS, "gendarmes et policiers"),
    ("customs-agents-fr", "4 agents des douanes", V.SOLDIERS, "agents des douanes"),
    (
        "militia-fighters",
        "30 fighters of Dan Na Ambassagou",
        V.SOLDIERS,
        "fighters of Dan Na Ambassagou",
    ),
    ("dozo-hunters-fr", "12 chasseurs dozos", V.SOLDIERS, "chasseurs dozos"),
]


@pytest.mark.parametrize(
    ("text", "kind", "detail"), [row[1:] for row in PHRASES], ids=[row[0] for row in PHRASES]
)
def test_victim_phrase_after_a_count(text: str, kind: VictimKind, detail: str) -> None:
    number_end = text.index(" ")
    phrase = read_victims(text, number_end)
    assert phrase is not None
    assert (phrase.kind, phrase.detail.strip('"')) == (kind, detail)


def test_no_victim_noun() -> None:
    assert read_victims("18 were killed", 2) is None


@pytest.mark.parametrize(
    "sentence",
    [
        "an airstrike on a market killed 18 people",
        "une frappe sur un mariage a fait 30 morts",
        "gunmen stopped a bus and killed 12 people",
        "the FLA said the army coldly executed 24 people",
        "des hommes armés ont attaqué le village et tué 9 personnes",
        "the FLA accused the army of executing at least 24 people",
    ],
    ids=["market", "wedding-fr", "bus", "executed", "village-fr", "accused-of-executing"],
)
def test_people_presented_as_non_combatants_are_civilians(sentence: str) -> None:
    assert resolve_people(V.UNSPECIFIED, sentence) is V.CIVILIANS


def test_people_without_context_stay_unspecified() -> None:
    assert resolve_people(V.UNSPECIFIED, "the clashes killed 18 people") is V.UNSPECIFIED
    assert not has_civilian_context("fighting near the camp left 18 dead")


@pytest.mark.parametrize(
    ("words", "expected"),
    [("11 children", True), ("trois femmes", True), ("15 soldiers", False), ("civilians", False)],
    ids=["children", "femmes", "soldiers", "civilians"],
)
def test_sub_groups_inside_one_class(words: str, expected: bool) -> None:
    assert is_subgroup(words) is expected


@pytest.mark.parametrize(
    "text",
    [
        "Plusieurs obus sont tombés sur des quartiers de la ville.",
        "Mortar rounds struck residential neighbourhoods of the town overnight.",
    ],
    ids=["quartiers-fr", "neighbourhoods-en"],
)
def test_shelling_of_neighbourhoods_is_an_attack_on_civilians(text: str) -> None:
    assert has_civilian_context(text, strong=True)


def test_an_army_camp_is_no_civilian_context() -> None:
    assert not has_civilian_context("Shells fell on the army camp near the airport.", strong=True)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("A resident said he saw between 15 and 20 bodies of soldiers at the camp.", "en"),
        ("Selon un habitant, une vingtaine de corps de militaires ont été ramenés au camp.", "fr"),
    ],
    ids=["en", "fr"],
)
def test_bodies_of_soldiers_are_soldiers(text: str, language: str) -> None:
    when = datetime(2026, 11, 17, tzinfo=UTC)
    story = build_story(
        "x",
        feed_url="https://www.example-news.com/rss",
        guid="g",
        url="https://www.example-news.com/x",
        title="",
        text=text,
        published=when,
        fetched=when,
        language=language,
        content_hash="",
    )
    [found] = extract_claims(story, split_sentences(story.full_text))
    assert (found.claim.claimant, found.claim.victims) == ("residents", VictimKind.SOLDIERS)


def claims(text: str, language: str) -> list[Claim]:
    when = datetime(2026, 11, 17, tzinfo=UTC)
    story = build_story(
        "x",
        feed_url="https://www.example-news.com/rss",
        guid="g",
        url="https://www.example-news.com/x",
        title="",
        text=text,
        published=when,
        fetched=when,
        language=language,
        content_hash="",
    )
    return [item.claim for item in extract_claims(story, split_sentences(story.full_text))]


# ── own side of the groups of the period (codebook §3: a rebel or jihadist group's own fallen
# are militants; the army's, a partner force's or a pro-government militia's are soldiers) ──

OWN_SIDE = [
    (
        "mnla-its-fighters",
        "The MNLA said five of its fighters died near Tessalit.",
        "en",
        V.MILITANTS,
    ),
    (
        "mnla-ses-combattants",
        "Le MNLA reconnaît la perte de trois de ses combattants.",
        "fr",
        V.MILITANTS,
    ),
    ("cma-lost-men", "La CMA affirme avoir perdu deux hommes à Anéfis.", "fr", V.MILITANTS),
    ("hcua-dans-ses-rangs", "Le HCUA déplore quatre morts dans ses rangs.", "fr", V.MILITANTS),
    (
        "ansar-dine-its-men",
        "Ansar Dine said seven of its men were killed in the raid.",
        "en",
        V.MILITANTS,
    ),
    ("mujao-fr", "Le MUJAO a reconnu avoir perdu six de ses combattants.", "fr", V.MILITANTS),
    ("aqim-en", "AQIM said it lost three fighters in the French raid.", "en", V.MILITANTS),
    (
        "flm-fr",
        "Le Front de libération du Macina affirme avoir perdu cinq combattants.",
        "fr",
        V.MILITANTS,
    ),
    ("french-army-en", "The French army said two of its men were killed.", "en", V.SOLDIERS),
    ("french-army-fr", "L'armée française a annoncé avoir perdu deux hommes.", "fr", V.SOLDIERS),
    (
        "plateforme-fr",
        "La Plateforme affirme avoir perdu quatre de ses combattants.",
        "fr",
        V.SOLDIERS,
    ),
    (
        "platform-en",
        "The Platform coalition said six of its fighters were killed.",
        "en",
        V.SOLDIERS,
    ),
    (
        "army-dans-ses-rangs",
        "L'armée malienne déplore trois morts dans ses rangs.",
        "fr",
        V.SOLDIERS,
    ),
    ("foreign-army-en", "The Nigerien army said it lost four men.", "en", V.SOLDIERS),
    (
        "rebels-deplore-own",
        "Le MNLA déplore de son côté deux morts et une dizaine de blessés.",
        "fr",
        V.MILITANTS,
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "language", "kind"), OWN_SIDE, ids=[row[0] for row in OWN_SIDE]
)
def test_an_actors_own_fallen_are_of_its_side(
    name: str, text: str, language: str, kind: VictimKind
) -> None:
    found = claims(text, language)
    assert found and all(claim.victims is kind for claim in found), found


SIDE_PHRASES = [
    (
        "du-cote-des-agresseurs",
        "Les combats ont fait 28 morts du côté des agresseurs, selon le ministre.",
        "fr",
        V.MILITANTS,
    ),
    (
        "attackers-side",
        "The fighting left 12 dead on the attackers' side, the ministry said.",
        "en",
        V.MILITANTS,
    ),
    (
        "du-cote-de-l-armee",
        "L'attaque a fait cinq morts du côté de l'armée, selon une source locale.",
        "fr",
        V.SOLDIERS,
    ),
    (
        "side-of-the-road",
        "Seven people were killed on the side of the road, the mayor said.",
        "en",
        V.UNSPECIFIED,
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "language", "kind"), SIDE_PHRASES, ids=[row[0] for row in SIDE_PHRASES]
)
def test_the_side_a_count_is_on_names_its_class(
    name: str, text: str, language: str, kind: VictimKind
) -> None:
    [found] = claims(text, language)
    assert found.victims is kind
