"""Keyword relevance: folding, whole words, variants, exclusions and the default list."""

from __future__ import annotations

import pytest

from feeds.analysis.relevance import (
    WatchList,
    keyword_pattern,
    load_default_watchlist,
    match_keywords,
    read_watchlist,
)
from feeds.model.folding import fold_key

DEFAULT = load_default_watchlist()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ménaka", "menaka"),
        ("MÉNAKA", "menaka"),
        ("Ségou-Koura", "segou-koura"),
        ("l’armée malienne", "l'armee malienne"),
        ("Tin‑Zaouatène", "tin-zaouatene"),
        ("Straße", "strasse"),
    ],
)
def test_fold_key(text: str, folded: str) -> None:
    assert fold_key(text) == folded


# (id, sentence, keywords the default list must find — in order of first appearance)
DEFAULT_CASES = [
    ("en-army", "Mali's army said it struck a refuge north of Lerneb.", ("Mali", "Lerneb")),
    (
        "en-malian",
        "Malian soldiers were ambushed near Boulkessi.",
        ("Malian soldiers", "Boulkessi"),
    ),
    ("en-timbuktu", "Fighting was reported in the Timbuktu region.", ("Timbuktu",)),
    ("fr-tombouctou", "Des combats ont eu lieu dans la région de Tombouctou.", ("Tombouctou",)),
    ("fr-menaka-accent", "Une attaque a visé Ménaka samedi.", ("Ménaka",)),
    ("fr-menaka-plain", "Une attaque a vise MENAKA samedi.", ("Ménaka",)),
    (
        "fr-armee",
        "Selon l'armée malienne, onze terroristes ont été neutralisés.",
        ("armée malienne",),
    ),
    ("fr-armee-curly", "Selon l’armée malienne, le bilan est lourd.", ("armée malienne",)),
    ("fr-fama", "Les FAMa ont repris Anéfis.", ("FAMa", "Anéfis")),
    ("en-csp-dpa", "The CSP-DPA said its fighters held the town.", ("CSP-DPA",)),
    ("en-csp-space", "The CSP DPA said its fighters held the town.", ("CSP-DPA",)),
    ("en-csp-dash", "The CSP–DPA rebel alliance denied it.", ("CSP-DPA",)),
    ("fr-tinzaouatene", "Des combats à Tin-Zaouatene ont fait des morts.", ("Tin-Zaouatene",)),
    ("fr-tinzaouatene-solid", "Des combats à Tinzaouatene ont fait des morts.", ("Tin-Zaouatene",)),
    (
        "en-wagner",
        "Wagner and Africa Corps fighters were seen in Kidal.",
        ("Wagner", "Africa Corps", "Kidal"),
    ),
    ("en-africa-corps-hyphen", "The Africa-Corps unit withdrew.", ("Africa Corps",)),
    ("en-is-sahel", "IS Sahel claimed the attack near Menaka.", ("IS Sahel", "Ménaka")),
    ("fr-eigs", "L'EIGS a revendiqué l'embuscade.", ("EIGS",)),
    ("fr-jnim", "Le JNIM (GSIM) a attaqué un convoi.", ("JNIM", "GSIM")),
    ("fr-katiba", "La Katiba Macina est active dans le centre.", ("Katiba Macina",)),
    ("en-bamako-upper", "EXPLOSIONS HEARD IN BAMAKO", ("Bamako",)),
    ("fr-maliens", "Des réfugiés maliens ont fui vers la Mauritanie.", ("maliens",)),
    ("fr-goita", "Le général Assimi Goïta a reçu l'émissaire.", ("Assimi Goïta",)),
    (
        "en-minusma",
        "MINUSMA peacekeepers left Tessalit and Aguelhok.",
        ("MINUSMA", "Tessalit", "Aguelhok"),
    ),
    (
        "en-azawad",
        "The Front for the Liberation of Azawad denied it.",
        ("Front for the Liberation of Azawad",),
    ),
]

NEGATIVE_CASES = [
    ("en-somalia", "Al-Shabaab fighters attacked a base in Somalia."),
    ("en-somali", "Somali forces said 12 militants were killed."),
    ("en-malicious", "The attack was malicious, police in Ohio said."),
    ("fr-malicieux", "Un sourire malicieux a conclu la conférence."),
    ("en-niamey", "Gunmen attacked a checkpoint outside Niamey, Niger's capital."),
    ("fr-ouagadougou", "Une attaque a fait 30 morts près de Djibo, au Burkina Faso."),
    ("en-mali-inside-word", "The Himalias expedition and the animalistic display."),
    ("en-empty", ""),
]


def _table_row(case: tuple[str, str, tuple[str, ...]]) -> object:
    return pytest.param(case[1], case[2], id=case[0])


@pytest.mark.parametrize(("text", "expected"), [_table_row(c) for c in DEFAULT_CASES])
def test_default_watchlist_finds(text: str, expected: tuple[str, ...]) -> None:
    assert match_keywords(text, DEFAULT) == expected


@pytest.mark.parametrize("text", [pytest.param(t, id=i) for i, t in NEGATIVE_CASES])
def test_default_watchlist_ignores(text: str) -> None:
    assert match_keywords(text, DEFAULT) == ()


def test_niger_words_match_only_when_watched() -> None:
    text = "Gunmen attacked a checkpoint outside Niamey."
    assert match_keywords(text, DEFAULT) == ()
    assert match_keywords(text, DEFAULT.extended(["Niamey"])) == ("Niamey",)


def test_exclude_word_makes_the_story_irrelevant() -> None:
    watch = WatchList(include=("Mali", "Bamako"), exclude=("football",))
    assert match_keywords("Mali beat Senegal at football in Bamako.", watch) == ()
    assert match_keywords("Curfew in Bamako after the attack.", watch) == ("Bamako",)


def test_exclude_phrase_is_whole_word_too() -> None:
    watch = WatchList(include=("Mali",), exclude=("Mali Cup",))
    assert match_keywords("The Mali Cup final was postponed.", watch) == ()
    assert match_keywords("Mali cuppa tea exports rose.", watch) == ("Mali",)


def test_empty_include_list_matches_nothing() -> None:
    assert match_keywords("Mali", WatchList(include=())) == ()


def test_each_keyword_reported_once_in_order_of_appearance() -> None:
    watch = WatchList(include=("Gao", "Kidal"))
    assert match_keywords("Kidal, then Gao, then Kidal again and gao.", watch) == ("Kidal", "Gao")


def test_longer_phrase_wins_over_its_prefix() -> None:
    watch = WatchList(include=("Macina", "Katiba Macina"))
    assert match_keywords("La Katiba Macina a frappé.", watch) == ("Katiba Macina",)
    assert match_keywords("Le cercle de Macina.", watch) == ("Macina",)


def test_from_entries_reads_excludes_and_comments() -> None:
    watch = WatchList.from_entries(["# comment", "Mali  # the country", "-football", "", "Gao"])
    assert watch == WatchList(include=("Mali", "Gao"), exclude=("football",))


def test_entries_folding_to_the_same_word_are_kept_once() -> None:
    assert WatchList(include=("Ménaka", "Menaka", " MENAKA ")).include == ("Ménaka",)


def test_watchlist_is_hashable_and_built_from_any_iterable() -> None:
    watch = WatchList(include=["Mali"], exclude=[])  # type: ignore[arg-type]
    assert watch.include == ("Mali",)
    assert hash(watch) == hash(WatchList(include=("Mali",)))


def test_read_watchlist_file(tmp_path) -> None:
    path = tmp_path / "watch.txt"
    path.write_text("Mali\n-sport\n# note\nSégou\n", encoding="utf-8")
    assert read_watchlist(path) == WatchList(include=("Mali", "Ségou"), exclude=("sport",))


@pytest.mark.parametrize(
    "required",
    ["Mali", "malien", "malienne", "maliens", "Bamako", "Tombouctou", "Timbuktu", "Gao", "Kidal",
     "Ménaka", "Mopti", "Ségou", "Sikasso", "Kayes", "Koulikoro", "Taoudénit", "Douentza",
     "Bandiagara", "Djenné", "Ansongo", "Bourem", "Léré", "Niono", "Nampala", "Boulkessi",
     "Tessalit", "Aguelhok", "Anéfis", "Tinzaouaten", "FAMa", "JNIM", "GSIM", "FLA", "CSP-DPA",
     "CSP-PSD", "Wagner", "Africa Corps", "MINUSMA", "EIGS", "ISGS", "IS Sahel",
     "Katiba Macina", "Azawad"],
)  # fmt: skip
def test_default_watchlist_covers_places_and_actors(required: str) -> None:
    assert match_keywords(f"News from {required} today.", DEFAULT) != ()


def test_keyword_pattern_tolerates_separators() -> None:
    assert keyword_pattern("CSP-DPA") == r"csp[\s'\-]?dpa"
    assert keyword_pattern("Africa  Corps") == r"africa[\s'\-]+corps"


def test_long_text_is_scanned_in_one_pass() -> None:
    """A long text with the keyword at the very end is still found (no truncation)."""
    text = "Nothing to see here. " * 20_000 + "Then Kidal."
    assert match_keywords(text, DEFAULT) == ("Kidal",)
