"""Exports parsed back: JSON Lines (docs/export.md), ACLED CSV and GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from feeds.model import EventType, Role, VictimKind
from feeds.model.outcome import EventOutcome
from feeds.pipeline.alerts import store_outcome
from storage.db import session_scope
from storage.io.export import export_incidents, write_acled_csv, write_geojson, write_jsonl
from storage.models import IncidentRow
from storage.queries import feeds as feed_queries
from tests.helpers.builders import (
    ARMY_11,
    CDRAP_18,
    COUNT_DISPUTE,
    FEED,
    NOW,
    claim,
    event,
    outcome,
    story,
)


def _populate(engine: Engine) -> int:
    """The seed incident told by two stories (the second a wire copy), one story in no
    incident, one irrelevant story, and an incident with no coordinates."""
    with session_scope(engine) as session:
        feed = feed_queries.upsert_feed(session=session, url=FEED, now=NOW)
        seed = EventOutcome(
            event=event(CDRAP_18, ARMY_11), incident_id=None, new_contradictions=(COUNT_DISPUTE,)
        )
        first = store_outcome(session=session, outcome=outcome(story(), seed, feed_id=feed.id))
        incident_id = first.new_incident_ids[0]
        copy = EventOutcome(event=event(CDRAP_18), incident_id=incident_id)
        store_outcome(
            session=session,
            outcome=outcome(
                story("copy"), copy, feed_id=feed.id, syndicated_copy_of=first.story_id
            ),
        )
        recall = EventOutcome(
            event=event(claim("FLA", 24, role=Role.BACKGROUND), role=Role.BACKGROUND),
            incident_id=None,
            open_incident=False,
        )
        store_outcome(session=session, outcome=outcome(story("loose"), recall, feed_id=feed.id))
        store_outcome(
            session=session, outcome=outcome(story("football"), feed_id=feed.id, relevant=False)
        )
        session.add(
            IncidentRow(event_type="ambush", event_date=date(2026, 11, 20), admin1="Mopti",
                        location="Mopti region", first_seen=NOW, last_updated=NOW)
        )  # fmt: skip
    return incident_id


def _jsonl(engine: Engine) -> list[dict[str, Any]]:
    out = io.StringIO()
    with Session(engine) as session:
        write_jsonl(session=session, out=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_jsonl_incident_lines(engine: Engine) -> None:
    incident_id = _populate(engine)
    lines = _jsonl(engine)
    incidents = [line for line in lines if "id" in line]
    assert [line["id"] for line in incidents] == sorted(line["id"] for line in incidents)
    seed = next(line for line in incidents if line["id"] == incident_id)
    assert seed["event_date"] == "2026-11-22" and seed["date_precision"] == "day"
    assert (seed["event_type"], seed["location"], seed["admin1"]) == (
        "airstrike", "50 km N of Lerneb", "Timbuktu",
    )  # fmt: skip
    assert (seed["lat"], seed["lon"]) == (16.3, -4.9)
    assert seed["first_seen"] == "2026-11-24T09:00:00Z"
    assert [s["url"] for s in seed["stories"]] == [
        "https://news.example.org/lerneb", "https://news.example.org/copy",
    ]  # fmt: skip
    assert seed["stories"][1]["syndicated_copy_of"] == "https://news.example.org/lerneb"
    assert seed["stories"][0]["feed"] == FEED and seed["stories"][0]["role"] == "main"


def test_jsonl_claims_are_deduplicated_with_sources(engine: Engine) -> None:
    incident_id = _populate(engine)
    seed = next(line for line in _jsonl(engine) if line.get("id") == incident_id)
    cdrap, army = seed["claims"]
    assert (cdrap["claimant"], cdrap["low"], cdrap["high"], cdrap["qualifier"]) == (
        "CDRAP", 18, None, "at_least",
    )  # fmt: skip
    assert cdrap["sources"] == ["https://news.example.org/lerneb", "https://news.example.org/copy"]
    assert cdrap["story_url"] == cdrap["sources"][0]
    assert (army["victims"], army["role"], army["scope"]) == ("militants", "main", None)
    assert seed["contradictions"] == [
        {"kind": "count", "category": "killed", "summary": COUNT_DISPUTE.summary, "claims": [0, 1]}
    ]
    assert seed["tallies"] == [
        {"category": "killed", "low": 11, "high": None, "conservative": 11, "no_number": False}
    ]


def test_jsonl_story_in_no_incident(engine: Engine) -> None:
    _populate(engine)
    loose = [line for line in _jsonl(engine) if "story" in line]
    assert len(loose) == 1 and loose[0]["incident"] is None
    story_line = loose[0]["story"]
    assert story_line["url"] == "https://news.example.org/loose"
    assert [(c["claimant"], c["low"], c["role"]) for c in story_line["claims"]] == [
        ("FLA", 24, "background")
    ]


def test_acled_csv(engine: Engine) -> None:
    incident_id = _populate(engine)
    out = io.StringIO()
    with Session(engine) as session:
        write_acled_csv(session=session, out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    seed = next(row for row in rows if row["event_id_cnty"] == f"MLI-MW-{incident_id}")
    assert (seed["event_type"], seed["sub_event_type"]) == (
        "Explosions/Remote violence", "Air/drone strike",
    )  # fmt: skip
    assert (seed["event_date"], seed["year"], seed["time_precision"]) == ("2026-11-22", "2026", "1")
    assert (seed["fatalities"], seed["latitude"], seed["admin1"]) == ("11", "16.3", "Timbuktu")
    ambush = next(row for row in rows if row["event_id_cnty"] != seed["event_id_cnty"])
    assert (ambush["event_type"], ambush["fatalities"], ambush["latitude"]) == ("Battles", "0", "")


@pytest.mark.parametrize(
    ("victims", "expected"),
    [(VictimKind.CIVILIANS, "Violence against civilians"), (VictimKind.SOLDIERS, "Battles")],
)
def test_acled_attack_on_civilians_is_violence_against_civilians(
    engine: Engine, victims: VictimKind, expected: str
) -> None:
    ambush = event(claim("residents", 7, victims=victims), event_type=EventType.AMBUSH)
    with session_scope(engine) as session:
        store_outcome(
            session=session, outcome=outcome(story(), EventOutcome(event=ambush, incident_id=None))
        )
    out = io.StringIO()
    with Session(engine) as session:
        write_acled_csv(session=session, out=out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["event_type"] == expected


def test_geojson_has_incidents_with_coordinates(engine: Engine) -> None:
    incident_id = _populate(engine)
    out = io.StringIO()
    with Session(engine) as session:
        write_geojson(session=session, out=out)
    collection = json.loads(out.getvalue())
    assert collection["type"] == "FeatureCollection"
    (feature,) = collection["features"]  # the Mopti incident has no point
    assert feature["geometry"] == {"type": "Point", "coordinates": [-4.9, 16.3]}
    assert feature["properties"]["id"] == incident_id
    assert feature["properties"]["fatalities"] == 11


def test_export_incidents_dispatches_by_format(engine: Engine) -> None:
    _populate(engine)
    with Session(engine) as session:
        for fmt, start in (("jsonl", "{"), ("acled-csv", "event_id_cnty"), ("geojson", "{")):
            out = io.StringIO()
            export_incidents(session=session, fmt=fmt, out=out)
            assert out.getvalue().startswith(start)
        with pytest.raises(ValueError, match="unknown export format"):
            export_incidents(session=session, fmt="xml", out=io.StringIO())


@pytest.mark.parametrize(
    ("perpetrators", "actor1"),
    [
        (("Malian army", "Malian army", "JNIM"), "Malian army"),  # the one named most often
        ((None, "JNIM", None), "JNIM"),
        ((None, None, None), ""),  # nobody named: empty, never a claimant
    ],
)
def test_perpetrator_is_stored_exported_and_fills_acled_actor1(
    engine: Engine, perpetrators: tuple[str | None, ...], actor1: str
) -> None:
    claims = [
        replace(claim(name, low), perpetrator=perpetrator)
        for name, low, perpetrator in zip(
            ("residents", "CDRAP", "local officials"), (7, 9, 12), perpetrators, strict=True
        )
    ]
    with session_scope(engine) as session:
        store_outcome(
            session=session,
            outcome=outcome(story(), EventOutcome(event=event(*claims), incident_id=None)),
        )
    line = _jsonl(engine)[0]
    assert [c["perpetrator"] for c in line["claims"]] == list(perpetrators)
    out = io.StringIO()
    with Session(engine) as session:
        write_acled_csv(session=session, out=out)
    assert next(csv.DictReader(io.StringIO(out.getvalue())))["actor1"] == actor1
