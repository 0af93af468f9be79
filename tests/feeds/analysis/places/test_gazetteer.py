"""The gazetteer file and the place finder (feeds/analysis/places/gazetteer.py)."""

from __future__ import annotations

import csv
import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from feeds.analysis.places.gazetteer import (
    GAZETTEER_PATH,
    KINDS,
    Gazetteer,
    GazetteerEntry,
    PlaceMention,
    load_gazetteer,
    offset_point,
    read_gazetteer_csv,
)
from feeds.model import Place, PlacePrecision
from feeds.model.geo import distance_km
from tests.helpers.paths import ROOT as ROOT_DIR

ROOT = ROOT_DIR
SEED_STORY = ROOT / "tests" / "data" / "seed_story_lerneb.txt"
KM_PER_DEGREE = 2 * math.pi * 6371.0088 / 360  # along a meridian, on the mean-radius sphere


def words(text: str) -> list[str]:
    return text.split()


# The 49 cercles of the 2016 map plus those of the Ménaka region.
CERCLES = [
    *words(
        "Bafoulabé Diéma Kayes Kéniéba Kita Yélimané Banamba Dioïla Kangaba Kati Kolokani "
        "Koulikoro Nara Bougouni Kadiolo Kolondiéba Koutiala Sikasso Yanfolila Yorosso "
        "Barouéli Bla Macina Niono San Ségou Tominian Bandiagara Bankass Djenné Douentza "
        "Koro Mopti Ténenkou Youwarou Diré Goundam Gourma-Rharous Niafunké Timbuktu "
        "Ansongo Bourem Gao Abeïbara Kidal Tessalit Tin-Essako Ménaka Andéramboukane "
        "Inékar Tidermène"
    ),
    "Nioro du Sahel",
]
REGIONS = words(
    "Kayes Koulikoro Sikasso Ségou Mopti Timbuktu Gao Kidal Taoudénit Ménaka Nioro Kita Dioïla "
    "Nara Bougouni Koutiala San Douentza Bandiagara"
)
LOCALITIES = [
    *words(
        "Lerneb Moura Tinzaouaten Intahaka Anéfis Ber Léré Boulkessi Diafarabé Ogossagou "
        "Dioura Farabougou Boni Hombori Gossi Tessalit Aguelhok Kidal Ansongo Bourem "
        "Talataye Tidermène Andéramboukane Inékar Tarkint Bamba Gourma-Rharous Goundam "
        "Niafunké Tonka Diré Nampala Niono Macina Ténenkou Djenné Sofara Konna Sévaré "
        "Kouakourou Dinangourou Mondoro Timbuktu Gao Ménaka Kati Kayes Diboli Sandaré "
        "Kolokani Ségou Markala San Bla Koutiala Sikasso Bougouni Kadiolo Yanfolila "
        "Kangaba"
    ),
    "Sobane Da",
    "Nioro du Sahel",
]
NEIGHBOURS = {
    "Burkina Faso": [
        *words("Ouagadougou Djibo Dori Arbinda Kaya Barsalogho Solenzo Diapaga"),
        "Fada N'Gourma",
    ],
    "Niger": words("Niamey Tillabéri Tahoua Agadez Ayorou Ouallam Tillia Diffa"),
    "Mauritania": words("Nouakchott Bassikounou Fassala"),
    "Algeria": ["Tamanrasset", "Bordj Badji Mokhtar", "Tinzaouatine"],
}


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with GAZETTEER_PATH.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def found(gazetteer: Gazetteer, text: str) -> list[tuple[str, str, float | None, float | None]]:
    return [
        (m.surface, m.entry.name, m.offset_km, m.bearing_deg) for m in gazetteer.find_places(text)
    ]


# --- the CSV -------------------------------------------------------------------------------


def test_csv_has_the_documented_columns(rows: list[dict[str, str]]) -> None:
    assert list(rows[0]) == [
        "name", "variants", "kind", "admin1", "admin2", "lat", "lon", "country", "note"
    ]  # fmt: skip


def test_every_row_is_valid(rows: list[dict[str, str]]) -> None:
    regions = {r["admin1"] for r in rows if r["kind"] == "region" and r["country"] == "Mali"}
    assert regions == {
        "Bamako", "Kayes", "Koulikoro", "Sikasso", "Segou", "Mopti", "Timbuktu", "Gao", "Kidal",
        "Menaka", "Taoudeni",
    }  # fmt: skip
    problems = []
    for row in rows:
        lat, lon = float(row["lat"]), float(row["lon"])
        if row["kind"] not in KINDS or not row["name"].strip() or not row["country"]:
            problems.append((row["name"], "kind/name/country"))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            problems.append((row["name"], "coordinates"))
        if row["country"] != "Mali":
            continue
        if not (10 <= lat <= 25 and -13 <= lon <= 5):
            problems.append((row["name"], "outside Mali's box"))
        if row["kind"] != "country" and row["admin1"] not in regions:
            problems.append((row["name"], f"unknown admin1 {row['admin1']!r}"))
        if row["kind"] in {"cercle", "town", "village", "locality"} and not row["admin2"]:
            problems.append((row["name"], "no cercle"))
    assert problems == []


def test_names_are_unique_and_many(rows: list[dict[str, str]]) -> None:
    names = Counter(row["name"].casefold() for row in rows)
    assert [name for name, count in names.items() if count > 1] == []
    assert sum(row["country"] == "Mali" for row in rows) >= 250


def test_every_cercle_of_a_locality_is_a_cercle_row(rows: list[dict[str, str]]) -> None:
    cercles = {r["admin2"] for r in rows if r["kind"] == "cercle"}
    local_kinds = {"town", "village", "locality"}
    local = {r["admin2"] for r in rows if r["country"] == "Mali" and r["kind"] in local_kinds}
    assert local - {"Bamako"} <= cercles


@pytest.mark.parametrize("cercle", CERCLES)
def test_every_cercle_is_listed(gazetteer: Gazetteer, cercle: str) -> None:
    entry = gazetteer.lookup(f"cercle de {cercle}")
    assert entry is not None and entry.kind == "cercle" and entry.admin2 == cercle


@pytest.mark.parametrize("region", REGIONS)
def test_every_region_is_listed(gazetteer: Gazetteer, region: str) -> None:
    entry = gazetteer.lookup(f"{region} region")
    assert entry is not None and entry.kind == "region" and entry.country == "Mali"


@pytest.mark.parametrize("name", LOCALITIES)
def test_conflict_localities_are_listed(gazetteer: Gazetteer, name: str) -> None:
    entry = gazetteer.lookup(name)
    assert entry is not None and entry.kind in {"town", "village", "locality"}
    assert entry.country == "Mali"


@pytest.mark.parametrize(
    ("country", "name"), [(c, n) for c, names in NEIGHBOURS.items() for n in names]
)
def test_neighbours_places_carry_their_country(gazetteer: Gazetteer, country: str, name: str):
    entry = gazetteer.lookup(name)
    assert entry is not None and entry.country == country


def test_read_gazetteer_csv_splits_variants(tmp_path: Path) -> None:
    path = tmp_path / "g.csv"
    path.write_text(
        "name,variants,kind,admin1,admin2,lat,lon,country,note\n"
        "Tinzaouaten,Tin Zaouatene| Tinzawatene ,town,Kidal,Abeïbara,19.95,2.93,Mali,\n",
        encoding="utf-8",
    )
    (entry,) = read_gazetteer_csv(path)
    assert entry.variants == ("Tin Zaouatene", "Tinzawatene")
    assert (entry.lat, entry.lon, entry.admin2, entry.note) == (19.95, 2.93, "Abeïbara", "")


def test_load_gazetteer_is_cached_and_works_from_any_directory(tmp_path: Path) -> None:
    assert load_gazetteer() is load_gazetteer()
    script = "from feeds.analysis.places.gazetteer import load_gazetteer as g; print(len(g()))"
    env_path = str(ROOT)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={"PYTHONPATH": env_path},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(result.stdout) == len(load_gazetteer()) > 300


# --- finding places ------------------------------------------------------------------------

FIND_CASES = [
    pytest.param(
        "The strike occurred approximately 50 kilometers north of Lerneb in the Timbuktu region.",
        [
            ("approximately 50 kilometers north of Lerneb", "Lerneb", 50.0, 0.0),
            ("Timbuktu region", "Timbuktu Region", None, None),
        ],
        id="en-seed-offset-and-region",
    ),
    pytest.param(
        "Une frappe a eu lieu à une cinquantaine de kilomètres au nord de Lerneb.",
        [("à une cinquantaine de kilomètres au nord de Lerneb", "Lerneb", 50.0, 0.0)],
        id="fr-approximate-noun-offset",
    ),
    pytest.param(
        "The convoy was ambushed some 50 kilometres north-east of Tin-Zaouatene.",
        [("some 50 kilometres north-east of Tin-Zaouatene", "Tinzaouaten", 50.0, 45.0)],
        id="en-some-north-east-hyphenated-variant",
    ),
    pytest.param(
        "Des tirs à 30 km de Gao et à environ 20 kilomètres à l'ouest d'Ansongo.",
        [
            ("à 30 km de Gao", "Gao", 30.0, None),
            ("à environ 20 kilomètres à l'ouest d'Ansongo", "Ansongo", 20.0, 270.0),
        ],
        id="fr-offset-without-direction-and-elision",
    ),
    pytest.param(
        "An IED exploded 12 miles south of Douentza; 40km southwest of Sévaré, a camp was hit.",
        [
            ("12 miles south of Douentza", "Douentza", 19.3, 180.0),
            ("40km southwest of Sévaré", "Sévaré", 40.0, 225.0),
        ],
        id="en-miles-and-glued-km",
    ),
    pytest.param(
        "Fighting near Tin Zaouaten, Tinzaouaten and TIN-ZAOUATEN, then in Nioro-du-Sahel.",
        [
            ("Tin Zaouaten", "Tinzaouaten", None, None),
            ("Tinzaouaten", "Tinzaouaten", None, None),
            ("TIN-ZAOUATEN", "Tinzaouaten", None, None),
            ("Nioro-du-Sahel", "Nioro du Sahel", None, None),
        ],
        id="space-hyphen-case-variants",
    ),
    pytest.param(
        "Attaque dans la région de Tombouctou et dans le cercle de Niono, puis cercle d'Ansongo.",
        [
            ("région de Tombouctou", "Timbuktu Region", None, None),
            ("cercle de Niono", "Niono Cercle", None, None),
            ("cercle d'Ansongo", "Ansongo Cercle", None, None),
        ],
        id="fr-area-phrases",
    ),
    pytest.param(
        "Violence in the Mopti and Ségou regions and in the cercles of Bankass and Koro.",
        [
            ("Mopti", "Mopti", None, None),
            ("Ségou regions", "Ségou Region", None, None),
            ("cercles of Bankass", "Bankass Cercle", None, None),
            ("Koro", "Koro", None, None),
        ],
        id="plural-area-phrases",
    ),
    pytest.param(
        "In Mali's Mopti Region and the Gao region, and in Kidal.",
        [
            ("Mali", "Mali", None, None),
            ("Mopti Region", "Mopti Region", None, None),
            ("Gao region", "Gao Region", None, None),
            ("Kidal", "Kidal", None, None),
        ],
        id="en-area-phrases-and-bare-town",
    ),
    pytest.param(
        "Les habitants de Ménaka, Menaka et MÉNAKA ont fui vers Anéfis et Aguel'hoc.",
        [
            ("Ménaka", "Ménaka", None, None),
            ("Menaka", "Ménaka", None, None),
            ("MÉNAKA", "Ménaka", None, None),
            ("Anéfis", "Anéfis", None, None),
            ("Aguel'hoc", "Aguelhok", None, None),
        ],
        id="fr-accents-and-apostrophe-variant",
    ),
    pytest.param(
        "Militants attacked Tombuctou and Ogossogou, then Boulkesi.",
        [
            ("Tombuctou", "Timbuktu", None, None),
            ("Ogossogou", "Ogossagou", None, None),
            ("Boulkesi", "Boulkessi", None, None),
        ],
        id="fuzzy-misspellings",
    ),
    pytest.param(
        "Refugees fled from Djibo to Dori in Burkina Faso, others to Bassikounou in Mauritania.",
        [
            ("Djibo", "Djibo", None, None),
            ("Dori", "Dori", None, None),
            ("Burkina Faso", "Burkina Faso", None, None),
            ("Bassikounou", "Bassikounou", None, None),
            ("Mauritania", "Mauritania", None, None),
        ],
        id="neighbours",
    ),
    pytest.param(
        "Niger's army and troops from Niger said the attack in Niger killed 10.",
        [("Niger", "Niger", None, None)] * 3,
        id="niger-the-country",
    ),
    pytest.param(
        "Clashes at Tinzaouatine in Algeria, across from Tinzaouaten.",
        [
            ("Tinzaouatine", "Tinzaouatine", None, None),
            ("Algeria", "Algeria", None, None),
            ("Tinzaouaten", "Tinzaouaten", None, None),
        ],
        id="algerian-twin-town",
    ),
    pytest.param(
        "In San, soldiers met. Kati was hit; the army left Ber for Boni and Bla.",
        [
            ("San", "San", None, None),
            ("Kati", "Kati", None, None),
            ("Ber", "Ber", None, None),
            ("Boni", "Boni", None, None),
            ("Bla", "Bla", None, None),
        ],
        id="short-names-used-as-places",
    ),
    pytest.param(
        "Le FLM de la katiba Macina opère autour de Macina et dans le cercle de Macina.",
        [("Macina", "Macina", None, None), ("cercle de Macina", "Macina Cercle", None, None)],
        id="macina-town-not-the-katiba",
    ),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_places(gazetteer: Gazetteer, text: str, expected: list[tuple]) -> None:
    assert found(gazetteer, text) == expected


TRAP_CASES = [
    pytest.param("Fighters of Katiba Macina and the Macina Liberation Front.", id="macina-actor"),
    pytest.param("Former president Yayi Boni and Thomas Boni Yayi spoke.", id="boni-person"),
    pytest.param("The commune of Soni Ali Ber is named after a king.", id="ber-in-a-name"),
    pytest.param("Il faut dire la vérité. Dire que rien ne change.", id="dire-verb"),
    pytest.param("Bla bla, said the spokesman from San Francisco.", id="bla-san-words"),
    pytest.param("KATI SAN BER: headline in capitals.", id="all-capitals"),
    pytest.param(
        "Boats on the Niger River, the Office du Niger, le fleuve Niger.", id="niger-river"
    ),
    pytest.param("The Algerian army, Malian soldiers, Nigerien troops, Nigeria.", id="demonyms"),
    pytest.param("they went to mopti and gao by road", id="lower-case-is-not-a-name"),
    pytest.param("A spokesman, Kati Smith, said so.", id="first-name-before-surname"),
    pytest.param('"No armed man," said Fatouma Walet Hamma, a trader.', id="fuzzy-person-name"),
    pytest.param("Witness Fatimata Boulkesy spoke.", id="fuzzy-surname"),
]


@pytest.mark.parametrize("text", TRAP_CASES)
def test_no_false_hits(gazetteer: Gazetteer, text: str) -> None:
    assert found(gazetteer, text) == []


def test_spans_point_into_the_original_text(gazetteer: Gazetteer) -> None:
    text = "Cœur du conflit — « œuvre » à Léré… puis Sévaré. Ségou’s region, à 5 km d’Anéfis."
    mentions = gazetteer.find_places(text)
    assert [m.surface for m in mentions] == ["Léré", "Sévaré", "Ségou", "à 5 km d’Anéfis"]
    assert all(text[m.start : m.end] == m.surface for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_seed_story_places(gazetteer: Gazetteer) -> None:
    mentions = gazetteer.find_places(SEED_STORY.read_text(encoding="utf-8"))
    places = [m.to_place() for m in mentions if m.entry.kind != "country"]
    assert [p.name for p in places] == ["50 km N of Lerneb", "Timbuktu Region"]
    assert places[0].admin1 == places[1].admin1 == "Timbuktu"


# --- places and math -----------------------------------------------------------------------


def test_offset_north_of_lerneb_moves_about_045_degrees(gazetteer: Gazetteer) -> None:
    (mention,) = gazetteer.find_places("50 km north of Lerneb")
    place = mention.to_place()
    lerneb = mention.entry
    assert place.precision is PlacePrecision.OFFSET
    assert place.name == "50 km N of Lerneb"
    assert place.lat is not None
    assert place.lat - lerneb.lat == pytest.approx(0.45, abs=0.005)
    assert place.lon == pytest.approx(lerneb.lon, abs=1e-6)
    assert (place.admin1, place.admin2, place.country) == ("Timbuktu", "Goundam", "Mali")
    assert distance_km(place, lerneb.to_place()) == pytest.approx(50, abs=0.5)


def test_offset_without_direction_keeps_the_locality_point(gazetteer: Gazetteer) -> None:
    (mention,) = gazetteer.find_places("à 30 km de Gao")
    place = mention.to_place()
    assert (place.name, place.precision) == ("30 km from Gao", PlacePrecision.OFFSET)
    assert (place.lat, place.lon) == (mention.entry.lat, mention.entry.lon)


@pytest.mark.parametrize(
    ("name", "precision"),
    [
        ("Timbuktu region", PlacePrecision.REGION),
        ("cercle de Goundam", PlacePrecision.CERCLE),
        ("Lerneb", PlacePrecision.LOCALITY),
        ("Mali", PlacePrecision.COUNTRY),
    ],
)
def test_precision_follows_the_kind(gazetteer: Gazetteer, name: str, precision) -> None:
    entry = gazetteer.lookup(name)
    assert entry is not None
    assert PlaceMention(entry, 0, len(name), name).to_place().precision is precision


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("TOMBOUCTOU", "Timbuktu"),
        ("région de Tombouctou", "Timbuktu Region"),
        ("Tessalitt", "Tessalit"),
        ("Andéramboucane", "Andéramboukane"),
        ("Springfield", None),
        ("", None),
    ],
)
def test_lookup_folds_prefers_towns_and_forgives_typos(
    gazetteer: Gazetteer, name: str, expected: str | None
) -> None:
    entry = gazetteer.lookup(name)
    assert (entry.name if entry else None) == expected


@pytest.mark.parametrize(
    ("start", "km", "bearing", "expected"),
    [
        ((0.0, 0.0), KM_PER_DEGREE, 0.0, (1.0, 0.0)),
        ((0.0, 0.0), KM_PER_DEGREE, 90.0, (0.0, 1.0)),
        ((0.0, 0.0), KM_PER_DEGREE, 270.0, (0.0, -1.0)),
        ((10.0, 0.0), KM_PER_DEGREE, 180.0, (9.0, 0.0)),
        ((0.0, 179.5), KM_PER_DEGREE, 90.0, (0.0, -179.5)),  # across the antimeridian
        ((60.0, 0.0), 0.0, 45.0, (60.0, 0.0)),
    ],
)
def test_offset_point_known_values(
    start: tuple[float, float], km: float, bearing: float, expected: tuple[float, float]
) -> None:
    lat, lon = offset_point(start[0], start[1], km, bearing)
    assert (lat, lon) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize("bearing", [0, 45, 90, 135, 180, 225, 270, 315])
def test_offset_point_round_trips_with_distance(bearing: float) -> None:
    lat, lon = offset_point(16.15, -4.9, 50, bearing)
    assert distance_km(Place("a", lat=16.15, lon=-4.9), Place("b", lat=lat, lon=lon)) == (
        pytest.approx(50, abs=1e-6)
    )


def test_distance_known_values() -> None:
    equator = Place("origin", lat=0.0, lon=0.0)
    assert distance_km(equator, Place("e", lat=0.0, lon=1.0)) == pytest.approx(KM_PER_DEGREE)
    assert distance_km(equator, Place("antipode", lat=0.0, lon=180.0)) == pytest.approx(
        math.pi * 6371.0088
    )
    # Bamako to Timbuktu is about 710 km as the crow flies.
    bamako, timbuktu = Place("Bamako", lat=12.65, lon=-8.0), Place("T", lat=16.77, lon=-3.01)
    assert distance_km(bamako, timbuktu) == pytest.approx(710, abs=15)
    assert distance_km(equator, Place("unknown")) is None


def test_a_custom_gazetteer_finds_its_own_names() -> None:
    entry = GazetteerEntry("Zorro Hill", (), "locality", "Gao", "Gao", 16.0, 0.0)
    gazetteer = Gazetteer([entry])
    assert found(gazetteer, "Near Zorro-Hill and Zorro Hill.") == [
        ("Zorro-Hill", "Zorro Hill", None, None),
        ("Zorro Hill", "Zorro Hill", None, None),
    ]
