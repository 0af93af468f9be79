"""Villages the gazetteer does not list: introduced, located by the place after them, named
consistently across stories (feeds/analysis/places/unlisted.py)."""

from __future__ import annotations

import pytest

from feeds.analysis.events.sites import event_places
from feeds.analysis.places.gazetteer import load_gazetteer
from feeds.analysis.places.unlisted import (
    introductions,
    name_key,
    same_place_name,
    story_mentions,
)
from feeds.model import PlacePrecision


def intro_names(text: str) -> list[str]:
    return [i.place.name for i in introductions(text, load_gazetteer().find_places(text))]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Gunmen raided the Fulani village of Wendoubiri on Friday.", ["Wendoubiri"]),
        ("Armed men stormed the hamlets of Tiekora and Sadiawel at dawn.", ["Tiekora", "Sadiawel"]),
        ("Troops killed civilians in Kolowere, a herding village near Sévaré.", ["Kolowere"]),
        ("Three died in the attack on Douganmatou village, a resident said.", ["Douganmatou"]),
        ("Soldiers were killed in an ambush near Bilibanga, the army said.", ["Bilibanga"]),
        ("Des hommes armés ont attaqué le village peul de Wendoubiri vendredi.", ["Wendoubiri"]),
        ("Les localités de Tiekora et de Sadiawel ont été visées.", ["Tiekora", "Sadiawel"]),
        ("Le drame s'est produit à Kolowere, une localité située à 30 km de Sévaré.", ["Kolowere"]),
        ("Le bilan de l'embuscade de Bilibanga s'alourdit.", ["Bilibanga"]),
        ("La petite bourgade de Douganmatou a été incendiée.", ["Douganmatou"]),
    ],
    ids=["en-village-of", "en-list", "en-comma-village", "en-x-village", "en-ambush-near",
         "fr-village-peul", "fr-localites", "fr-localite-situee", "fr-embuscade-de",
         "fr-bourgade"],
)  # fmt: skip
def test_an_unlisted_place_is_introduced(text: str, names: list[str]) -> None:
    assert intro_names(text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Moussa Traoré, the village chief, said the gunmen came at night.",
        "A herder from the village, Amadou Sow, told reporters what he saw.",
        "Gunmen attacked a Dogon village in central Mali on Sunday.",
        "The attack on Monday left nine dead.",
        "L'attaque de Barkhane contre les jihadistes a duré deux heures.",
        "L'attaque de la MINUSMA a été revendiquée.",
        "Le village de Mopti a été attaqué.",  # a gazetteer name stays the gazetteer's
        "Le chef de village, Hamidou Cissé, a été tué.",
    ],
    ids=["en-village-chief", "en-from-the-village", "en-demonym", "en-weekday", "fr-actor",
         "fr-acronym", "fr-known-town", "fr-chef-de-village"],
)  # fmt: skip
def test_no_unlisted_place_is_made_up(text: str) -> None:
    assert intro_names(text) == []


@pytest.mark.parametrize(
    ("text", "cercle", "has_point"),
    [
        ("Gunmen killed 12 in the village of Wendoubiri, in the Bankass cercle.", "Bankass", False),
        ("Douze morts dans le village de Wendoubiri, cercle de Bankass.", "Bankass", False),
        ("Twelve died in the village of Wendoubiri, near Bankass.", "Bankass", True),
        ("Douze morts au village de Wendoubiri, à 10 km de Bankass.", "Bankass", True),
    ],
    ids=["en-cercle", "fr-cercle", "en-near-town", "fr-distance-from-town"],
)
def test_an_unlisted_place_takes_its_area_from_the_place_named_after_it(
    text: str, cercle: str, has_point: bool
) -> None:
    (intro,) = introductions(text, load_gazetteer().find_places(text))
    assert intro.place.precision is PlacePrecision.LOCALITY
    assert intro.place.admin2 == cercle and intro.place.admin1 == "Mopti"
    assert (intro.place.lat is not None) is has_point


@pytest.mark.parametrize(
    "text",
    [
        "Twelve died in the village of Wendoubiri, near Bankass, on Sunday.",
        "Douze morts au village de Wendoubiri, à 10 km de Bankass, dimanche.",
    ],
    ids=["en", "fr"],
)
def test_the_town_that_locates_a_village_is_no_site_of_its_own(text: str) -> None:
    gazetteer = load_gazetteer()
    (found,) = story_mentions([text], [gazetteer.find_places(text)])
    assert [p.name for p in event_places(text, found)] == ["Wendoubiri"]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Massacre at Wendoubiri", "Twenty died in the village of Wendoubiri, Bankass cercle."),
        ("Tuerie de Wendoubiri", "Vingt morts au village peul de Wendoubiri, cercle de Bankass."),
    ],
    ids=["en", "fr"],
)  # fmt: skip
def test_a_headline_naming_the_village_before_the_body_introduces_it(title: str, body: str) -> None:
    gazetteer = load_gazetteer()
    texts = [title, body]
    headline, _ = story_mentions(texts, [gazetteer.find_places(t) for t in texts])
    (place,) = [m.to_place() for m in headline]
    assert place.name == "Wendoubiri" and place.admin2 == "Bankass"


@pytest.mark.parametrize(
    ("title", "body", "country"),
    [
        ("Soldiers killed in Niger", "Gunmen attacked the village of Tagabaoua at dawn.", "Niger"),
        ("Des soldats tués au Niger", "Le village de Tagabaoua a été attaqué à l'aube.", "Niger"),
        ("Gunmen kill nine", "Gunmen attacked the village of Tagabaoua at dawn.", "Mali"),
    ],
    ids=["en-abroad", "fr-abroad", "en-default"],
)
def test_a_village_nothing_locates_is_in_the_country_the_lead_names(
    title: str, body: str, country: str
) -> None:
    gazetteer = load_gazetteer()
    texts = [title, body]
    _, found = story_mentions(texts, [gazetteer.find_places(t) for t in texts])
    assert [m.to_place().country for m in found] == [country]


@pytest.mark.parametrize(
    ("a", "b", "fuzzy", "expected"),
    [
        ("Binedama", "Binédama", False, True),
        ("Koulogon Peul", "Koulogon", False, True),
        ("Bouka Weré", "Boki-Wéré", True, True),
        ("Bouka Weré", "Boki-Wéré", False, False),
        ("Kama", "Kona", True, False),
        ("Wendoubiri", "Sadiawel", True, False),
    ],
)
def test_same_place_name(a: str, b: str, fuzzy: bool, expected: bool) -> None:
    assert same_place_name(a, b, fuzzy=fuzzy) is expected


def test_name_key_drops_the_community_only_after_a_name() -> None:
    assert name_key("Ogossagou Peulh") == name_key("Ogossagou") == "ogossagou"
    assert name_key("Dogon") == "dogon"
