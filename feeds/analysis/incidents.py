"""Is this event one we already know? Matching a story's event to a known incident.

An event and an incident are the same when their dates, places and types are compatible
(codebook §5) and their claims do not rule it out. Each test widens with imprecision:

* date: the gap between the two periods is at most the larger pad of the two precisions
  (day 3, week 7, month 31, year 31 days);
* place: the same name (an offset named from a town, a road named by its ends, count as that
  town's name); else distance within a radius that grows with the coarser precision (offset 50 km,
  locality 35 km, cercle 120 km); with only a region known, the same admin1; with no place on
  either side, only the very same type within a day;
* type: the same type, or the same family (airstrike ~ drone strike; attack ~ ambush ~ attack on
  a camp ~ clash ~ IED); a generic attack or an untyped event also matches any type when the
  place is known; an execution matches an attack only when the victims are civilians;
* claims: a claimant whose toll falls to less than a third of what it said before, or tolls ten
  times apart, point to another event.

:func:`match_event` keeps the best-scoring candidate; ties go to the smaller date gap, the shorter
distance, then the lower incident id, so the answer never depends on the candidates' order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from feeds.analysis.incident_evidence import (
    BATTLE_DAYS,
    FIGHTING,
    POOLED_COLLAPSE_POINTS,
    TYPE_POINTS,
    Evidence,
    actor_points,
    claim_points,
    date_gap,
    date_points,
    place_points,
)
from feeds.analysis.incident_evidence import (
    shares_a_claim as shares_a_claim,
)
from feeds.analysis.places.unlisted import same_place_name
from feeds.model import (
    Category,
    Claim,
    DatePrecision,
    EventReport,
    EventType,
    Incident,
    Place,
    PlacePrecision,
    Qualifier,
    Role,
    VictimKind,
)
from feeds.model.calendar import period_end
from feeds.model.folding import fold_key
from feeds.model.geo import distance_km

DATE_PAD_DAYS = {
    DatePrecision.DAY: 3,
    DatePrecision.WEEK: 7,
    DatePrecision.MONTH: 31,
    DatePrecision.YEAR: 31,
}
MATCH_RADIUS_KM = {PlacePrecision.OFFSET: 50.0, PlacePrecision.LOCALITY: 35.0}
CERCLE_RADIUS_KM = 120.0
SAME_AREA_RADIUS_KM = {PlacePrecision.OFFSET: 60.0, PlacePrecision.LOCALITY: 25.0}
PLACE_RANK = {
    PlacePrecision.OFFSET: 0,
    PlacePrecision.LOCALITY: 1,
    PlacePrecision.CERCLE: 2,
    PlacePrecision.REGION: 3,
    PlacePrecision.COUNTRY: 4,
}
AIR = frozenset({EventType.AIRSTRIKE, EventType.DRONE_STRIKE})
GROUND = frozenset(
    {EventType.ATTACK, EventType.AMBUSH, EventType.ATTACK_ON_CAMP, EventType.CLASH, EventType.IED}
)
VAGUE = frozenset({Qualifier.SEVERAL, Qualifier.SOME, Qualifier.DENIAL})
# Claimants that are many people, not one institution keeping one count (codebook §4 names).
POOLED_SOURCES = frozenset(
    {"residents", "local officials", "security sources", "medical sources", "humanitarian sources"}
)


def best_place(places: Sequence[Place]) -> Place | None:
    """The most specific place (offset > locality > cercle > region > country), Mali first."""
    in_mali = [place for place in places if place.country == "Mali"]
    pool = in_mali or list(places)
    return min(pool, key=lambda p: PLACE_RANK[p.precision]) if pool else None


def is_same_area(
    a: Place, b: Place, *, radius_km: dict[PlacePrecision, float] | None = None
) -> bool:
    """Could two place mentions be the site of one event? (Used to tell events apart.)"""
    return _place_affinity(a, b, radius_km or SAME_AREA_RADIUS_KM) is not None


def candidate_window(event: EventReport) -> tuple[date, date]:
    """The days to search for candidate incidents; an empty window for an undated event."""
    if event.date is None:
        return date.max, date.min
    first, last = event.date.day, period_end(event.date)
    days = DATE_PAD_DAYS[event.date.precision]
    if event.event_type in FIGHTING and event.date.precision is DatePrecision.DAY:
        days = max(days, BATTLE_DAYS)  # a battle told days apart (incident_evidence)
    pad = timedelta(days=days)
    return first - pad, max(last, first + pad)


def is_same_incident(event: EventReport, incident: Incident) -> bool:
    """True when ``event`` can be ``incident``: compatible date, place, type and claims."""
    return _match_key(event, incident) is not None


def match_event(event: EventReport, candidates: Sequence[Incident]) -> Incident | None:
    """The best-matching candidate, or ``None`` when none is compatible."""
    scored = [(key, incident) for incident in candidates if (key := _match_key(event, incident))]
    if not scored:
        return None
    return min(scored, key=lambda pair: pair[0])[1]


def _match_key(event: EventReport, incident: Incident) -> tuple[float, ...] | None:
    """A sort key (lower is better) when the evidence says one event, else ``None``."""
    found = weigh_evidence(event, incident)
    if found is None or not found.is_match:
        return None
    incident_id = incident.id if incident.id is not None else math.inf
    return (-found.total, found.gap_days, found.distance_km, incident_id)


def weigh_evidence(event: EventReport, incident: Incident) -> Evidence | None:
    """The evidence that ``event`` is ``incident`` (``incident_evidence``); ``None`` when a
    date or a place rules it out."""
    if event.date is None:
        return None
    claims = (*event.claims, *incident.claims)
    kind = type_affinity(event.event_type, incident.event_type, claims)
    battle = event.event_type in FIGHTING and incident.event_type in FIGHTING
    when = date_points(event.date, incident.date, battle=battle and _named_alike(event, incident))
    if when is None:
        return None
    place = place_points(event.place, incident.place, named_alike=_named_alike(event, incident))
    if place is None:
        return None
    place_score, distance = place
    ruled_out = claims_rule_out(event.claims, incident.claims)
    pooled = not ruled_out and pooled_toll_collapses(event.claims, incident.claims)
    return Evidence(
        date=when,
        place=place_score,
        kind=TYPE_POINTS[kind],
        claims=claim_points(event.claims, incident.claims, ruled_out=ruled_out)
        + (POOLED_COLLAPSE_POINTS if pooled else 0.0),
        actors=actor_points(event.claims, incident.claims),
        gap_days=date_gap(event.date, incident.date),
        distance_km=distance,
    )


def _named_alike(event: EventReport, incident: Incident) -> bool:
    a, b = event.place, incident.place
    if a is None or b is None or a.country != b.country:
        return False
    if PlacePrecision.COUNTRY in (a.precision, b.precision):
        return False
    return _is_named_alike(a, b)


def type_affinity(first: EventType, second: EventType, claims: Sequence[Claim] = ()) -> int:
    """3 same type, 2 same family, 1 generic (an untyped event with anything), 0 incompatible."""
    if EventType.OTHER in (first, second):
        return 1
    if first is second:
        return 3
    pair = {first, second}
    if pair <= AIR or pair <= GROUND:
        return 2
    if EventType.EXECUTION in pair and EventType.ATTACK in pair:
        civilians = any(claim.victims is VictimKind.CIVILIANS for claim in claims)
        return 2 if civilians else 0
    if EventType.ATTACK in pair:
        return 1
    return 0


def _place_affinity(
    a: Place | None, b: Place | None, radius_km: dict[PlacePrecision, float]
) -> tuple[int, float] | None:
    """(score, distance) when compatible, ``None`` when the places rule the match out.

    Score 3: same name; 2: within the radius; 1: same region only; 0: unknown on one side.
    """
    if a is None or b is None:
        return 0, math.inf
    if a.country != b.country:
        return None
    if PlacePrecision.COUNTRY in (a.precision, b.precision):
        return 0, math.inf
    if _is_named_alike(a, b):
        return 3, 0.0
    coarse = max(a.precision, b.precision, key=lambda p: PLACE_RANK[p])
    if coarse is PlacePrecision.REGION:
        same = a.admin1 is None or b.admin1 is None or fold_key(a.admin1) == fold_key(b.admin1)
        return (1, math.inf) if same else None
    distance = distance_km(a, b)
    if coarse is PlacePrecision.CERCLE:
        if a.admin2 and b.admin2:
            return (1, distance or 0.0) if fold_key(a.admin2) == fold_key(b.admin2) else None
        return (1, distance) if distance is not None and distance <= CERCLE_RADIUS_KM else None
    if distance is None:  # a village the story names but nothing locates is anywhere
        unlocated = a.admin1 is None or b.admin1 is None
        same_region = a.admin1 and b.admin1 and fold_key(a.admin1) == fold_key(b.admin1)
        return (0, math.inf) if same_region or unlocated else None
    limit = max(radius_km.get(a.precision, 35.0), radius_km.get(b.precision, 35.0))
    return (2, distance) if distance <= limit else None


def _is_named_alike(a: Place, b: Place) -> bool:
    """Same name, an offset point named from the other place ("50 km N of Lerneb"), or a road
    named by its ends ("between Gao and Bourem") and one of those ends."""
    name_a, name_b = fold_key(a.name), fold_key(b.name)
    if name_a == name_b or name_b in _road_ends(name_a) or name_a in _road_ends(name_b):
        return True
    if a.precision is b.precision is PlacePrecision.LOCALITY:
        # "Binédama" / "Binedama"; a spelling variant only for a village known by name alone
        # (two gazetteer towns a few letters apart, Tessit and Tessalit, are two places)
        unlocated = a.lat is None or b.lat is None
        other_region = bool(a.admin1 and b.admin1 and fold_key(a.admin1) != fold_key(b.admin1))
        return not other_region and same_place_name(a.name, b.name, fuzzy=unlocated)
    if a.precision is PlacePrecision.OFFSET and b.precision is PlacePrecision.LOCALITY:
        return name_a.endswith(f" {name_b}")
    if b.precision is PlacePrecision.OFFSET and a.precision is PlacePrecision.LOCALITY:
        return name_b.endswith(f" {name_a}")
    return False


def _road_ends(folded_name: str) -> tuple[str, ...]:
    """The two towns of a road point named "between A and B"; ``()`` for any other name."""
    if not folded_name.startswith("between ") or " and " not in folded_name:
        return ()
    first, _, second = folded_name.removeprefix("between ").partition(" and ")
    return (first, second)


def claims_rule_out(first: Sequence[Claim], second: Sequence[Claim]) -> bool:
    """True when the new claims (``first``) and the known ones show two different events.

    Tolls rise as bodies are found, they rarely fall: a claimant now giving less than a third of
    its earlier figure speaks of another event; so do tolls an order of magnitude apart.
    """
    first_sizes = _sizes(first)
    second_sizes = _sizes(second)
    if _collapses(first_sizes, second_sizes, pooled=False):
        return True
    largest = (
        max((max(sizes) for sizes in first_sizes.values()), default=0),
        max((max(sizes) for sizes in second_sizes.values()), default=0),
    )
    return (
        min(largest) > 0 and max(largest) >= 10 * min(largest) and max(largest) - min(largest) >= 50
    )


def pooled_toll_collapses(first: Sequence[Claim], second: Sequence[Claim]) -> bool:
    """True when only a pool of sources ("residents", "local officials"…) now gives less than
    a third of its earlier toll: different residents may count one village of several, so it
    is weak evidence of another event, not a verdict."""
    return _collapses(_sizes(first), _sizes(second), pooled=True)


def _collapses(
    first: dict[tuple[str, Category, VictimKind], list[int]],
    second: dict[tuple[str, Category, VictimKind], list[int]],
    *,
    pooled: bool,
) -> bool:
    for key, sizes in first.items():
        known = second.get(key)
        if known and max(sizes) * 3 < min(known) and (key[0] in POOLED_SOURCES) is pooled:
            return True
    return False


def _sizes(claims: Sequence[Claim]) -> dict[tuple[str, Category, VictimKind], list[int]]:
    """Each claimant's killed figures per victim class (vague figures left out)."""
    sizes: dict[tuple[str, Category, VictimKind], list[int]] = {}
    for claim in claims:
        if claim.category is not Category.KILLED or claim.count.qualifier in VAGUE:
            continue
        if claim.role is Role.BACKGROUND or claim.scope is not None:
            continue
        size = claim.count.low if claim.count.low is not None else claim.count.high
        if size:
            sizes.setdefault((claim.claimant, claim.category, claim.victims), []).append(size)
    return sizes
