"""Villages the gazetteer does not list, named for one story from the way the story names them.

Most massacres happen in villages no gazetteer of ~350 rows can hold. Reporting introduces such a
place in a few fixed ways, in English and French:

* a place noun before the name: "the (Fulani) village of X", "the hamlets of X and Y", "le
  village peul de X", "la petite localité de X", "les hameaux de X, Y et Z", "la commune de X";
* a place noun after the name, set off by a comma: "X, a Fulani herding village in …", "X, une
  localité située à 40 km de Y", "à X, petit village du cercle de …";
* "X village" in English ("the attack on X village").

Each name so introduced becomes a story-local place: a locality named by its spelling in the
story (so that two stories naming the same village meet on the name — :func:`same_place_name`
tolerates spelling variants), whose area comes from the first gazetteer place named right after
it ("dans la commune de …, cercle de Bankass", "near Sangha", "à cinq kilomètres de Bandiagara",
"in the Mopti region"): a town or a distance from one lends its point (approximately where the
village is), a cercle or a region only its name. That following place only says where the
village lies, so it is no site of its own (as "Toubakoro, 150 km north of Bamako" in
``events/sites.py``). Once introduced, every later mention of the name in the story (a headline's
"Tuerie de X") is that place. Names the gazetteer knows are left to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Protocol

from rapidfuzz import fuzz

from feeds.analysis.places.rules import TOKEN, Scan
from feeds.model import Place, PlacePrecision
from feeds.model.folding import fold_key

# One word of a name: capitalised, letters, inner hyphens or apostrophes ("Koulogon", "Boki-Wéré").
_WORD = r"[A-ZÀ-Ý][\w’'-]*[^\W\d_]"
# A name: up to three such words, or a word and a short particle ("Sobane Da", "Tongo Tongo").
_NAME = rf"{_WORD}(?:[ -](?:{_WORD}|Da|Ba|Kô))?(?:[ -]{_WORD})?"
_OF = r"(?:de |d['’])?"
# A list ends with "and"/"et" ("X, Y et Z"); "X, Bankass cercle" is one name and its area.
_NAMES = rf"(?P<names>{_NAME}(?:(?:\s*,\s*{_OF}{_NAME})*\s+(?:and|et)\s+{_OF}{_NAME})?)"
_NOUN_EN = r"(?:villages?|hamlets?|localit(?:y|ies)|settlements?)"
_NOUN_FR = r"(?:villages?|hameaux?|localit[ée]s?|bourgades?|campements?)"
_ADJ_FR = (
    r"(?:peule?s?|peulhs?|peuhls?|dogons?|bambaras?|bozos?|touaregs?|songha[iï]s?|arabes?"
    r"|voisine?s?|rurale?s?|martyrs?|natale?)"
)
PLACE_NOUN_BEFORE = re.compile(
    rf"(?:\b{_NOUN_EN}\s+of\s+"
    rf"|\b(?:petite?s?\s+)?{_NOUN_FR}(?:\s+{_ADJ_FR}){{0,2}}\s+(?:de |d['’]\s?)){_NAMES}"
)
# A commune is named after its chief village; right after a village it only says where that lies.
COMMUNE_BEFORE = re.compile(rf"\b(?:the )?communes?\s+(?:rurale\s+)?(?:of|de|d['’]\s?){_NAMES}")
_FILLER = (
    r"(?:(?!(?:from|of|in|at|the|near|with|who|du|de|des|la|le|les|d|au|aux|en|dans|pres|qui)\b)"
    r"[\w-]+\s+)"
)
PLACE_NOUN_AFTER = re.compile(
    rf"(?P<names>{_NAME}),\s+(?:(?:a|an|the|one|un|une|le|la|l['’])\s*)?{_FILLER}{{0,3}}?"
    rf"(?:village|hamlet|locality|settlement|localit[ée]|hameau|bourgade)\b"
    r"(?!\s+(?:chief|head|elders?|leaders?|chefs?)\b)"
)
VILLAGE_AFTER_EN = re.compile(rf"(?P<names>{_NAME})\s+village\b")
# The site of the event told: "l'embuscade de X", "embuscade à X", "the attack on X", "the
# massacre in X" (a name no actor, acronym or demonym: see :func:`_is_name`).
EVENT_SITE = re.compile(
    r"\b(?:attacks?|raids?|massacres?|killings?|ambush(?:es)?|attaques?|tueries?|embuscades?"
    r"|assauts?)\s+(?:on|at|in|near|of|à|a|de|d['’]\s?|contre)\s+"
    rf"(?P<names>{_NAME})(?![\w’'-])"
)
_SPLIT_NAMES = re.compile(r"\s*,\s*(?:de |d['’])?|\s+(?:and|et)\s+(?:de |d['’])?")

# Capitalised words before "village" that say who lives there, or are no name at all.
NOT_A_NAME = frozenset(
    {"fulani", "peul", "peulh", "peuhl", "peuls", "dogon", "dogons", "bambara", "tuareg"}
    | {"touareg", "songhai", "bozo", "arab", "dozo", "mossi", "malian", "mali", "nigerien"}
    | {"burkinabe", "mauritanian", "central", "northern", "southern", "eastern", "western"}
    | {"remote", "small", "neighbouring", "neighboring", "border", "frontier", "one", "another"}
    | {"the", "a", "an", "each", "every", "same", "this", "that", "le", "la", "les", "un", "une"}
    | {"ce", "cette", "chaque", "mon", "notre", "leur", "their", "our", "his", "her", "its"}
    | {"fishing", "farming", "herding", "home", "his", "where", "whose", "which"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi"}
    | {"mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "january", "february"}
    | {"march", "april", "may", "june", "july", "august", "september", "october", "november"}
    | {"december", "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout"}
    | {"septembre", "octobre", "novembre", "decembre", "dawn", "night", "new", "christmas"}
)
ANCHOR_WINDOW = 110  # characters after a name searched for the place that says where it lies
ANCHOR_GAP = re.compile(r"^[^.;!?«»\"]*$")
FUZZY_NAME_CUTOFF = 80.0  # "Bouka Weré" ~ "Boki-Wéré"; short names must agree exactly
FUZZY_MIN_LENGTH = 6


class MentionLike(Protocol):
    """What the finder needs of a gazetteer mention (``places.gazetteer.PlaceMention``)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    def to_place(self) -> Place: ...


@dataclass(frozen=True, slots=True)
class UnlistedMention:
    """A story-local place named in a sentence: ``text[start:end]`` names ``place``."""

    place: Place
    start: int
    end: int

    def to_place(self) -> Place:
        return self.place


@dataclass(frozen=True, slots=True)
class Introduction:
    """Where a sentence introduces an unlisted place, and the mentions that only locate it."""

    key: str
    place: Place
    start: int
    end: int
    locating: tuple[int, ...]  # starts of the mentions in its anchor window (no sites)


# A village's community, written after its name or not ("Koulogon Peul", "Koulogon").
COMMUNITY_SUFFIX = frozenset({"peul", "peulh", "peuhl", "dogon", "bambara", "bozo", "tellem"})


def name_key(name: str) -> str:
    """A name's identity within and across stories: folded tokens glued together, without the
    community a village's name may carry ("Koulogon Peul" is "Koulogon")."""
    words = TOKEN.findall(fold_key(name))
    while len(words) > 1 and words[-1] in COMMUNITY_SUFFIX:
        words.pop()
    return "".join(words)


def same_place_name(a: str, b: str, *, fuzzy: bool = True) -> bool:
    """Two spellings of one village's name ("Binedama" / "Binédama", "Koulogon Peul" /
    "Koulogon", with ``fuzzy`` "Bouka Weré" / "Boki-Wéré"): equal keys, or long keys with the
    same first letter within a few edits."""
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    if not fuzzy or min(len(key_a), len(key_b)) < FUZZY_MIN_LENGTH or key_a[0] != key_b[0]:
        return False
    return fuzz.ratio(key_a, key_b) >= FUZZY_NAME_CUTOFF


def introductions(
    text: str, mentions: Sequence[MentionLike], *, known: frozenset[str] = frozenset()
) -> list[Introduction]:
    """The unlisted places ``text`` introduces, located by the gazetteer ``mentions`` after
    them; names the gazetteer matched (overlapping a mention) or ``known`` keys are skipped."""
    found: list[Introduction] = []
    taken: list[tuple[int, int]] = [(m.start, m.end) for m in mentions]
    windows: list[tuple[int, int]] = []  # after each village named: where it is said to lie
    for pattern in (
        PLACE_NOUN_BEFORE,
        PLACE_NOUN_AFTER,
        VILLAGE_AFTER_EN,
        EVENT_SITE,
        COMMUNE_BEFORE,
    ):
        for match in pattern.finditer(text):
            if pattern is COMMUNE_BEFORE and any(a <= match.start() <= b for a, b in windows):
                continue  # "le village de X, commune de Y": Y says where X is
            windows.append((match.end(), match.end() + ANCHOR_WINDOW))
            base = match.start("names")
            for name, start in _split(match.group("names"), base):
                end = start + len(name)
                key = name_key(name)
                if not _is_name(name) or key in known:
                    continue
                if any(a < end and start < b for a, b in taken):
                    continue
                anchor, locating = _anchor(text, mentions, match.end())
                place = _place(name, anchor) if anchor else _in_area(text, name, mentions, start)
                found.append(Introduction(key, place, start, end, locating))
                taken.append((start, end))
    found.sort(key=lambda intro: intro.start)
    return found


def _split(names: str, base: int) -> list[tuple[str, int]]:
    """The names of a list ("Kama et de Sènèbamanan"), each with its start in the text."""
    parts: list[tuple[str, int]] = []
    position = 0
    for separator in [*_SPLIT_NAMES.finditer(names), None]:
        stop = separator.start() if separator else len(names)
        piece = names[position:stop]
        if piece:
            parts.append((piece, base + position))
        if separator:
            position = separator.end()
    return parts


def _is_name(name: str) -> bool:
    """A place's name: not a demonym or a determiner, not an acronym ("MINUSMA", "FAMa"), not
    an actor's name ("Barkhane", "Wagner")."""
    words = TOKEN.findall(fold_key(name))
    if not words or words[0] in NOT_A_NAME or len("".join(words)) < 3:
        return False
    if sum(ch.isupper() for ch in name) > len(TOKEN.findall(fold_key(name))) + 1:
        return False  # acronyms and shouted words
    return fold_key(name) not in actor_aliases()


@cache
def actor_aliases() -> frozenset[str]:
    """Every actor alias of ``seeds/actors.csv``, folded: names that are no place."""
    import csv

    from seeds import SEEDS_DIR

    with (SEEDS_DIR / "actors.csv").open(encoding="utf-8", newline="") as handle:
        return frozenset(fold_key(row["alias"]).strip() for row in csv.DictReader(handle))


def _anchor(
    text: str, mentions: Sequence[MentionLike], after: int
) -> tuple[Place | None, tuple[int, ...]]:
    """The first gazetteer place named just after an introduction, in the same clause, and
    the starts of the mentions in that window (they locate the village, they are no sites)."""
    anchor: Place | None = None
    locating: list[int] = []
    for mention in mentions:
        if mention.start < after or mention.start > after + ANCHOR_WINDOW:
            continue
        if not ANCHOR_GAP.match(text[after : mention.start]):
            break
        place = mention.to_place()
        if place.precision is PlacePrecision.COUNTRY:
            continue
        if anchor is None:
            anchor = place
        if place.precision in (PlacePrecision.LOCALITY, PlacePrecision.OFFSET):
            locating.append(mention.start)
    return anchor, tuple(locating)


def _in_area(text: str, name: str, mentions: Sequence[MentionLike], start: int) -> Place:
    """A village with no place after it takes the area (not the point) of the place named just
    before it in the sentence ("Banamba : … l'attaque du village de X")."""
    from feeds.analysis.events.sites import DATELINE

    dateline = DATELINE.match(text)
    after_dateline = dateline.end() if dateline else 0
    before = [m.to_place() for m in mentions if after_dateline <= m.start and m.end <= start]
    area = next((p for p in reversed(before) if p.precision is not PlacePrecision.COUNTRY), None)
    return _area_only(_place(name, area))


def _area_only(place: Place) -> Place:
    return replace(place, lat=None, lon=None)


def _place(name: str, anchor: Place | None) -> Place:
    """The story-local place: a locality with the anchor's area, and its point when the anchor
    is a town or a distance from one (a cercle's or a region's point is too far off)."""
    name = re.sub(r"\s+", " ", name.strip())
    if anchor is None:
        return Place(name=name, precision=PlacePrecision.LOCALITY)
    near = anchor.precision in (PlacePrecision.LOCALITY, PlacePrecision.OFFSET)
    return Place(
        name=name,
        admin1=anchor.admin1,
        admin2=anchor.admin2 if anchor.precision is not PlacePrecision.REGION else None,
        lat=anchor.lat if near else None,
        lon=anchor.lon if near else None,
        precision=PlacePrecision.LOCALITY,
        country=anchor.country,
    )


def story_mentions(
    texts: Sequence[str], mentions: Sequence[Sequence[MentionLike]]
) -> list[list[MentionLike | UnlistedMention]]:
    """Each sentence's mentions with the story's unlisted places added, in text order, and the
    places that only locate a village (its anchor window) left out.

    Introductions are collected over the whole story first, so that a headline naming the
    village before the body introduces it ("Tuerie de X" … "le village peul de X") finds it.
    """
    places: dict[str, Place] = {}
    located: list[tuple[Introduction, ...]] = []
    for text, found in zip(texts, mentions, strict=True):
        intros = tuple(introductions(text, found, known=frozenset(places)))
        for intro in intros:
            places.setdefault(intro.key, intro.place)
        located.append(intros)
    headline_area = next(
        (
            p
            for m in (mentions[0] if mentions else ())
            if (p := m.to_place()).precision is not PlacePrecision.COUNTRY
        ),
        None,
    )
    # a village nothing locates is in the country the lead first names ("… attack on X army
    # camp in Niger"), Mali by default
    lead = [m.to_place() for found in mentions[:2] for m in found]
    country = lead[0].country if lead else "Mali"
    for key, place in list(places.items()):
        if place.admin1 is None:  # a later introduction, or the headline, may say where it lies
            better = next(
                (i.place for intros in located for i in intros if i.key == key and i.place.admin1),
                None,
            )
            if better is None and headline_area is not None:
                better = _area_only(_place(place.name, headline_area))
            places[key] = (
                replace(better, name=place.name) if better else replace(place, country=country)
            )
    result: list[list[MentionLike | UnlistedMention]] = []
    for text, found, intros in zip(texts, mentions, located, strict=True):
        locating = {start for intro in intros for start in intro.locating}
        kept: list[MentionLike | UnlistedMention] = [m for m in found if m.start not in locating]
        kept += _named(text, found, places)
        kept.sort(key=lambda m: m.start)
        result.append(kept)
    return result


def _named(
    text: str, found: Sequence[MentionLike], places: dict[str, Place]
) -> list[UnlistedMention]:
    """Mentions in ``text`` of the story's unlisted places (capitalised, not inside a
    gazetteer mention)."""
    if not places:
        return []
    scan = Scan.of(text)
    hits: list[UnlistedMention] = []
    i = 0
    while i < len(scan.tokens):
        hit = _name_at(scan, i, places)
        if hit is None:
            i += 1
            continue
        key, last = hit
        start, end, _ = scan.original(scan.tokens[i][0], scan.tokens[last][1])
        if not any(m.start < end and start < m.end for m in found):
            hits.append(UnlistedMention(places[key], start, end))
        i = last + 1
    return hits


def _name_at(scan: Scan, i: int, places: dict[str, Place]) -> tuple[str, int] | None:
    if not scan.is_capitalised(i):
        return None
    glued = ""
    best: tuple[str, int] | None = None
    for j in range(i, min(i + 4, len(scan.tokens))):
        if j > i and scan.gap_before(j) not in (" ", "-", "'"):
            break
        glued += scan.word(j)
        if glued in places:
            best = (glued, j)
    return best
