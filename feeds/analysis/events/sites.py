"""Where an event happened: the places of a sentence that can be its site.

Called by :func:`feeds.analysis.story.analyse_story` on each sentence's gazetteer mentions;
the result goes to the segmenter (``segment.py``), which picks an event's most specific place.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Protocol

from feeds.model import Place, PlacePrecision
from feeds.model.folding import fold_key

# Not the site of an event: a dateline, where the wounded were taken, the ends of a route the
# victims were travelling. A dateline opens the body with where the copy was filed, then a dash:
# capitals with an optional agency ("BAMAKO, Mali (AP) —", "PARIS/BAMAKO (Reuters) -", "BAMAKO -"),
# a town in any case followed by its agency ("Bamako (AFP) -", "Gao, 3 juin (AFP) –"), or a
# bracketed place and date ("(Nairobi, April 5, 2017) –").
_DATELINE_TAIL = r"(?:,\s*[\w'’ .-]{2,30}){0,2}"
DATELINE = re.compile(
    rf"^\s*(?:[A-ZÀ-Ý][A-ZÀ-Ý'’ ./-]{{2,}}{_DATELINE_TAIL}\s*(?:\([^)]{{1,30}}\))?"
    rf"|[A-ZÀ-Ý][\w'’.-]+(?: [A-ZÀ-Ý][\w'’.-]+){{0,2}}{_DATELINE_TAIL}\s*\([A-Z][\w./ -]{{1,28}}\)"
    rf"|\([A-ZÀ-Ý][^)]{{1,40}}\))\s*[—–-]{{1,2}}\s"
)
CARE_BEFORE = re.compile(
    r"\b(?:taken|evacuated|transported|rushed|transferred|flown|brought|admitted|evacue\w*"
    r"|transporte\w*|achemine\w*|transfere\w*|hospitali[sz]\w*)\b[^.;]{0,40}$"
    r"|\b(?:hospital|clinic|health cent\w+|hopital|centre de sante|csref|chu)\b[^.;]{0,30}$"
)
ROUTE_BEFORE = re.compile(
    r"\b(?:from|vers|towards|en provenance d[eu]|a destination d[eu])\s+(?:the |la |le |l')?$"
    r"|\b(?:axe|axis|road|route|corridor)\s+(?:[\w'-]+\s*-\s*)?$"
    r"|\b(?:road|route|highway) (?:to |de |du |d'|vers )$"
    r"|\bfrom [^.;,]{1,30}\bto\s+$|\bde [^.;,]{1,30}\ba\s+$"
)
# Where someone spoke from is not where the event was: "told reporters in Bamako", "told AFP by
# phone from Menaka", "speaking in Bamako", "a déclaré à Bamako", "joint par téléphone depuis Gao".
SPEECH_VENUE_BEFORE = re.compile(
    r"\b(?:told|said|says|speaking|spoke|briefing|declared|announced|declare|indique|affirme"
    r"|annonce|confie|explique|joint|jointe?s?|interroge|contacte)"
    r"(?: (?:to |a )?(?:reporters|journalists|the press|la presse|afp|l'afp|reuters|ap|rfi"
    r"|by (?:tele)?phone|par telephone|au telephone|on the phone))*,? (?:in|from|depuis|a) $"
)
# A place named as an official's office is where the speaker holds office, not the event's site:
# "le gouverneur de Mopti", "the governor of the Mopti region", "le maire de Ségou", "the prefect
# of Bankass", "le préfet du cercle de Bankass" (OFFICE_BEFORE), "the Mopti governor", "Gao's
# mayor" (OFFICE_AFTER). Another mention of the town in the story still places the event there.
_OFFICE = (
    r"(?:governors?|gouverneurs?|mayors?|maires?|prefects?|prefets?|sous-prefets?|sub-prefects?"
    r"|deputy mayors?|deputes?|mps?|lawmakers?|councill?ors?|conseillers?|elus?|chefs? de village"
    r"|village chiefs?|chefs? de quartier)"
)
OFFICE_BEFORE = re.compile(
    rf"\b{_OFFICE}(?: (?:adjoints?|regional|regionale?|communal|communale?|interim|par interim))?"
    r" (?:(?:of|for) (?:the )?(?:(?:region|cercle|district|commune|town|city) of )?"
    r"|(?:du |de la |de l')?(?:(?:region|cercle|commune|ville|district) )?(?:de |d'|du ))$"
)
OFFICE_AFTER = re.compile(
    rf"^(?:'s)?(?: (?:region|regional|cercle|district|town|city))? {_OFFICE}\b"
)
# A venue named after a town ("le Campement Kangaba", "the Kangaba resort") is not that town: the
# name comes right after (or before) a venue noun with no "de"/"in" between. The venue's town is
# the place the text names as such ("l'hôtel Byblos de Sévaré", "a resort near Bamako").
VENUE_BEFORE = re.compile(
    r"\b(?:campement|hotel|resort|lodge|restaurant|auberge|residence|maquis|bar|club|cafe)"
    r" (?:hotel )?$"
)
VENUE_AFTER = re.compile(r"^ (?:resort|lodge|hotel|restaurant|campsite|club)\b")
# "dans la région de Ménaka", "in the Menaka region", "cercle de Kolokani", "Kolokani cercle":
# the town's name stands for its region or cercle, not for the town itself.
AREA_BEFORE = re.compile(
    r"\b(?:(?P<region>regions?)|(?P<cercle>cercles?|districts?)) (?:de |d'|du |of )(?:the )?$"
)
AREA_AFTER = re.compile(r"^(?:'s)? (?:(?P<region>regions?)|(?P<cercle>cercles?|districts?))\b")
# "Toubakoro, about 150 km north of Bamako", "Kolokani, à environ 120 km au nord de Bamako":
# a distance from another town, set off by a comma or a bracket right after a named place, tells
# the reader where that place lies; the named place is the site. The gap between the two:
GLOSS_GAP = re.compile(
    r"^(?:'s)?(?: (?:area|zone|commune|village|town|locality|localite))?\s*[,(]\s*"
    r"(?:(?:located|situated|lying|situee?s?)\s+)?$"
)
# A French headline's rubric ("Kolokani : six personnes enlevées à Massantola") files the story
# under an area; the site is the place the sentence goes on to name.
RUBRIC_END = re.compile(r"^\s?:\s")
# Both ends of a road ("between Gao and Bourem", "entre Gao et Bourem", "l'axe Gao-Bourem"): the
# event was on the road between them.
ROAD_BETWEEN = re.compile(r"^(?:\s*-\s*|\s+(?:and|et)\s+)$")
ROAD_BEFORE = re.compile(
    r"\b(?:axe|axis|road|route|troncon|highway)\s+(?:(?:between|entre|linking|reliant)\s+)?$"
)
ROAD_AFTER = re.compile(r"^\s+(?:road|highway|axis|corridor)\b")  # "the Gao-Bourem road"


class PlaceMentionLike(Protocol):
    """What :func:`event_places` needs of ``places.PlaceMention``."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    def to_place(self) -> Place: ...


def event_places(text: str, mentions: Sequence[PlaceMentionLike]) -> list[Place]:
    """The places of a sentence that can be an event's site, in the order they are named.

    A dateline ("BAMAKO, Mali (AP) —"), where a speaker spoke from ("told reporters in Bamako")
    and where the wounded were taken ("evacuated to the hospital in Sévaré") say where the news,
    the speech or the care was, not where the event was; a
    distance from another town glossing the place just named ("Toubakoro, 150 km north of
    Bamako") says where that place lies.
    """
    folded = fold_key(text)
    dateline_end = match.end() if (match := DATELINE.match(text)) else 0
    kept = [
        m
        for m in mentions
        if m.start >= dateline_end
        and not CARE_BEFORE.search(folded[max(0, m.start - 60) : m.start])
        and not ROUTE_BEFORE.search(folded[max(0, m.start - 40) : m.start])
        and not SPEECH_VENUE_BEFORE.search(folded[max(0, m.start - 60) : m.start])
        and not _names_office_or_venue(folded, m)
    ]
    kept = [m for i, m in enumerate(kept) if i == 0 or not _is_gloss(folded, kept[i - 1], m)]
    places = [_as_area(folded, m) for m in kept]
    found = _road_between(folded, mentions)
    if found is None:
        return places
    road, ends = found
    # "Axe Kayes-Bamako : camions incendiés à Kita": a site named besides the road wins.
    return places if any(m not in ends for m in kept) else [road, *places]


def _names_office_or_venue(folded: str, mention: PlaceMentionLike) -> bool:
    """The mention is the seat of an official's office or part of a venue's name."""
    before = folded[max(0, mention.start - 60) : mention.start]
    after = folded[mention.end : mention.end + 24]
    if OFFICE_BEFORE.search(before) or OFFICE_AFTER.match(after):
        return True
    return bool(VENUE_BEFORE.search(before) or VENUE_AFTER.match(after))


def _is_gloss(folded: str, named: PlaceMentionLike, offset: PlaceMentionLike) -> bool:
    """An offset from another town set off right after a named Malian town or cercle."""
    place, point = named.to_place(), offset.to_place()
    return (
        point.precision is PlacePrecision.OFFSET
        and place.precision in (PlacePrecision.LOCALITY, PlacePrecision.CERCLE)
        and place.country == "Mali"
        and not fold_key(point.name).endswith(f" {fold_key(place.name)}")
        and GLOSS_GAP.match(folded[named.end : offset.start]) is not None
    )


def _as_area(folded: str, mention: PlaceMentionLike) -> Place:
    """The mention's place, widened to its cercle or region when the text names it so."""
    place = mention.to_place()
    if place.precision is not PlacePrecision.LOCALITY:
        return place
    area = AREA_BEFORE.search(folded[max(0, mention.start - 20) : mention.start]) or (
        AREA_AFTER.search(folded[mention.end : mention.end + 12])
    )
    if area is not None and area.group("region"):
        return _region_of(place)
    if (area is not None and area.group("cercle")) or (
        mention.start == 0 and RUBRIC_END.match(folded[mention.end : mention.end + 3])
    ):
        return replace(place, precision=PlacePrecision.CERCLE)
    return place


def _region_of(place: Place) -> Place:
    """The gazetteer's region whose capital ``place`` names ("Ménaka" → "Ménaka Region")."""
    from feeds.analysis.places.gazetteer import load_gazetteer

    entry = load_gazetteer().lookup(f"{place.admin1 or place.name} Region")
    if entry is not None and entry.kind == "region":
        return entry.to_place()
    return replace(place, admin2=None, precision=PlacePrecision.REGION)


def _road_between(
    folded: str, mentions: Sequence[PlaceMentionLike]
) -> tuple[Place, tuple[PlaceMentionLike, PlaceMentionLike]] | None:
    """A point halfway along a road named by its two ends, with those ends; or ``None``."""
    for first, second in itertools.pairwise(mentions):
        if not ROAD_BETWEEN.match(folded[first.end : second.start]):
            continue
        road_word = ROAD_BEFORE.search(folded[max(0, first.start - 24) : first.start])
        if not road_word and not ROAD_AFTER.match(folded[second.end : second.end + 12]):
            continue
        a, b = first.to_place(), second.to_place()
        if None in (a.lat, a.lon, b.lat, b.lon) or a.country != b.country:
            continue
        road = replace(
            b,
            name=f"between {a.name} and {b.name}",
            lat=(a.lat + b.lat) / 2,  # type: ignore[operator]
            lon=(a.lon + b.lon) / 2,  # type: ignore[operator]
            precision=PlacePrecision.OFFSET,
        )
        return road, (first, second)
    return None
