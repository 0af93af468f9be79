"""Shared pieces of the benchmarks: loopback feeds, a temporary database, timing, printing.

Every benchmark runs only on loopback (the feed server and the Bot API emulator of
``tests/helpers``) and prints its baseline measured in the same run, then the ratio.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MALIWATCH_FETCH_ARTICLES", "false")
os.environ.setdefault("MALIWATCH_ALLOW_PRIVATE_FEEDS", "1")

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
PG_URL = os.environ.get("MALIWATCH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SEED = (ROOT / "tests" / "data" / "seed_story_lerneb.txt").read_text(encoding="utf-8")
OTHER = (
    "Kenya's parliament passed the finance bill on Tuesday after a long debate, and the "
    "central bank kept its rate unchanged. Farmers in the Rift Valley expect a good harvest "
    "this season, officials said, while Nairobi hosts a regional trade fair next week."
)


def item(guid: str, title: str, text: str, when: datetime) -> str:
    return (
        f"<item><title>{escape(title)}</title><link>https://news.example.org/{guid}</link>"
        f"<guid isPermaLink='false'>{guid}</guid><pubDate>{format_datetime(when)}</pubDate>"
        f"<description>{escape(text)}</description></item>"
    )


def mali_item(n: int, prefix: str = "m", when: datetime = NOW - timedelta(hours=1)) -> str:
    """A casualty story about Mali (the seed story, with a distinct opening so it is no copy)."""
    text = f"Report {prefix}{n}: witnesses in Timbuktu region spoke on day {n}. {SEED}"
    return item(f"{prefix}-{n}", f"Mali: strike near Lerneb, report {n}", text, when)


def other_item(n: int, prefix: str = "o", when: datetime = NOW - timedelta(hours=1)) -> str:
    return item(f"{prefix}-{n}", f"Kenya news {n}", f"{OTHER} Item {n}.", when)


def rss(items: list[str], title: str = "Africa news") -> bytes:
    channel = f"<channel><title>{title}</title>{''.join(items)}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>".encode()


def mixed_feed(count: int, mali_share: float, prefix: str = "x") -> bytes:
    """``count`` items of which ``mali_share`` are Mali stories, spread evenly."""
    every = round(1 / mali_share) if mali_share > 0 else 0
    return rss(
        [
            mali_item(n, prefix) if every and n % every == 0 else other_item(n, prefix)
            for n in range(count)
        ]
    )


def settings(url: str, **overrides: Any) -> Any:
    from bot.settings import load_settings

    values = {"MALIWATCH_DATABASE_URL": url, "MALIWATCH_FETCH_TIMEOUT": 20, **overrides}
    return load_settings(**values)


@contextmanager
def sqlite_url() -> Iterator[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


@contextmanager
def pg_schema_url() -> Iterator[str | None]:
    """A URL on a fresh schema of the test PostgreSQL (dropped after), or None without one."""
    from sqlalchemy import text

    from storage.db import make_engine

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_URL)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:
        print(f"  (PostgreSQL not reachable at {PG_URL}: {type(exc).__name__}; skipped)")
        admin.dispose()
        yield None
        return
    separator = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def add_feeds(engine: Any, urls: list[str], *, etag: str | None = None, seen: bool = True) -> None:
    """Store feeds in one transaction; ``seen``: not a first poll (fresh items alert)."""
    from storage.db import session_scope
    from storage.queries import feeds as feed_queries

    with session_scope(engine) as session:
        for url in urls:
            row = feed_queries.upsert_feed(session=session, url=url, now=NOW - timedelta(days=1))
            row.etag = etag
            if seen:
                row.last_success_at = NOW - timedelta(days=1)
            session.add(row)


def poll(engine: Any, config: Any, now: datetime = NOW, every_feed: bool = False) -> Any:
    from feeds.clock import FixedClock
    from feeds.ingest.fetch import make_http_client
    from feeds.pipeline.run import poll_once

    async def run() -> Any:
        client = make_http_client(timeout=config.fetch_timeout, allow_private=True)
        async with client:
            return await poll_once(
                engine=engine, settings=config, client=client, clock=FixedClock(now),
                every_feed=every_feed, add_feeds=False,
            )  # fmt: skip

    return asyncio.run(run())


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def best_of(rounds: int, work: Callable[[], Any]) -> float:
    return min(timed(work)[0] for _ in range(rounds))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values)


def header(title: str) -> None:
    print(f"\n== {title}")


def row(label: str, value: str) -> None:
    print(f"  {label:<46} {value}")
