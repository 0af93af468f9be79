"""Phrases around a place name: distance offsets and area phrases, in English and French.

An offset phrase in front of a name ("50 km north of Lerneb", "some 30 miles from Gao", "à une
cinquantaine de kilomètres au nord de Lerneb", "à 30 km de Gao") gives a distance and maybe a
bearing; :func:`parse_offset` reads it backwards from the name. Area phrases ("Timbuktu
region", "région de Tombouctou", "cercle de Niono") are the ways a region or cercle is named:
:func:`area_phrases` spells them out for the gazetteer's index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

KM_PER_MILE = 1.609344
OFFSET_WINDOW = 100  # characters before a name searched for an offset phrase

# Region and cercle names: the suffixes of their gazetteer names, the words of their phrases.
AREA_SUFFIX = {"region": (" region", " district"), "cercle": (" cercle",)}
AREA_WORDS = {"region": ("region", "regions", "district"), "cercle": ("cercle", "cercles")}
AREA_LINKS = ("de", "du", "d", "of")
PHRASE_WORDS = frozenset({*AREA_WORDS["region"], *AREA_WORDS["cercle"], *AREA_LINKS})

_NUM_EN = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "a hundred": 100, "one hundred": 100, "a dozen": 12,
}  # fmt: skip
_NUM_FR = {
    "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9,
    "dix": 10, "douze": 12, "quinze": 15, "vingt": 20, "trente": 30, "quarante": 40,
    "cinquante": 50, "soixante": 60, "cent": 100,
}  # fmt: skip
_APPROX_NOUNS = {
    "dizaine": 10, "douzaine": 12, "quinzaine": 15, "vingtaine": 20, "trentaine": 30,
    "quarantaine": 40, "cinquantaine": 50, "soixantaine": 60, "centaine": 100,
}  # fmt: skip
_BEARINGS = {
    "north": 0, "nord": 0, "northeast": 45, "nordest": 45, "east": 90, "est": 90,
    "southeast": 135, "sudest": 135, "south": 180, "sud": 180, "southwest": 225,
    "sudouest": 225, "west": 270, "ouest": 270, "northwest": 315, "nordouest": 315,
}  # fmt: skip
COMPASS = {0: "N", 45: "NE", 90: "E", 135: "SE", 180: "S", 225: "SW", 270: "W", 315: "NW"}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_DIR_EN = r"(?:north|south)[\s-]?(?:east|west)|north|south|east|west"
_DIR_FR = r"(?:nord|sud)[\s-]?(?:est|ouest)|nord|sud|est|ouest"
_EN_OFFSET = re.compile(
    r"(?:(?:some|about|around|approximately|roughly|nearly|almost|an estimated|over|more than"
    r"|less than|up to|just)\s+)?"
    rf"(?<![a-z0-9])(?P<num>\d+(?:[.,]\d+)?|{_alternation(_NUM_EN)})\s*-?\s*"
    r"(?P<unit>km|kms|kilometers?|kilometres?|miles?)\.?(?:\s*\([^()]{0,30}\))?\s+"
    rf"(?:(?:to the\s+)?(?P<dir>{_DIR_EN})\s+of|from|outside(?: of)?|away from|of)\s+$"
)
_FR_OFFSET = re.compile(
    r"(?:a\s+)?(?:(?:environ|quelque|pres de|plus de|moins de|seulement)\s+)?"
    rf"(?:(?<![a-z0-9])(?P<num>\d+(?:[.,]\d+)?|{_alternation(_NUM_FR)})|une\s+(?P<noun>"
    rf"{_alternation(_APPROX_NOUNS)})\s+de)\s*(?P<unit>km|kilometres?)\s+"
    rf"(?:(?:au|a l'?|a l )\s*(?P<dir>{_DIR_FR})\s+)?(?:de\s+|d'\s*|du\s+)$"
)


def area_phrases(base: str, kind: str) -> list[str]:
    """The phrases naming an area ``base`` of ``kind``: "Ségou region", "région de Ségou"..."""
    phrases: list[str] = []
    for word in AREA_WORDS.get(kind, ()):
        phrases.append(f"{base} {word}")
        phrases.extend(f"{word} {link} {base}" for link in AREA_LINKS)
    return phrases


def compass_point(bearing_deg: float) -> str:
    """The compass point ("N", "NE"...) of one of the eight main bearings, else degrees."""
    return COMPASS.get(round(bearing_deg) % 360, f"{bearing_deg:g}°")


def parse_offset(before: str) -> tuple[float, float | None, int] | None:
    """Distance, bearing and start of an offset phrase ending ``before`` (folded text)."""
    for pattern in (_EN_OFFSET, _FR_OFFSET):
        match = pattern.search(before)
        if match is None:
            continue
        groups = match.groupdict()
        if groups.get("noun"):
            km = float(_APPROX_NOUNS[groups["noun"]])
        else:
            raw = groups["num"]
            word_value = _NUM_EN.get(raw) or _NUM_FR.get(raw) or 0
            km = float(raw.replace(",", ".")) if raw[0].isdigit() else float(word_value)
        if groups["unit"].startswith("mile"):
            km = round(km * KM_PER_MILE, 1)
        direction = groups.get("dir")
        bearing = float(_BEARINGS[re.sub(r"[\s-]", "", direction)]) if direction else None
        return km, bearing, match.start()
    return None
