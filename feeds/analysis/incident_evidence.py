"""How strongly a story's event and a known incident look like one real event: an evidence score.

Hard windows split one event whenever a single test falls just outside its limit: a village the
gazetteer does not know (no point), two outlets typing one event differently, a toll given a day
later. Instead, each kind of evidence adds or takes points, and the event is the incident when the
sum reaches :data:`MATCH_THRESHOLD` (codebook §5: compatible date, place and type):

* **date** — the same day is strong (+2), the next day good (+1.5), two days weak (+0.5), three
  days neutral; beyond the precision's pad it counts against (−3), except between two reports
  of fighting at one place, since a battle lasts days (−1); a week, a month or a year says
  little (+0.5, 0, −0.5);
* **place** — the same name, spelling variants included (+3); a point within the radius (+2
  falling to 0 at its edge; a distance from a town widens it to a third of that distance); the
  same cercle (+1); the same region, or nothing better (0); a place unknown on one side, or two
  villages of one region with no point (−0.5); two names with nothing to say they are close
  (−1.5); up to twice the radius (−1.5). Another region, another country, or farther still rule
  the match out;
* **type** — the same type (+2), the same family (+1.5), a generic attack or an untyped event
  (+0.5), incompatible (−1.25: two outlets may type one event differently, so the rest of the
  evidence can still carry it: the very place within a day);
* **claims** — one same figure from one claimant on both sides (+2.5), tolls that rule the
  match out (−5; −2 when only a pool of sources such as residents gives a much lower toll),
  overlapping figures of different claimants for the same victims (+0.5), a claimant speaking
  on both sides (+0.25);
* **actors** — the same perpetrator named on both sides (+0.5), two different ones (−0.5).

The weights were set so that the traps stay apart (an attack four days later at the same camp;
another village with its own toll; an event at the other end of a region) and measured on the
development splits (docs/incidents.md §5).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from feeds.model import (
    Category,
    Claim,
    DatePrecision,
    EventDate,
    EventType,
    Place,
    PlacePrecision,
    Qualifier,
    VictimKind,
)
from feeds.model.calendar import period_end
from feeds.model.folding import fold_key
from feeds.model.geo import distance_km

MATCH_THRESHOLD = 3.25
DATE_PAD_DAYS = {
    DatePrecision.DAY: 3,
    DatePrecision.WEEK: 7,
    DatePrecision.MONTH: 31,
    DatePrecision.YEAR: 31,
}
DATE_RANK = {
    DatePrecision.DAY: 0,
    DatePrecision.WEEK: 1,
    DatePrecision.MONTH: 2,
    DatePrecision.YEAR: 3,
}
BATTLE_DAYS = 7  # fighting at one place told days apart is still one battle
DAY_POINTS = {0: 2.0, 1: 1.5, 2: 0.5, 3: 0.0}
COARSE_DATE_POINTS = {DatePrecision.WEEK: 0.5, DatePrecision.MONTH: 0.0, DatePrecision.YEAR: -0.5}
BEYOND_PAD_POINTS = -3.0
BATTLE_POINTS = -1.0
SAME_NAME_POINTS = 3.0
SAME_CERCLE_POINTS = 1.0
UNKNOWN_PLACE_POINTS = -0.5
FAR_POINTS = -1.5
OTHER_NAME_POINTS = -1.5  # two villages of different names, nothing to say they are close
TYPE_POINTS = {3: 2.0, 2: 1.5, 1: 0.5, 0: -1.25}
SHARED_CLAIM_POINTS = 2.5
RULED_OUT_POINTS = -5.0
POOLED_COLLAPSE_POINTS = -2.0
OVERLAP_POINTS = 0.5
SHARED_CLAIMANT_POINTS = 0.25
PERPETRATOR_POINTS = 0.5
RADIUS_KM = {PlacePrecision.OFFSET: 50.0, PlacePrecision.LOCALITY: 35.0}
CERCLE_RADIUS_KM = 120.0
PLACE_RANK = {
    PlacePrecision.OFFSET: 0,
    PlacePrecision.LOCALITY: 1,
    PlacePrecision.CERCLE: 2,
    PlacePrecision.REGION: 3,
    PlacePrecision.COUNTRY: 4,
}
VAGUE = frozenset({Qualifier.SEVERAL, Qualifier.SOME, Qualifier.DENIAL})
FIGHTING = frozenset({EventType.CLASH})
OFFSET_KM = re.compile(r"^(\d+(?:\.\d+)?) km\b")  # an offset point's name: "200 km N of Bamako"


@dataclass(frozen=True, slots=True)
class Evidence:
    """The points each kind of evidence gave; ``total`` decides, the rest explains."""

    date: float
    place: float
    kind: float
    claims: float
    actors: float
    gap_days: int
    distance_km: float

    @property
    def total(self) -> float:
        return self.date + self.place + self.kind + self.claims + self.actors

    @property
    def is_match(self) -> bool:
        return self.total >= MATCH_THRESHOLD


def date_gap(a: EventDate, b: EventDate) -> int:
    """Days between two periods; 0 when they overlap."""
    return max(0, (a.day - period_end(b)).days, (b.day - period_end(a)).days)


def date_points(a: EventDate, b: EventDate, *, battle: bool = False) -> float | None:
    """Points for two dates; ``None`` when they are too far apart to be one event."""
    gap = date_gap(a, b)
    pad = max(DATE_PAD_DAYS[a.precision], DATE_PAD_DAYS[b.precision])
    coarse = max(a.precision, b.precision, key=DATE_RANK.__getitem__)
    if gap <= pad:
        if coarse is DatePrecision.DAY:
            return DAY_POINTS.get(gap, 0.0)
        return COARSE_DATE_POINTS[coarse] if gap == 0 else COARSE_DATE_POINTS[coarse] - 0.5
    if battle and gap <= BATTLE_DAYS:
        return BATTLE_POINTS
    return BEYOND_PAD_POINTS if gap <= 2 * pad else None


def place_points(
    a: Place | None, b: Place | None, *, named_alike: bool
) -> tuple[float, float] | None:
    """(points, distance) for two places; ``None`` when they cannot be one site."""
    if a is None or b is None:
        return UNKNOWN_PLACE_POINTS, math.inf
    if a.country != b.country:
        return None
    if PlacePrecision.COUNTRY in (a.precision, b.precision):
        return UNKNOWN_PLACE_POINTS, math.inf
    if named_alike:
        return SAME_NAME_POINTS, 0.0
    coarse = max(a.precision, b.precision, key=lambda p: PLACE_RANK[p])
    admin1_differs = bool(a.admin1 and b.admin1 and fold_key(a.admin1) != fold_key(b.admin1))
    if coarse is PlacePrecision.REGION:
        return None if admin1_differs else (0.0, math.inf)
    distance = distance_km(a, b)
    same_cercle = bool(a.admin2 and b.admin2 and fold_key(a.admin2) == fold_key(b.admin2))
    if coarse is PlacePrecision.CERCLE:
        if a.admin2 and b.admin2:
            return (SAME_CERCLE_POINTS, distance or 0.0) if same_cercle else None
        if distance is not None:
            return (SAME_CERCLE_POINTS, distance) if distance <= CERCLE_RADIUS_KM else None
        return None if admin1_differs else (0.0, math.inf)
    if distance is None:  # a village known by its name and area only, and another name
        if same_cercle:
            return SAME_CERCLE_POINTS, math.inf
        if admin1_differs:
            return None
        return (UNKNOWN_PLACE_POINTS if a.admin1 and b.admin1 else OTHER_NAME_POINTS), math.inf
    limit = max(_radius(a), _radius(b))
    if distance <= limit:  # two names: the closer, the likelier one site
        return 2.0 - 2.0 * distance / limit, distance
    if distance <= 2 * limit:
        return (SAME_CERCLE_POINTS if same_cercle else FAR_POINTS), distance
    return None


def _radius(place: Place) -> float:
    """How far off a point may be: a distance from a town is only as good as a third of it
    ("200 km north of Bamako" may be 60 km off)."""
    radius = RADIUS_KM.get(place.precision, 35.0)
    if place.precision is PlacePrecision.OFFSET and (found := OFFSET_KM.match(place.name)):
        radius = max(radius, float(found.group(1)) / 3)
    return radius


def claim_points(first: Sequence[Claim], second: Sequence[Claim], *, ruled_out: bool) -> float:
    """Shared figures, overlapping figures and shared claimants; a toll that rules it out."""
    points = RULED_OUT_POINTS if ruled_out else 0.0
    if shares_a_claim(first, second):
        points += SHARED_CLAIM_POINTS
    elif _figures_overlap(first, second):
        points += OVERLAP_POINTS
    if _claimants(first) & _claimants(second):
        points += SHARED_CLAIMANT_POINTS
    return points


def actor_points(first: Sequence[Claim], second: Sequence[Claim]) -> float:
    """The same perpetrator named on both sides, or two different ones."""
    ours = {c.perpetrator for c in first if c.perpetrator}
    theirs = {c.perpetrator for c in second if c.perpetrator}
    if not ours or not theirs:
        return 0.0
    return PERPETRATOR_POINTS if ours & theirs else -PERPETRATOR_POINTS


def shares_a_claim(first: Sequence[Claim], second: Sequence[Claim]) -> bool:
    """True when both carry one same claim (claimant, category, figure): the same event retold,
    as when a story recalls "the FLA's accusation of 24 executions" without saying where."""
    known = {_figure(claim) for claim in second if claim.count.qualifier not in VAGUE}
    return any(_figure(claim) in known for claim in first if claim.count.qualifier not in VAGUE)


def _figure(claim: Claim) -> tuple[object, ...]:
    return (claim.claimant, claim.category, claim.count.low, claim.count.high)


def _figures_overlap(first: Sequence[Claim], second: Sequence[Claim]) -> bool:
    """Two claimants' killed figures for the same class of victims that can both be true."""
    for a in first:
        for b in second:
            if a.claimant == b.claimant or not (_is_count(a) and _is_count(b)):
                continue
            if a.victims is not b.victims or a.victims is VictimKind.UNSPECIFIED:
                continue
            if _overlap(a, b):
                return True
    return False


def _is_count(claim: Claim) -> bool:
    return (
        claim.category is Category.KILLED
        and claim.count.qualifier not in VAGUE
        and claim.scope is None
        and (claim.count.low or 0) > 0
    )


def _overlap(a: Claim, b: Claim) -> bool:
    low_a, high_a = a.count.low or 0, a.count.high if a.count.high is not None else math.inf
    low_b, high_b = b.count.low or 0, b.count.high if b.count.high is not None else math.inf
    return low_a <= high_b and low_b <= high_a


def _claimants(claims: Sequence[Claim]) -> set[str]:
    """Claimants that are not a medium's own voice (an outlet speaks about everything)."""
    return {c.claimant for c in claims if "." not in c.claimant and c.count.qualifier not in VAGUE}
