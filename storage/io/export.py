"""Exports: JSON Lines (the stable format of docs/export.md), ACLED-style CSV, GeoJSON.

``export_incidents(session=, fmt=, out=)`` picks the writer by the CLI's format name.

Two guards on what reaches other programs: a coordinate that is not a finite number is written
as ``null`` / empty / "not located" (JSON has no ``Infinity`` or ``NaN``: ``json.dumps`` runs
with ``allow_nan=False``), and a CSV text cell that a spreadsheet would read as a formula
(starting with ``= + - @``, a tab or a carriage return) is prefixed with ``'``.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TextIO
from urllib.parse import urlsplit

from sqlalchemy import exists
from sqlmodel import Session, col, select

from feeds.model import Category, CategoryTally, Claim, Role, VictimKind
from feeds.model.corrections import Correction
from feeds.model.outcome import IncidentView, StoredContradiction, StoryRef
from storage.io.acled import GEO_PRECISION, TIME_PRECISION, acled_type
from storage.models import ClaimRow, FeedRow, IncidentRow, StoryIncidentRow, StoryRow
from storage.queries._convert import claim_from_row
from storage.queries.views import build_views

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "actor2", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)  # fmt: skip
ACLED_PREFIX = "MLI-MW-"


def export_incidents(*, session: Session, fmt: str, out: TextIO) -> None:
    writers = {"jsonl": write_jsonl, "acled-csv": write_acled_csv, "geojson": write_geojson}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}: choose one of {sorted(writers)}")
    writers[fmt](session=session, out=out)


def all_views(session: Session) -> list[IncidentView]:
    rows = session.exec(select(IncidentRow).order_by(col(IncidentRow.id)))
    return build_views(session=session, rows=list(rows))


def finite(value: float | None) -> float | None:
    """``value`` when it is a finite number, else ``None`` (rows stored before the import
    refused ``inf`` coordinates may still hold one)."""
    return value if value is not None and math.isfinite(value) else None


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, prefixed with ``'``; numbers as they
    are (a negative longitude stays a number). A carriage return becomes a line break: the csv
    module does not quote a lone ``\r`` with our ``\n`` line ends, which would split the row."""
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _json(record: object) -> str:
    return json.dumps(record, ensure_ascii=False, allow_nan=False)


def iso_utc(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


# ── JSON Lines ──────────────────────────────────────────────────────────────────────────────


def write_jsonl(*, session: Session, out: TextIO) -> None:
    """One incident per line (by id), then one line per relevant story in no incident."""
    views = all_views(session)
    copies = _original_urls(session, views)
    for view in views:
        out.write(_json(incident_record(view, copies)) + "\n")
    for record in loose_story_records(session):
        out.write(_json(record) + "\n")


def claim_record(claim: Claim, sources: list[str]) -> dict[str, Any]:
    return {
        "claimant": claim.claimant,
        "category": claim.category.value,
        "low": claim.count.low,
        "high": claim.count.high,
        "qualifier": claim.count.qualifier.value,
        "victims": claim.victims.value,
        "victims_detail": claim.victims_detail,
        "scope": claim.scope,
        "perpetrator": claim.perpetrator,
        "role": claim.role.value,
        "story_url": sources[0] if sources else claim.story_url,
        "sentence": claim.sentence,
        "sources": sources,
    }


def dedupe_claims(
    claims: Iterable[Claim],
) -> tuple[list[Claim], dict[tuple[object, ...], list[str]]]:
    """Claims with equal ``key`` are one claim: first seen kept, every story URL a source."""
    firsts: dict[tuple[object, ...], Claim] = {}
    sources: dict[tuple[object, ...], list[str]] = {}
    for claim in claims:
        firsts.setdefault(claim.key, claim)
        urls = sources.setdefault(claim.key, [])
        if claim.story_url and claim.story_url not in urls:
            urls.append(claim.story_url)
    return list(firsts.values()), sources


def incident_fields(view: IncidentView) -> dict[str, Any]:
    """The incident's own fields (no stories, claims or tallies)."""
    incident = view.incident
    place = incident.place
    return {
        "id": incident.id,
        "event_date": incident.date.day.isoformat(),
        "date_precision": incident.date.precision.value,
        "event_type": incident.event_type.value,
        "summary": incident.summary,
        "location": place.name if place else None,
        "admin1": place.admin1 if place else None,
        "lat": finite(place.lat) if place else None,
        "lon": finite(place.lon) if place else None,
        "first_seen": iso_utc(incident.first_seen),
        "last_updated": iso_utc(incident.last_updated),
        "acled_id": incident.acled_id,
    }


def incident_record(view: IncidentView, copies: dict[int, str]) -> dict[str, Any]:
    """One JSONL incident line; ``copies`` maps wire originals' story ids to their URLs."""
    claims, sources = dedupe_claims(stored.claim for stored in view.claims)
    index = {claim.key: position for position, claim in enumerate(claims)}
    return {
        **incident_fields(view),
        "stories": [_story_ref_record(ref, copies) for ref in view.stories],
        "claims": [claim_record(claim, sources[claim.key]) for claim in claims],
        "contradictions": [_contradiction_record(c, index) for c in view.contradictions],
        "tallies": [_tally_record(tally) for tally in view.tallies],
        "merged_into": view.merged_into,
        "corrections": [correction_record(c) for c in view.corrections],
    }


def correction_record(correction: Correction) -> dict[str, Any]:
    return {
        "kind": correction.kind.value,
        "made_by": correction.made_by,
        "made_at": iso_utc(correction.made_at),
        "incident_id": correction.incident_id,
        "other_incident_id": correction.other_incident_id,
        "story_id": correction.story_id,
        "claim_id": correction.claim_id,
        "detail": correction.detail,
    }


def _tally_record(tally: CategoryTally) -> dict[str, Any]:
    return {
        "category": tally.category.value,
        "low": tally.low,
        "high": tally.high,
        "conservative": tally.conservative,
        "no_number": tally.no_number,
    }


def _story_ref_record(ref: StoryRef, copies: dict[int, str]) -> dict[str, Any]:
    original = ref.syndicated_copy_of
    return {
        "url": ref.url,
        "title": ref.title,
        "published": iso_utc(ref.published),
        "feed": ref.feed,
        "syndicated_copy_of": copies.get(original) if original is not None else None,
        "role": ref.role,
    }


def _contradiction_record(
    stored: StoredContradiction, index: dict[tuple[object, ...], int]
) -> dict[str, Any]:
    found = stored.contradiction
    return {
        "kind": found.kind.value,
        "category": found.category.value,
        "summary": found.summary,
        "claims": [index[found.first.key], index[found.second.key]],
    }


def _original_urls(session: Session, views: Sequence[IncidentView]) -> dict[int, str]:
    ids = {ref.syndicated_copy_of for view in views for ref in view.stories}
    ids.discard(None)
    if not ids:
        return {}
    rows = session.exec(
        select(col(StoryRow.id), col(StoryRow.url)).where(col(StoryRow.id).in_(ids))
    )
    return {story_id: url for story_id, url in rows if story_id is not None}


def loose_story_records(session: Session) -> list[dict[str, Any]]:
    """Relevant stories linked to no incident, with the background claims kept with them."""
    linked = exists().where(col(StoryIncidentRow.story_id) == col(StoryRow.id))
    query = (
        select(StoryRow, col(FeedRow.url))
        .outerjoin(FeedRow, col(FeedRow.id) == col(StoryRow.feed_id))
        .where(col(StoryRow.relevant), ~linked)
        .order_by(col(StoryRow.id))
    )
    records = []
    for story, feed_url in session.exec(query):
        claim_rows = session.exec(
            select(ClaimRow).where(col(ClaimRow.story_id) == story.id).order_by(col(ClaimRow.id))
        )
        claims, sources = dedupe_claims(claim_from_row(c, story_url=story.url) for c in claim_rows)
        story_record = {
            "url": story.url,
            "title": story.title,
            "published": iso_utc(story.published),
            "feed": feed_url or "",
            "syndicated_copy_of": _story_url(session, story.syndicated_copy_of),
            "matched_keywords": [k for k in story.matched_keywords.split(",") if k],
            "claims": [claim_record(claim, sources[claim.key]) for claim in claims],
        }
        records.append({"story": story_record, "incident": None})
    return records


def _story_url(session: Session, story_id: int | None) -> str | None:
    if story_id is None:
        return None
    original = session.get(StoryRow, story_id)
    return original.url if original is not None else None


# ── ACLED CSV ───────────────────────────────────────────────────────────────────────────────


def conservative_killed(view: IncidentView) -> int:
    """ACLED fatalities: the most conservative killed count (0 when none)."""
    for tally in view.tallies:
        if tally.category is Category.KILLED and tally.conservative is not None:
            return tally.conservative
    return 0


def dominant_victims(view: IncidentView) -> VictimKind | None:
    """Who the main killed/injured/abducted claims say the victims were (civilians first)."""
    kinds = {
        stored.claim.victims
        for stored in view.claims
        if stored.claim.role is not Role.BACKGROUND and not stored.claim.count.is_denial
    }
    if VictimKind.CIVILIANS in kinds:
        return VictimKind.CIVILIANS
    return next(iter(sorted(kinds)), None)


def incident_perpetrator(view: IncidentView) -> str:
    """ACLED's actor1: the perpetrator the incident's own claims name most often (the first
    named wins a tie); empty when no story names one. Claimants are never actors here."""
    named = [
        stored.claim.perpetrator
        for stored in view.claims
        if stored.claim.perpetrator and stored.claim.role is not Role.BACKGROUND
    ]
    return max(named, key=named.count) if named else ""


def acled_row(view: IncidentView) -> dict[str, Any]:
    incident = view.incident
    place = incident.place
    event_type, sub_event_type = acled_type(incident.event_type, dominant_victims(view))
    sources = sorted({outlet(ref.url) for ref in view.stories})
    return {
        "event_id_cnty": incident.acled_id or f"{ACLED_PREFIX}{incident.id}",
        "event_date": incident.date.day.isoformat(),
        "year": incident.date.day.year,
        "time_precision": TIME_PRECISION.get(incident.date.precision, 3),
        "disorder_type": "Political violence",
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": incident_perpetrator(view),
        "actor2": "",
        "country": "Mali",
        "admin1": place.admin1 if place else "",
        "admin2": place.admin2 if place else "",
        "location": place.name if place else "",
        "latitude": _or_empty(finite(place.lat) if place else None),
        "longitude": _or_empty(finite(place.lon) if place else None),
        "geo_precision": GEO_PRECISION[place.precision] if place else 3,
        "source": "; ".join(sources),
        "notes": incident.summary,
        "fatalities": conservative_killed(view),
    }


def outlet(url: str) -> str:
    """The outlet a story is from, as ACLED's ``source`` names it: its domain without www."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        host = ""
    return host.removeprefix("www.") or url


def _or_empty(value: float | None) -> float | str:
    return "" if value is None else value


def write_acled_csv(*, session: Session, out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for view in all_views(session):
        writer.writerow({name: csv_safe(value) for name, value in acled_row(view).items()})


# ── GeoJSON ─────────────────────────────────────────────────────────────────────────────────


GEOJSON_FIELDS = ("id", "event_date", "date_precision", "event_type", "summary", "location",
                  "admin1", "first_seen", "last_updated", "acled_id")  # fmt: skip


def write_geojson(*, session: Session, out: TextIO) -> None:
    """A FeatureCollection (RFC 7946) of the open incidents that have coordinates (Point
    [lon, lat], WGS 84); an incident merged into another is left out (it is that one now)."""
    features = [
        incident_feature(view)
        for view in all_views(session)
        if view.merged_into is None
        and view.incident.place is not None
        and finite(view.incident.place.lat) is not None
        and finite(view.incident.place.lon) is not None
    ]
    out.write(_json({"type": "FeatureCollection", "features": features}))
    out.write("\n")


def incident_feature(view: IncidentView) -> dict[str, Any]:
    place = view.incident.place
    assert place is not None  # callers keep incidents with a point only
    fields = incident_fields(view)
    properties = {key: fields[key] for key in GEOJSON_FIELDS}
    properties["fatalities"] = conservative_killed(view)
    properties["claims"] = len(dedupe_claims(stored.claim for stored in view.claims)[0])
    properties["contradictions"] = len(view.contradictions)
    properties["stories"] = [ref.url for ref in view.stories]
    properties.update(map_properties(view))
    return {
        "type": "Feature",
        "id": view.incident.id,
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": properties,
    }


def map_properties(view: IncidentView) -> dict[str, Any]:
    """Scalar fields a map tool can style by: the killed range, dispute, story and correction
    counts (each always present, of one type or null)."""
    killed = next((t for t in view.tallies if t.category is Category.KILLED), None)
    return {
        "killed_low": killed.low if killed is not None else None,
        "killed_high": killed.high if killed is not None else None,
        "disputed": bool(view.contradictions),
        "story_count": len(view.stories),
        "corrections": len(view.corrections),
    }
