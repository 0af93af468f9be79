"""The Mali gazetteer and place extraction (pure: reads only the bundled ``seeds/gazetteer.csv``).

Matching works on *folded* text (unidecode, lower case) split into word tokens. Every name and
variant is indexed under its tokens glued together, so "Tin-Zaouatene", "Tin Zaouatene" and
"Tinzaouatene" share one key, and "Nioro-du-Sahel" is "Nioro du Sahel". Regions and cercles are
indexed under their phrases too ("Timbuktu region", "région de Tombouctou", "cercle de Niono"),
so one longest-match scan over the tokens finds names and area phrases together: a run of
tokens is extended only while it is the beginning of some key, so the scan is linear in the text.

False hits are kept out by rules, not by luck: capitalisation, ambiguous short names that must
stand alone, per-name traps (``feeds/analysis/places/rules.py``, docs/gazetteer.md).

An unknown capitalised word close to a known name is matched fuzzily (RapidFuzz), so
"Tombuctou" finds Timbuktu; a distance in front of a place ("50 km north of Lerneb", "à une
cinquantaine de kilomètres au nord de Lerneb", "à 30 km de Gao") makes an offset mention
(``feeds/analysis/places/phrases.py``).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from feeds.analysis.places.phrases import (
    AREA_SUFFIX,
    OFFSET_WINDOW,
    area_phrases,
    compass_point,
    parse_offset,
)
from feeds.analysis.places.rules import (
    FUZZY_STOP,
    JOINER,
    TOKEN,
    Scan,
    is_acceptable,
    stands_alone,
)
from feeds.model import Place, PlacePrecision
from feeds.model.folding import fold_key
from feeds.model.geo import EARTH_RADIUS_KM
from seeds import SEEDS_DIR

GAZETTEER_PATH = SEEDS_DIR / "gazetteer.csv"

KINDS = ("region", "cercle", "town", "village", "locality", "country")
# A bare name that is both a town and an area ("Mopti") means the town.
_KIND_PREFERENCE = {"town": 0, "village": 0, "locality": 0, "cercle": 1, "region": 2, "country": 3}

FUZZY_CUTOFF = 88.0
_FUZZY_MEMO_SIZE = 50_000  # capitalised words remembered between calls


def _key(name: str) -> str:
    """The index key of a name: its folded tokens glued together."""
    return "".join(TOKEN.findall(fold_key(name)))


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One row of ``seeds/gazetteer.csv``."""

    name: str
    variants: tuple[str, ...]
    kind: str  # region | cercle | town | village | locality | country
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    country: str = "Mali"
    note: str = ""

    @property
    def precision(self) -> PlacePrecision:
        return {
            "region": PlacePrecision.REGION,
            "cercle": PlacePrecision.CERCLE,
            "country": PlacePrecision.COUNTRY,
        }.get(self.kind, PlacePrecision.LOCALITY)

    @property
    def area_names(self) -> tuple[str, ...]:
        """For a region or cercle, its bare names: "Timbuktu Region" → ("Timbuktu", ...)."""
        base = self.name
        for suffix in AREA_SUFFIX.get(self.kind, ()):
            if base.lower().endswith(suffix):
                base = base[: -len(suffix)]
        return (base, *self.variants) if self.kind in AREA_SUFFIX else ()

    def to_place(self) -> Place:
        return Place(
            name=self.name,
            admin1=self.admin1,
            lat=self.lat,
            lon=self.lon,
            precision=self.precision,
            admin2=self.admin2,
            country=self.country,
        )


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in a text, ``text[start:end] == surface``; maybe offset from it."""

    entry: GazetteerEntry
    start: int
    end: int
    surface: str
    offset_km: float | None = None
    bearing_deg: float | None = None

    def to_place(self) -> Place:
        """The place meant: an offset point ("50 km N of Lerneb") or the entry itself.

        An offset without a direction ("à 30 km de Gao") keeps the locality's point; its
        precision OFFSET and its name tell the reader the point is only within that distance.
        """
        if self.offset_km is None:
            return self.entry.to_place()
        lat, lon = self.entry.lat, self.entry.lon
        distance = f"{self.offset_km:g} km"
        if self.bearing_deg is None:
            name = f"{distance} from {self.entry.name}"
        else:
            lat, lon = offset_point(lat, lon, self.offset_km, self.bearing_deg)
            name = f"{distance} {compass_point(self.bearing_deg)} of {self.entry.name}"
        return Place(
            name=name,
            admin1=self.entry.admin1,
            lat=round(lat, 4),
            lon=round(lon, 4),
            precision=PlacePrecision.OFFSET,
            admin2=self.entry.admin2,
            country=self.entry.country,
        )


def _phrases(entry: GazetteerEntry) -> set[tuple[str, ...]]:
    """The folded token sequences naming an entry: names, variants and area phrases."""
    names = [entry.name, *entry.variants]
    for base in entry.area_names:
        names.extend(area_phrases(base, entry.kind))
    return {tokens for tokens in (tuple(TOKEN.findall(fold_key(n))) for n in names) if tokens}


class Gazetteer:
    """Names of places in and around Mali, with a one-pass finder over folded tokens."""

    def __init__(self, entries: Iterable[GazetteerEntry]) -> None:
        self.entries: tuple[GazetteerEntry, ...] = tuple(entries)
        index: dict[str, list[GazetteerEntry]] = {}
        for entry in self.entries:
            for tokens in _phrases(entry):
                index.setdefault("".join(tokens), []).append(entry)
        for candidates in index.values():
            candidates.sort(key=lambda e: _KIND_PREFERENCE.get(e.kind, 9))
        self._index = index
        # Every proper prefix of a key: a run of tokens is worth extending only while it is one
        # ("tin" may become "tinzaouaten" whether the text writes it in one word or two).
        self._prefixes = frozenset(key[:n] for key in index for n in range(1, len(key)))
        self._fuzzy_keys = sorted(k for k in index if len(k) >= 5)
        self._fuzzy_memo: dict[str, str | None] = {}  # capitalised word → key or None

    def __len__(self) -> int:
        return len(self.entries)

    def lookup(self, name: str) -> GazetteerEntry | None:
        """The entry for a name or phrase, exact after folding, else the closest close one."""
        key = _key(name)
        if not key:
            return None
        candidates = self._index.get(key)
        if candidates is None:
            match = process.extractOne(
                key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF - 3
            )
            candidates = self._index[match[0]] if match else None
        return candidates[0] if candidates else None

    def find_places(self, text: str) -> list[PlaceMention]:
        """Every place named in ``text``, in text order (see the module docstring)."""
        scan = Scan.of(text)
        mentions: list[PlaceMention] = []
        i = 0
        while i < len(scan.tokens):
            found = self._match_at(scan, i) or self._fuzzy_at(scan, i)
            if found is None:
                i += 1
                continue
            mention, last = found
            mentions.append(mention)
            i = last + 1
        return mentions

    def _match_at(self, scan: Scan, i: int) -> tuple[PlaceMention, int] | None:
        """The longest acceptable name starting at token ``i``, and its last token."""
        glued, keys = "", []
        for j in range(i, len(scan.tokens)):
            if j > i and not JOINER.fullmatch(scan.gap_before(j)):
                break  # names run across spaces, hyphens and apostrophes only
            glued += scan.word(j)
            keys.append((glued, j))
            if glued not in self._prefixes:
                break  # no longer name starts this way
        for key, j in reversed(keys):
            candidates = self._index.get(key)
            if candidates and is_acceptable(scan, i, j):
                return _mention(scan, candidates[0], i, j), j
        return None

    def _fuzzy_at(self, scan: Scan, i: int) -> tuple[PlaceMention, int] | None:
        """A misspelt place: a capitalised, longish word within one edit or so of a name."""
        word = scan.word(i)
        if len(word) < 6 or not scan.is_capitalised(i):
            return None
        if word not in self._fuzzy_memo:
            if len(self._fuzzy_memo) > _FUZZY_MEMO_SIZE:
                self._fuzzy_memo.clear()
            self._fuzzy_memo[word] = self._closest_name(word)
        key = self._fuzzy_memo[word]
        if key is None or not stands_alone(scan, i, i, word):
            return None  # a guessed name must not look like part of a person's name
        return _mention(scan, self._index[key][0], i, i), i

    def _closest_name(self, word: str) -> str | None:
        """The key a misspelt word most likely means, or ``None``."""
        if word in self._index:
            return None  # a known name that the rules turned down stays turned down
        if word in FUZZY_STOP or any(word[:n] in self._index for n in range(4, len(word))):
            return None  # a demonym or derived word: "Algerian", "Malians"
        match = process.extractOne(
            word, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        return match[0] if match is not None and match[0][0] == word[0] else None


def _mention(scan: Scan, entry: GazetteerEntry, i: int, j: int) -> PlaceMention:
    """The mention of ``entry`` at tokens i..j, widened to an offset phrase before it."""
    start, end = scan.tokens[i][0], scan.tokens[j][1]
    offset_km = bearing = None
    if entry.kind != "country":
        window_start = max(0, start - OFFSET_WINDOW)
        offset = parse_offset(scan.folded[window_start:start])
        if offset is not None:
            offset_km, bearing, prefix_start = offset
            start = window_start + prefix_start
    a, b, surface = scan.original(start, end)
    return PlaceMention(entry, a, b, surface, offset_km, bearing)


def read_gazetteer_csv(path: Path) -> list[GazetteerEntry]:
    """The entries of a gazetteer CSV (columns as in ``seeds/gazetteer.csv``)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            GazetteerEntry(
                name=row["name"].strip(),
                variants=tuple(v.strip() for v in row["variants"].split("|") if v.strip()),
                kind=row["kind"].strip(),
                admin1=row["admin1"].strip() or None,
                admin2=row["admin2"].strip() or None,
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country=row["country"].strip() or "Mali",
                note=(row.get("note") or "").strip(),
            )
            for row in csv.DictReader(handle)
        ]


@cache
def load_gazetteer() -> Gazetteer:
    """The bundled gazetteer, built once per process."""
    return Gazetteer(read_gazetteer_csv(GAZETTEER_PATH))


def offset_point(lat: float, lon: float, km: float, bearing_deg: float) -> tuple[float, float]:
    """The point ``km`` away from (lat, lon) along the great circle leaving at ``bearing_deg``."""
    phi1, lambda1 = math.radians(lat), math.radians(lon)
    theta, delta = math.radians(bearing_deg), km / EARTH_RADIUS_KM
    phi2 = math.asin(
        math.sin(phi1) * math.cos(delta) + math.cos(phi1) * math.sin(delta) * math.cos(theta)
    )
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(delta) * math.cos(phi1),
        math.cos(delta) - math.sin(phi1) * math.sin(phi2),
    )
    lon2 = (math.degrees(lambda2) + 540.0) % 360.0 - 180.0
    return math.degrees(phi2), lon2
