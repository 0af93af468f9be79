"""Per-story cost of a relevant story's transaction at 1k, 10k and 100k stored incidents.

Incidents are generated with one bulk insert (random places over Mali, days over three years,
mixed types and date precisions) into a temporary SQLite file and a fresh schema of the test
PostgreSQL (127.0.0.1:5432 ``test``, dropped afterwards). Then S stories (default 40), each
with the analysis of the seed story moved to a random place and day, go through
``process_story`` in their own transaction (matching locks, dedup, wire lookup, candidates,
plan, save, alerts); the analysis itself is done beforehand (it does not depend on the
incidents). Baseline in the same run: the same stories at 1k incidents. Prints ms per story and
the ratio to 1k (the goal: at most 1.5x at 100k).
Run: ``.venv/bin/python bench/incident_scale.py [S] [SIZES ...]``.
"""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from datetime import timedelta
from typing import Any

from _common import NOW, SEED, header, median, pg_schema_url, row, settings, sqlite_url, timed

TYPES = ["attack", "airstrike", "drone_strike", "ambush", "clash", "ied", "abduction", "execution"]
PRECISIONS = ["day"] * 8 + ["week", "month"]
FIRST_DAY = NOW.date() - timedelta(days=3 * 365)


def incident_rows(count: int, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for n in range(count):
        rows.append(
            {
                "event_type": rng.choice(TYPES),
                "summary": f"generated {n}",
                "location": f"place {n % 5000}",
                "admin1": rng.choice(["Timbuktu", "Gao", "Mopti", "Menaka", "Kidal", "Segou"]),
                "admin2": None,
                "lat": rng.uniform(11.0, 20.0),
                "lon": rng.uniform(-11.0, 4.0),
                "place_precision": "locality",
                "event_date": FIRST_DAY + timedelta(days=rng.randrange(3 * 365)),
                "date_precision": rng.choice(PRECISIONS),
                "first_seen": NOW,
                "last_updated": NOW,
            }
        )
    return rows


def fill(engine: Any, count: int, rng: random.Random) -> None:
    from storage.models import IncidentRow

    table = IncidentRow.__table__  # type: ignore[attr-defined]
    with engine.begin() as conn:
        for start in range(0, count, 5000):
            conn.execute(table.insert(), incident_rows(min(5000, count - start), rng))
    with engine.begin() as conn:  # statistics, as a live database has (autovacuum, ANALYZE)
        conn.exec_driver_sql(
            "ANALYZE incident" if engine.dialect.name == "postgresql" else "ANALYZE"
        )


def stories(count: int, rng: random.Random) -> list[tuple[Any, Any]]:
    """(story, analysis) pairs: the seed's analysis at a random place and day."""
    from feeds.analysis.relevance import load_default_watchlist
    from feeds.model import Story
    from feeds.pipeline.analysis_pool import analyse

    base = Story(
        feed_url="https://bench.example/rss", guid="seed", url="https://bench.example/seed",
        title="Mali army airstrike on market kills at least 18", text=SEED,
        published=NOW - timedelta(hours=1), fetched=NOW, content_hash="seed",
    )  # fmt: skip
    analysis = analyse(base, watch=load_default_watchlist())
    assert analysis.relevant and analysis.events
    pairs = []
    for n in range(count):
        lat, lon = rng.uniform(12.0, 19.0), rng.uniform(-10.0, 3.0)
        day = FIRST_DAY + timedelta(days=rng.randrange(30, 3 * 365 - 30))
        events = tuple(
            replace(
                e,
                place=replace(e.place, lat=lat, lon=lon, name=f"bench place {n}")
                if e.place is not None
                else None,
                date=replace(e.date, day=day) if e.date is not None else None,
            )
            for e in analysis.events
        )
        story = replace(
            base, guid=f"s{n}", url=f"https://bench.example/s{n}", content_hash=f"h{n}",
            text=f"Story {n} of the benchmark. {SEED}",
        )  # fmt: skip
        pairs.append((story, replace(analysis, story=story, events=events)))
    return pairs


def measure(label: str, urls: Any, sizes: list[int], count: int) -> None:
    """Every size's database is filled first; then each story goes to every database in turn
    (rotating which goes first), so that the machine's load weighs on all sizes alike."""
    from contextlib import ExitStack

    from feeds.pipeline.run import process_story
    from storage.db import init_db, session_scope

    pairs = stories(count, random.Random(7))
    with ExitStack() as stack:
        engines = []
        for size in sizes:
            url = stack.enter_context(urls())
            if url is None:
                return
            engine = init_db(url)
            stack.callback(engine.dispose)
            fill(engine, size, random.Random(size))
            engines.append((engine, settings(url)))
        times: list[list[float]] = [[] for _ in sizes]
        for n, (story, analysis) in enumerate(pairs):
            order = [(n + k) % len(sizes) for k in range(len(sizes))]
            for index in order:
                engine, config = engines[index]

                def one(
                    engine: Any = engine, config: Any = config, story: Any = story,
                    analysis: Any = analysis,
                ) -> None:  # fmt: skip
                    with session_scope(engine, immediate=True) as session:
                        process_story(
                            story, session=session, feed_id=None, watch=None,  # type: ignore[arg-type]
                            settings=config, now=NOW, first_poll=False, analysis=analysis,
                        )  # fmt: skip

                times[index].append(timed(one)[0])
    results = [median(values) * 1000 for values in times]
    header(f"incident_scale on {label}: median of {count} stories, each its own transaction")
    for size, value in zip(sizes, results, strict=True):
        tag = "baseline" if size == sizes[0] else f"{value / results[0]:.2f}x the {sizes[0]:,}"
        row(f"{size:>7,} incidents", f"{value:7.1f} ms per story ({tag})")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    sizes = [int(arg) for arg in sys.argv[2:]] or [1000, 10_000, 100_000]
    measure("SQLite", sqlite_url, sizes, count)
    measure("PostgreSQL", pg_schema_url, sizes, count)


if __name__ == "__main__":
    main()
