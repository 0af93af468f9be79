"""Which feeds the story's path polls and which words it watches, and what it reads of the
settings (``feeds`` never imports ``bot``: ``bot.settings.Settings`` fits :class:`Settings`).
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from feeds.analysis.relevance import WatchList, load_default_watchlist
from feeds.ingest.channel import CHANNEL_KIND, channel_name, preview_url
from feeds.ingest.opml import read_feed_list
from feeds.model import AlertKind
from seeds import SEEDS_DIR
from storage.queries import feeds as feed_queries
from storage.queries import watch as watch_queries
from storage.queries.feeds import has_any_feed

if TYPE_CHECKING:
    from sqlmodel import Session

    from storage.models import FeedRow

log = logging.getLogger(__name__)

SEED_FEEDS = SEEDS_DIR / "feeds.txt"


class Settings(Protocol):
    """What the story's path reads of ``bot.settings.Settings``."""

    poll_interval: int
    feeds_file: Path | None
    watch_keywords: list[str]
    alert_max_age_hours: float
    fetch_concurrency: int
    analysis_workers: int
    fetch_timeout: float
    max_feed_bytes: int
    fetch_articles: bool
    telegram_chat_id: str | None
    telegram_thread_id: int | None
    channel_alerts: frozenset[AlertKind]
    alert_budget_per_feed: int
    alert_budget_per_cycle: int


def build_watchlist(*, session: Session, settings: Settings) -> WatchList:
    """The default list, plus MALIWATCH_WATCH_KEYWORDS ("-word" excludes), plus /watch words."""
    stored = [
        f"-{row.display or row.word}" if row.mode == "exclude" else row.display or row.word
        for row in watch_queries.list_watch_keywords(session=session)
    ]
    return load_default_watchlist().extended([*settings.watch_keywords, *stored])


class FeedsFileError(Exception):
    """MALIWATCH_FEEDS_FILE cannot be read; ``str()`` is one line for the user."""


def check_feeds_file(settings: Settings) -> None:
    """Raise :class:`FeedsFileError` when MALIWATCH_FEEDS_FILE is set but is no readable file
    (the CLI checks this at start-up, before any polling)."""
    path = settings.feeds_file
    if path is not None and not Path(path).is_file():
        raise FeedsFileError(f"MALIWATCH_FEEDS_FILE: no such file: {path}")


def add_source(
    *,
    session: Session,
    url: str,
    now: datetime,
    title: str | None = None,
    full_text: str | None = None,
) -> FeedRow:
    """Add or update one source: a feed, or a public Telegram channel (``t.me/NAME`` is stored
    as its preview page ``https://t.me/s/NAME``, kind telegram). ``None`` keeps stored values."""
    name = channel_name(url)
    if name is not None:
        url, kind = preview_url(name), CHANNEL_KIND
    else:
        kind = "feed"
    return feed_queries.upsert_feed(
        session=session, url=url, title=title, now=now, kind=kind, full_text=full_text
    )


def ensure_feeds(*, session: Session, settings: Settings, now: datetime) -> int:
    """Add MALIWATCH_FEEDS_FILE's feeds (idempotent); the seed list only into an empty feed
    table (feeds the user removed stay removed). An unreadable feeds file is logged and the
    stored feeds are polled as they are."""
    path = settings.feeds_file
    if path is None and not has_any_feed(session=session):
        path = SEED_FEEDS
    if path is None:
        return 0
    try:
        feed_list = read_feed_list(Path(path))
    except OSError as exc:
        log.error("feed list %s cannot be read: %s", path, exc.strerror or exc)
        return 0
    for problem in feed_list.problems:
        log.warning("feed list %s: %s", path, problem)
    for url, title in feed_list.feeds:
        add_source(
            session=session, url=url, title=title, full_text=feed_list.full_text.get(url), now=now
        )
    return len(feed_list.feeds)
