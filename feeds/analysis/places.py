"""The Mali gazetteer and place extraction (pure: reads only the bundled ``seeds/gazetteer.csv``).

Matching works on *folded* text (unidecode, lower case) split into word tokens. Every name and
variant is indexed under its tokens glued together, so "Tin-Zaouatene", "Tin Zaouatene" and
"Tinzaouatene" share one key, and "Nioro-du-Sahel" is "Nioro du Sahel". Regions and cercles are
indexed under their phrases too ("Timbuktu region", "région de Tombouctou", "cercle de Niono"),
so one longest-match scan over the tokens finds names and area phrases together: a run of
tokens is extended only while it is the beginning of some key, so the scan is linear in the text.

False hits are kept out by rules, not by luck (see docs/gazetteer.md):

- the place word must be capitalised in the original text ("dire" is a verb, "Diré" a town);
- short names that are also words or people's names (:data:`AMBIGUOUS`) must stand alone:
  not all capitals, not glued to another capitalised word ("Soni Ali Ber", "San Francisco");
- some names carry their own traps (:data:`TRAPS`): "Katiba Macina" is an armed group, the
  river and the Office du Niger are not the country Niger.

An unknown capitalised word close to a known name is matched fuzzily (RapidFuzz), so
"Tombuctou" finds Timbuktu; a distance in front of a place ("50 km north of Lerneb", "à une
cinquantaine de kilomètres au nord de Lerneb", "à 30 km de Gao") makes an offset mention.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process
from unidecode import unidecode

from feeds.model import Place, PlacePrecision

GAZETTEER_PATH = Path(__file__).resolve().parents[2] / "seeds" / "gazetteer.csv"
EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344

KINDS = ("region", "cercle", "town", "village", "locality", "country")
# A bare name that is both a town and an area ("Mopti") means the town.
_KIND_PREFERENCE = {"town": 0, "village": 0, "locality": 0, "cercle": 1, "region": 2, "country": 3}
_AREA_SUFFIX = {"region": (" region", " district"), "cercle": (" cercle",)}
_AREA_WORDS = {"region": ("region", "regions", "district"), "cercle": ("cercle", "cercles")}
_PHRASE_WORDS = frozenset(
    {"region", "regions", "cercle", "cercles", "district", "de", "du", "d", "of"}
)

# Short names that are also common words, first names or surnames: they must stand alone.
AMBIGUOUS = frozenset(
    {"ber", "bla", "san", "kati", "boni", "bamba", "dire", "macina", "nara", "kita", "koro"}
    | {"fana", "sio", "yoro", "fafa", "alata", "abala", "dori", "kaya", "pama", "sangha"}
    | {"adrar", "fada", "bobo", "ouaga", "dosso", "tessit", "sebba"}
)
# Names that also begin a sentence as ordinary words ("Dire", "Bla bla"): never at its start.
_COMMON_WORDS = frozenset({"dire", "bla", "sio", "fada", "bobo"})
# Words allowed to precede an ambiguous name with a capital ("In San", "À Kati").
_LEAD_WORDS = frozenset(
    {"in", "at", "near", "from", "to", "of", "around", "outside", "a", "de", "d", "dans", "pres"}
    | {"vers", "sur", "the", "le", "la", "les", "en", "au", "between", "and", "et", "entre"}
)
# Per-name traps: (pattern on the folded text before, pattern on the folded text after).
TRAPS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "macina": (
        re.compile(r"(?:katiba|liberation|front|flm)\W+(?:\w+\W+){0,2}$"),
        re.compile(r"^\W*(?:liberation|front)\b"),
    ),
    "niger": (
        # English "the Niger" is the river; the country takes no article ("Niger's army").
        re.compile(
            r"(?:\bthe|fleuve|office du|boucle du|delta(?: interieur| central)? du|river)\s+$"
        ),
        re.compile(r"^\W*(?:river|delta|inland|inner|basin|bend|bridge)\b"),
    ),
}
# Capitalised words that resemble a place but are not one (demonyms, days, first names).
_FUZZY_STOP = frozenset(
    {"malian", "maliens", "malienne", "algerian", "nigerien", "nigerian", "mauritanian"}
    | {"burkinabe", "senegalese", "guinean", "ivorian", "tuesday", "thursday", "saturday"}
    | {"fatouma", "fatoumata", "aminata", "mariam", "amadou", "mamadou", "moussa", "ousmane"}
    | {"boubacar", "abdoulaye", "seydou", "modibo", "assimi", "ibrahim", "oumar", "hamadoun"}
)
FUZZY_CUTOFF = 88.0
_FUZZY_MEMO_SIZE = 50_000  # capitalised words remembered between calls

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
_COMPASS = {0: "N", 45: "NE", 90: "E", 135: "SE", 180: "S", 225: "SW", 270: "W", 315: "NW"}


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
_OFFSET_WINDOW = 100
_TOKEN = re.compile(r"[a-z0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_JOINER = re.compile(r"[\s'\-]*")  # what may separate the tokens of one name


def fold(text: str) -> str:
    """Lower case, accents removed (the same folding as ``relevance.fold``)."""
    return unidecode(text).casefold()


def _key(name: str) -> str:
    """The index key of a name: its folded tokens glued together."""
    return "".join(_TOKEN.findall(fold(name)))


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
        for suffix in _AREA_SUFFIX.get(self.kind, ()):
            if base.lower().endswith(suffix):
                base = base[: -len(suffix)]
        return (base, *self.variants) if self.kind in _AREA_SUFFIX else ()

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
            compass = _COMPASS.get(round(self.bearing_deg) % 360, f"{self.bearing_deg:g}°")
            name = f"{distance} {compass} of {self.entry.name}"
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
        for word in _AREA_WORDS[entry.kind]:
            names.append(f"{base} {word}")
            names.extend(f"{word} {link} {base}" for link in ("de", "du", "d", "of"))
    return {tokens for tokens in (tuple(_TOKEN.findall(fold(n))) for n in names) if tokens}


@dataclass(frozen=True, slots=True)
class _Scan:
    """One text being searched: the original, its folded form and the folded word tokens."""

    text: str
    folded: str
    origin: tuple[int, ...]  # folded index → original index (one extra at the end)
    tokens: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, text: str) -> _Scan:
        pieces: list[str] = []
        origin: list[int] = []
        done = 0
        for match in _NON_ASCII.finditer(text):  # only these need unidecode, and may grow
            pieces.append(text[done : match.start()])
            origin.extend(range(done, match.start()))
            folded = unidecode(match.group())
            pieces.append(folded)
            origin.extend([match.start()] * len(folded))
            done = match.end()
        pieces.append(text[done:])
        origin.extend(range(done, len(text) + 1))
        folded_text = "".join(pieces).lower()
        tokens = tuple((m.start(), m.end()) for m in _TOKEN.finditer(folded_text))
        return cls(text, folded_text, tuple(origin), tokens)

    def word(self, i: int) -> str:
        return self.folded[self.tokens[i][0] : self.tokens[i][1]]

    def gap_before(self, i: int) -> str:
        """Folded text between token ``i - 1`` and token ``i``."""
        return self.folded[self.tokens[i - 1][1] : self.tokens[i][0]]

    def is_capitalised(self, i: int) -> bool:
        return self.text[self.origin[self.tokens[i][0]]].isupper()

    def original(self, start: int, end: int) -> tuple[int, int, str]:
        """The original span and text of the folded span [start, end)."""
        a, b = self.origin[start], self.origin[end - 1] + 1
        return a, b, self.text[a:b]


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
        scan = _Scan.of(text)
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

    def _match_at(self, scan: _Scan, i: int) -> tuple[PlaceMention, int] | None:
        """The longest acceptable name starting at token ``i``, and its last token."""
        glued, keys = "", []
        for j in range(i, len(scan.tokens)):
            if j > i and not _JOINER.fullmatch(scan.gap_before(j)):
                break  # names run across spaces, hyphens and apostrophes only
            glued += scan.word(j)
            keys.append((glued, j))
            if glued not in self._prefixes:
                break  # no longer name starts this way
        for key, j in reversed(keys):
            candidates = self._index.get(key)
            if candidates and _is_acceptable(scan, i, j):
                return _mention(scan, candidates[0], i, j), j
        return None

    def _fuzzy_at(self, scan: _Scan, i: int) -> tuple[PlaceMention, int] | None:
        """A misspelt place: a capitalised, longish word within one edit or so of a name."""
        word = scan.word(i)
        if len(word) < 6 or not scan.is_capitalised(i):
            return None
        if word not in self._fuzzy_memo:
            if len(self._fuzzy_memo) > _FUZZY_MEMO_SIZE:
                self._fuzzy_memo.clear()
            self._fuzzy_memo[word] = self._closest_name(word)
        key = self._fuzzy_memo[word]
        if key is None or not _stands_alone(scan, i, i, word):
            return None  # a guessed name must not look like part of a person's name
        return _mention(scan, self._index[key][0], i, i), i

    def _closest_name(self, word: str) -> str | None:
        """The key a misspelt word most likely means, or ``None``."""
        if word in self._index:
            return None  # a known name that the rules turned down stays turned down
        if word in _FUZZY_STOP or any(word[:n] in self._index for n in range(4, len(word))):
            return None  # a demonym or derived word: "Algerian", "Malians"
        match = process.extractOne(
            word, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        return match[0] if match is not None and match[0][0] == word[0] else None


def _is_acceptable(scan: _Scan, i: int, j: int) -> bool:
    """Whether tokens i..j, which spell a known key, really name a place here."""
    words = [scan.word(n) for n in range(i, j + 1)]
    head = next((n for n, w in enumerate(words) if w not in _PHRASE_WORDS), None)
    if head is None or not scan.is_capitalised(i + head):
        return False
    if head > 0 or (len(words) > 1 and words[-1] in _PHRASE_WORDS):
        return True  # an area phrase ("région de Ségou", "San Cercle") stands on its own
    name = "".join(words)
    start, end = scan.tokens[i][0], scan.tokens[j][1]
    trap = TRAPS.get(name)
    if trap and (
        trap[0].search(scan.folded[max(0, start - 60) : start])
        or trap[1].search(scan.folded[end : end + 30])
    ):
        return False
    return name not in AMBIGUOUS or _stands_alone(scan, i, j, name)


def _stands_alone(scan: _Scan, i: int, j: int, name: str) -> bool:
    """An ambiguous short name counts only where nothing suggests a person or a word."""
    surface = scan.original(scan.tokens[i][0], scan.tokens[j][1])[2]
    if surface.isupper() and len(surface) > 1:
        return False  # "KATI" in a shouted headline could be anything
    if i == 0 or re.search(r"[.!?:;\n\"«»()]", scan.gap_before(i)):
        if name in _COMMON_WORDS:
            return False  # "Dire que..." at the start of a sentence
    elif scan.is_capitalised(i - 1) and scan.word(i - 1) not in _LEAD_WORDS:
        return False  # "Yayi Boni", "Soni Ali Ber"
    return not (
        j + 1 < len(scan.tokens)
        and scan.gap_before(j + 1).strip(" ") == ""
        and scan.is_capitalised(j + 1)
    )  # "San Francisco", "Kati Smith"


def _mention(scan: _Scan, entry: GazetteerEntry, i: int, j: int) -> PlaceMention:
    """The mention of ``entry`` at tokens i..j, widened to an offset phrase before it."""
    start, end = scan.tokens[i][0], scan.tokens[j][1]
    offset_km = bearing = None
    if entry.kind != "country":
        window_start = max(0, start - _OFFSET_WINDOW)
        offset = _parse_offset(scan.folded[window_start:start])
        if offset is not None:
            offset_km, bearing, prefix_start = offset
            start = window_start + prefix_start
    a, b, surface = scan.original(start, end)
    return PlaceMention(entry, a, b, surface, offset_km, bearing)


def _parse_offset(before: str) -> tuple[float, float | None, int] | None:
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


def distance_km(a: Place, b: Place) -> float | None:
    """Great-circle (haversine) distance; ``None`` when either place has no point."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    phi1, phi2 = math.radians(a.lat), math.radians(b.lat)
    d_phi, d_lambda = phi2 - phi1, math.radians(b.lon - a.lon)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
