"""Incident matching locks by place and date bucket, instead of one lock for every story.

Two story transactions that each look for candidates of one new event, find none and open an
incident would open it twice. The one global lock of ``storage.queries.locks`` made every story
transaction wait for every other; only transactions whose candidate searches could see each
other's incidents need to wait. On PostgreSQL, :func:`lock_match_areas` takes transaction-level
advisory locks keyed by a hash of (place key, date bucket) for every area a story will search:

* a search around a point locks each cell of a :data:`CELL_DEGREES` grid that its bounding box
  touches; a search by region locks that region (``admin1``); a point search with a region
  locks both (it also sees the region's incidents without coordinates, and a region search
  sees every incident of its region);
* every cell / region key is taken for each :data:`BUCKET_DAYS`-day bucket the date window
  touches;
* each search also takes a *shared* lock per date bucket, and a search with no place at all
  (it sees every incident of its dates) takes that bucket lock *exclusively*.

Why that suffices: an incident T1 opens (or moves, when it refines one) lies at T1's event's
place and dates, which T1's own search area contains; if T2's search could return it, T2's area
contains that place and one of those days, so both lock one common key (a cell or region of
that place in that bucket; or the bucket itself, shared by T1 and exclusive for a placeless T2)
and the later one waits for the first to commit, then sees its incident. Keys are taken in
ascending order, before any write, so that two stories never wait on each other in a cycle.
A hash collision only makes two unrelated stories wait for each other.

On SQLite nothing is taken: the story transaction's ``BEGIN IMMEDIATE`` already holds the
database's single write lock (SQLite stays serialized).
"""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import text

if TYPE_CHECKING:
    from sqlmodel import Session

log = logging.getLogger(__name__)

CELL_DEGREES = 4.0  # ~440 km: a candidate box (<= ~190 km each way) touches <= 4 cells
BUCKET_DAYS = 8
KM_PER_DEGREE_LAT = 111.32
_KEY_PREFIX = "mw:match:"  # distinct from the migration lock and the old global matching key


@dataclass(frozen=True, slots=True)
class SearchArea:
    """What one event's candidate search reads: a date window and a box and/or a region."""

    day_from: date
    day_to: date
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_km: float | None = None

    @property
    def near(self) -> bool:
        return self.lat is not None and self.lon is not None and self.radius_km is not None


def _key(*parts: object) -> int:
    """A signed 64-bit advisory lock key, stable across processes (never Python's hash())."""
    digest = hashlib.blake2b(
        (_KEY_PREFIX + ":".join(map(str, parts))).encode(), digest_size=8
    ).digest()
    return int.from_bytes(digest, "big", signed=True)


def _buckets(area: SearchArea) -> range:
    first, last = area.day_from.toordinal(), area.day_to.toordinal()
    return range(first // BUCKET_DAYS, last // BUCKET_DAYS + 1)


def _cells(area: SearchArea) -> list[tuple[int, int]]:
    assert area.lat is not None and area.lon is not None and area.radius_km is not None
    lat_delta = area.radius_km / KM_PER_DEGREE_LAT
    cos = max(math.cos(math.radians(area.lat)), 0.01)
    lon_delta = area.radius_km / (KM_PER_DEGREE_LAT * cos)
    rows = range(
        math.floor((area.lat - lat_delta) / CELL_DEGREES),
        math.floor((area.lat + lat_delta) / CELL_DEGREES) + 1,
    )
    columns = range(
        math.floor((area.lon - lon_delta) / CELL_DEGREES),
        math.floor((area.lon + lon_delta) / CELL_DEGREES) + 1,
    )
    return [(row, column) for row in rows for column in columns]


def match_lock_keys(areas: Iterable[SearchArea]) -> list[tuple[int, bool]]:
    """(key, exclusive) pairs for the areas, in ascending key order (exclusive wins a tie)."""
    wanted: dict[int, bool] = {}

    def want(key: int, exclusive: bool) -> None:
        wanted[key] = wanted.get(key, False) or exclusive

    for area in areas:
        if area.day_from > area.day_to:
            continue  # an undated event searches nothing
        placeless = not area.near and not area.admin1
        cells = _cells(area) if area.near else []
        for bucket in _buckets(area):
            want(_key("day", bucket), placeless)
            for row, column in cells:
                want(_key("cell", row, column, bucket), True)
            if area.admin1:
                want(_key("region", area.admin1.casefold(), bucket), True)
    return sorted(wanted.items())


def lock_match_areas(*, session: Session, areas: Iterable[SearchArea]) -> list[tuple[int, bool]]:
    """Hold the matching locks of ``areas`` until the session's transaction ends (PostgreSQL;
    nothing on SQLite). Call it first in the story transaction. Returns the keys taken."""
    if session.get_bind().dialect.name != "postgresql":
        return []
    keys = match_lock_keys(areas)
    if keys:  # one statement: the function scan takes them in the arrays' (ascending) order
        session.execute(
            _LOCK_ALL,
            {"keys": [key for key, _ in keys], "modes": [mode for _, mode in keys]},
        )
    log.debug("holding %d incident matching locks", len(keys))
    return keys


_LOCK_ALL = text(
    "SELECT count(CASE WHEN exclusive THEN pg_advisory_xact_lock(key)"
    " ELSE pg_advisory_xact_lock_shared(key) END)"
    " FROM unnest(CAST(:keys AS bigint[]), CAST(:modes AS boolean[])) AS wanted(key, exclusive)"
)
