"""`maliwatch demo`: the whole path over the bundled sample feeds, with no network.

The sample feeds in ``seeds/sample/`` are templates whose dates are anchored on the current time
(``{{rfc822:5}}`` = five hours ago), so the demo raises alerts whenever it runs. They are served
by a stdlib HTTP server on 127.0.0.1 (random port, with ETag / 304), into a fresh SQLite
database under ``./data/``. The demo runs two cycles, as a real deployment would:

1. the feeds as they stood two days ago: a new feed's backlog, stored and analysed, no alerts;
2. the next poll, with everything published since: incidents, contradictions, toll updates.

Alerts go to the console (``ConsoleSender``: a card in full when sent, one line per edit),
followed by the cycle's summary and the digest (incidents, totals, other Mali stories).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from bot.cli.console import print_cycle_summary
from bot.delivery.senders import ConsoleSender
from bot.delivery.views import feed_health
from bot.render.digest import render_digest
from bot.render.html import html_to_plain
from bot.runner import open_database, run_cycle
from feeds.clock import Clock, FixedClock
from feeds.ingest.fetch import make_http_client
from seeds import SEEDS_DIR
from storage.db import session_scope
from storage.queries import feeds as feed_queries
from storage.queries import views as view_queries
from storage.queries.status import other_story_count

if TYPE_CHECKING:
    import httpx
    from rich.console import Console
    from sqlalchemy.engine import Engine

    from bot.settings import Settings

log = logging.getLogger(__name__)

SAMPLE_DIR = SEEDS_DIR / "sample"
DEMO_DATABASE = Path("data") / "demo.db"
BACKLOG_HOURS = 48.0  # the first cycle sees only items older than this

WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
PLACEHOLDER = re.compile(r"\{\{(\w+)(?::(\d+(?:\.\d+)?))?\}\}")
ITEM = re.compile(r"[ \t]*<(item|entry)>.*?</\1>\s*", re.DOTALL)
ITEM_AGE = re.compile(r"\{\{(?:rfc822|iso):(\d+(?:\.\d+)?)\}\}")


def render_sample(template: str, *, now: datetime, base: str, min_age_hours: float = 0) -> str:
    """Fill a sample feed template; leave out items published less than min_age_hours ago."""

    def keep(match: re.Match[str]) -> str:
        age = ITEM_AGE.search(match.group(0))
        return match.group(0) if age is None or float(age.group(1)) >= min_age_hours else ""

    def fill(match: re.Match[str]) -> str:
        name, hours = match.group(1), float(match.group(2) or 0)
        moment = now - timedelta(hours=hours)
        values = {
            "base": base,
            "rfc822": format_datetime(moment.astimezone(UTC), usegmt=True),
            "iso": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "weekday_en": WEEKDAYS_EN[moment.weekday()],
            "jour_fr": WEEKDAYS_FR[moment.weekday()],
        }
        if name not in values:
            raise ValueError(f"unknown sample placeholder {{{{{name}}}}}")
        return values[name]

    return PLACEHOLDER.sub(fill, ITEM.sub(keep, template))


class SampleFeedServer:
    """Serves ``seeds/sample/*.xml`` rendered for ``now`` on a loopback port, with ETags.

    ``min_age_hours`` selects the edition: 48 serves the backlog only, 0 everything.
    """

    def __init__(self, directory: Path = SAMPLE_DIR, *, now: datetime) -> None:
        self.directory = directory
        self.now = now
        self.min_age_hours = 0.0
        self.requests: list[tuple[str, int]] = []  # (path, status) for the summary and tests
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def socket(self) -> tuple[str, int]:
        """The (ip, port) it listens on: the one loopback address the demo's client may fetch."""
        return "127.0.0.1", int(self._server.server_address[1])

    def feed_urls(self) -> list[tuple[str, str]]:
        """(url, file name) for every sample feed, in a stable order."""
        return [(f"{self.base_url}/{path.name}", path.name) for path in self.sample_files()]

    def sample_files(self) -> list[Path]:
        return sorted(self.directory.glob("*.xml"))

    def body_for(self, name: str) -> bytes | None:
        path = self.directory / name
        if path.parent != self.directory or not path.is_file():
            return None
        text = path.read_text(encoding="utf-8")
        rendered = render_sample(
            text, now=self.now, base=self.base_url, min_age_hours=self.min_age_hours
        )
        return rendered.encode("utf-8")

    def __enter__(self) -> SampleFeedServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = server.body_for(self.path.lstrip("/").split("?")[0])
                if body is None:
                    self._reply(404, b"not found", {})
                    return
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self._reply(304, b"", {"ETag": etag})
                    return
                kind = "application/atom+xml" if ".atom." in self.path else "application/rss+xml"
                self._reply(200, body, {"ETag": etag, "Content-Type": f"{kind}; charset=utf-8"})

            def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                server.requests.append((self.path, status))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                log.debug("sample server: " + format, *args)

        return Handler


@asynccontextmanager
async def serving_with_client(
    settings: Settings, now: datetime
) -> AsyncIterator[tuple[SampleFeedServer, httpx.AsyncClient]]:
    """The sample server and a feed client whose address guard lets in that server only."""
    with SampleFeedServer(now=now) as server:
        async with make_http_client(
            timeout=settings.fetch_timeout,
            allow_private=settings.allow_private_feeds,
            allowed_sockets=[server.socket],
        ) as client:
            yield server, client


@contextmanager
def serve_samples(now: datetime) -> Iterator[SampleFeedServer]:
    with SampleFeedServer(now=now) as server:
        yield server


def fresh_demo_database(path: Path = DEMO_DATABASE) -> str:
    """Delete the previous demo database (and its WAL files); return the new one's URL."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def demo_settings(settings: Settings, database_url: str) -> Settings:
    """The user's settings with what the demo needs: its own database, the console, the whole
    two-day sample inside the alert window, and one feed at a time so the order (wire story
    first, then its copies) is the same on every run."""
    return settings.model_copy(
        update={
            "database_url": database_url,
            "feeds_file": None,
            "telegram_bot_token": None,
            "telegram_chat_id": None,
            "telegram_thread_id": None,
            "alert_max_age_hours": BACKLOG_HOURS,
            "fetch_concurrency": 1,
            "fetch_articles": False,  # the sample links lead nowhere: no network
        }
    )


def run_demo(settings: Settings, *, console: Console, clock: Clock) -> int:
    """Serve the samples, run the backlog cycle and the live cycle, print alerts and a summary.

    The demo's story runs on its own :class:`FixedClock`, started at ``clock``'s now: the second
    cycle happens one poll interval later without waiting for it."""
    now = clock.now()
    settings = demo_settings(settings, fresh_demo_database())
    engine = open_database(settings)
    try:
        return asyncio.run(_demo(settings, engine, console=console, clock=FixedClock(now)))
    finally:
        engine.dispose()


async def _demo(settings: Settings, engine: Engine, *, console: Console, clock: FixedClock) -> int:
    sender = ConsoleSender(console)
    now = clock.now()
    async with serving_with_client(settings, now) as (server, client):
        add_sample_feeds(engine, server, now=now)
        console.print(
            f"[bold]maliwatch demo[/] — sample feeds on {server.base_url}, "
            f"database {settings.database_url}"
        )
        server.min_age_hours = BACKLOG_HOURS
        backlog = await run_cycle(
            engine=engine, settings=settings, sender=sender, client=client, clock=clock
        )
        console.print(
            f"cycle 1 (backlog, first poll of each feed): "
            f"{backlog.poll.total('stories_new')} stories stored, "
            f"{backlog.alerts_sent} alerts (none expected)"
        )
        server.min_age_hours = 0
        clock.advance(seconds=settings.poll_interval)
        console.rule("cycle 2: alerts")
        live = await run_cycle(
            engine=engine, settings=settings, sender=sender, client=client, clock=clock
        )
    console.rule("summary")
    print_cycle_summary(console, live, title="cycle 2 (the next poll)")
    console.rule("the day's digest")
    console.print(html_to_plain(demo_digest(engine, now=now, lang=settings.language)), markup=False)
    return 0


def demo_digest(engine: Engine, *, now: datetime, lang: str = "en") -> str:
    """The digest of the two sample days: where plain Mali news (no event) shows, as a count."""
    since = now - timedelta(hours=BACKLOG_HOURS)
    with session_scope(engine) as session:
        views = view_queries.list_incident_views(session=session)
        others = other_story_count(session=session, since=since)
        return render_digest(
            views, day=now.date(), feeds=feed_health(session), other_stories=others, lang=lang
        )


def add_sample_feeds(engine: Engine, server: SampleFeedServer, *, now: datetime) -> None:
    """Follow every sample feed; each takes its title from its own document on first fetch."""
    with session_scope(engine) as session:
        for url, _name in server.feed_urls():
            feed_queries.upsert_feed(session=session, url=url, now=now)
