"""candidate_incidents (indexed query) against a full scan, over 20,000 incidents in SQLite.

Baseline measured in the same run: read every incident row and filter by date window and
distance in Python — what matching would cost without the date/place index. Prints both
times per query, their ratio, SQLite's query plan for the indexed query, and checks that both
return the same incidents. Run: ``.venv/bin/python bench/candidate_query.py [N_INCIDENTS]``.
"""

from __future__ import annotations

import math
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text
from sqlmodel import Session, select

from storage.db import create_all, make_engine
from storage.models import IncidentRow
from storage.queries import incidents as incident_queries

QUERIES = 50
RADIUS_KM = 150.0
FIRST_DAY = date(2020, 1, 1)
NOW = datetime(2026, 11, 24, tzinfo=UTC)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def fill(session: Session, count: int, rng: random.Random) -> None:
    rows = [
        {
            "event_type": "attack",
            "event_date": FIRST_DAY + timedelta(days=rng.randrange(7 * 365)),
            "lat": rng.uniform(10.0, 25.0),
            "lon": rng.uniform(-12.0, 4.0),
            "admin1": rng.choice(["Timbuktu", "Gao", "Mopti", "Kidal", "Segou", "Menaka"]),
            "first_seen": NOW,
            "last_updated": NOW,
        }
        for _ in range(count)
    ]
    session.execute(insert(IncidentRow), rows)
    session.commit()


def full_scan(session: Session, day_from: date, day_to: date, lat: float, lon: float) -> set[int]:
    return {
        row.id
        for row in session.exec(select(IncidentRow))
        if day_from <= row.event_date <= day_to
        and row.lat is not None
        and km_between(lat, lon, row.lat, row.lon) <= RADIUS_KM
    }


def indexed(session: Session, day_from: date, day_to: date, lat: float, lon: float) -> set[int]:
    found = incident_queries.candidate_incidents(
        session=session, day_from=day_from, day_to=day_to, lat=lat, lon=lon, radius_km=RADIUS_KM
    )
    return {incident.id for incident in found}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        create_all(engine)
        with Session(engine) as session:
            fill(session, count, rng)
            probes = []
            for _ in range(QUERIES):
                day = FIRST_DAY + timedelta(days=rng.randrange(7 * 365))
                probes.append((day - timedelta(days=3), day + timedelta(days=1),
                               rng.uniform(12, 22), rng.uniform(-8, 2)))  # fmt: skip
            timings = {}
            answers = {}
            for name, search in (("full scan", full_scan), ("indexed", indexed)):
                start = time.perf_counter()
                answers[name] = [search(session, *probe) for probe in probes]
                timings[name] = (time.perf_counter() - start) / QUERIES
            plan = session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT id FROM incident WHERE event_date BETWEEN :a AND :b"
                ),
                {"a": "2024-01-01", "b": "2024-01-05"},
            ).all()
    same = answers["full scan"] == answers["indexed"]
    print(f"{count} incidents, {QUERIES} queries (4-day window, {RADIUS_KM:.0f} km)")
    print(f"full scan: {timings['full scan'] * 1000:8.2f} ms/query")
    print(f"indexed:   {timings['indexed'] * 1000:8.2f} ms/query")
    print(f"speed-up:  {timings['full scan'] / timings['indexed']:8.1f}x   same answers: {same}")
    print("date-window plan:", "; ".join(str(row[-1]) for row in plan))


if __name__ == "__main__":
    main()
