"""Public Telegram channels: saved-shape t.me/s/ pages (invented posts) parsed, and served from
loopback through the poll cycle into a real database: stories, claims in the channel's own
voice, conditional requests, backoff, edits and deletions."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.settings import Settings, load_settings
from feeds.analysis.claims.actors import load_actors
from feeds.clock import FixedClock
from feeds.ingest.article import page_fetcher_for
from feeds.ingest.channel import (
    CHANNEL_KIND,
    channel_name,
    channel_voice,
    load_channel_voices,
    parse_channel_page,
)
from feeds.ingest.fetch import make_http_client
from feeds.pipeline.reports import FeedStatus, PollSummary
from feeds.pipeline.run import poll_once
from feeds.pipeline.sources import add_source
from storage.db import session_scope
from storage.models import ClaimRow, FeedRow, StoryRow
from storage.queries import feeds as feed_queries
from tests.helpers.http import FeedServer
from tests.helpers.paths import DATA

PAGES = DATA / "pages"
TEMPLATE = (PAGES / "tme_fama_mali.html").read_text(encoding="utf-8")  # the page, %POSTS% inside
POST = (PAGES / "tme_post.html").read_text(encoding="utf-8")  # one post, str.format fields
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
HTML = "text/html; charset=utf-8"

BONI = (
    "🔴 COMMUNIQUÉ<br/>Le 22 novembre 2026, les FAMa ont mené des frappes aériennes sur un "
    "refuge terroriste près de Boni, dans la région de Douentza.<br/><br/>Bilan : 23 terroristes "
    "neutralisés et du matériel détruit. Deux militaires ont été blessés lors de l'opération."
)
BONI_EDITED = BONI.replace("23 terroristes", "27 terroristes")
TESSIT = (
    "Une patrouille des FAMa a été prise à partie le 21 novembre 2026 près de Tessit, dans la "
    "région de Gao. La riposte vigoureuse a permis de neutraliser 8 assaillants. "
    "Trois militaires ont été tués."
)
GREETING = "Les Forces Armées Maliennes souhaitent une bonne fête à toutes les familles."


def post(
    number: int,
    when: datetime,
    text: str | None,
    *,
    reply: str | None = None,
    photo: bool = False,
    edited: bool = False,
) -> str:
    """One post as the preview page writes it."""
    reply_html = (
        f'<a class="tgme_widget_message_reply" href="https://t.me/fama_mali/{number - 1}">'
        '<div class="tgme_widget_message_author accent_color"><span class="tgme_widget_message_'
        'author_name" dir="auto">FAMa – Forces Armées Maliennes</span></div>'
        f'<div class="tgme_widget_message_metatext js-message_reply_text" dir="auto">{reply}</div>'
        "</a>"
        if reply
        else ""
    )
    photo_html = (
        '<a class="tgme_widget_message_photo_wrap" href="https://t.me/fama_mali/'
        f'{number}" style="width:800px;background-image:url(\'https://cdn4.telesco.pe/x.jpg\')">'
        '<div class="tgme_widget_message_photo" style="padding-top:56%"></div></a>'
        if photo
        else ""
    )
    text_html = (
        f'<div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>'
        if text
        else ""
    )
    return POST.format(
        number=number,
        reply_html=reply_html,
        photo_html=photo_html,
        text_html=text_html,
        edited="edited " if edited else "",
        when_iso=when.isoformat(),
        when_hm=f"{when:%H:%M}",
    )


def page(*posts: str) -> str:
    return TEMPLATE.replace("%POSTS%", "\n".join(posts)).replace("%BEFORE%", "100")


def first_page(boni: str = BONI, *, with_greeting: bool = True, edited: bool = False) -> str:
    posts = [
        post(101, NOW - timedelta(days=2), TESSIT),
        post(102, NOW - timedelta(hours=30), None, photo=True),  # a photo without caption
        post(103, NOW - timedelta(hours=3), boni, edited=edited),
    ]
    if with_greeting:
        posts.append(post(104, NOW - timedelta(hours=2), GREETING, reply="Bilan : 23 tués"))
    posts.append(post(105, NOW - timedelta(hours=1), "Suivez nos communiqués officiels."))
    return page(*posts)


# ── parsing ──────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://t.me/fama_mali", "fama_mali"),
        ("https://t.me/s/fama_mali", "fama_mali"),
        ("http://telegram.me/fama_mali/", "fama_mali"),
        ("t.me/fama_mali", "fama_mali"),
        ("https://t.me/fama_mali/103", None),  # a post, not a channel
        ("https://t.me/+AbCdEf", None),  # a private invite link
        ("https://example.org/fama_mali", None),
    ],
)
def test_channel_urls(url: str, name: str | None) -> None:
    assert channel_name(url) == name


def test_a_preview_page_becomes_one_story_per_post_with_text() -> None:
    parsed = parse_channel_page(
        first_page().encode(), feed_url="https://t.me/s/fama_mali", fetched=NOW
    )
    assert parsed.bozo_error is None and parsed.title == "FAMa – Forces Armées Maliennes"
    by_guid = {story.guid: story for story in parsed.stories}
    assert list(by_guid) == ["fama_mali/101", "fama_mali/103", "fama_mali/104", "fama_mali/105"]
    boni = by_guid["fama_mali/103"]
    assert boni.url == "https://t.me/fama_mali/103"
    assert boni.published == NOW - timedelta(hours=3)
    assert boni.title.startswith("Le 22 novembre 2026, les FAMa ont mené des frappes")
    assert boni.text.startswith("🔴 COMMUNIQUÉ\n")
    assert boni.text.split("\n")[1].startswith("Le 22 novembre 2026, les FAMa")
    assert "23 terroristes neutralisés" in boni.text
    assert boni.voice == "Malian army" and boni.language == "fr"
    assert by_guid["fama_mali/104"].text == GREETING  # the quoted reply is another post's text


def test_a_page_without_posts_is_a_broken_source() -> None:
    parsed = parse_channel_page(b"<html><body>Not found</body></html>", feed_url="u", fetched=NOW)
    assert parsed.is_broken and "no posts" in (parsed.bozo_error or "")


def test_channel_voices_are_data_and_name_known_actors() -> None:
    voices = load_channel_voices()
    canonical = {actor.canonical for actor in load_actors().actors.values()}
    assert voices and set(voices.values()) <= canonical
    assert channel_voice("FAMA_MALI") == "Malian army"
    assert channel_voice("some_channel") == "t.me/some_channel"


# ── the poll cycle ───────────────────────────────────────────────────────────────────────────


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        MALIWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'unused.db'}",
        MALIWATCH_FETCH_TIMEOUT=3,
        MALIWATCH_FETCH_ARTICLES=True,
    )


def poll(engine: Engine, settings: Settings, now: datetime) -> PollSummary:
    async def run() -> PollSummary:
        async with make_http_client(timeout=settings.fetch_timeout, allow_private=True) as client:
            page_fetcher_for(client).delay = 0
            return await poll_once(
                engine=engine,
                settings=settings,
                client=client,
                clock=FixedClock(now),
                every_feed=True,
                add_feeds=False,
            )

    return asyncio.run(run())


def add_channel(engine: Engine, url: str) -> None:
    with session_scope(engine) as session:
        row = feed_queries.upsert_feed(
            session=session, url=url, now=NOW - timedelta(days=3), kind=CHANNEL_KIND
        )
        row.last_success_at = NOW - timedelta(days=3)
        session.add(row)


def channel_rows(engine: Engine) -> dict[str, StoryRow]:
    with Session(engine) as session:
        return {row.guid: row for row in session.exec(select(StoryRow))}


def claims_of(engine: Engine, guid: str) -> list[tuple[Any, ...]]:
    with Session(engine) as session:
        query = select(ClaimRow).join(StoryRow).where(StoryRow.guid == guid)
        return sorted((c.claimant, c.category, c.low, c.victims) for c in session.exec(query))


def test_a_channel_page_becomes_stories_and_claims_in_the_channels_voice(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/s/fama_mali", first_page(), content_type=HTML, etag='"p1"')
    add_channel(engine, feed_server.url("/s/fama_mali"))

    summary = poll(engine, settings, NOW)

    assert [r.status for r in summary.feeds] == [FeedStatus.OK]
    stored = channel_rows(engine)
    assert set(stored) == {"fama_mali/101", "fama_mali/103", "fama_mali/104", "fama_mali/105"}
    assert stored["fama_mali/103"].url == "https://t.me/fama_mali/103"
    boni = claims_of(engine, "fama_mali/103")
    assert ("Malian army", "killed", 23, "militants") in boni
    assert ("Malian army", "injured", 2, "soldiers") in boni
    assert ("Malian army", "killed", 3, "soldiers") in claims_of(engine, "fama_mali/101")
    assert stored["fama_mali/103"].relevant and stored["fama_mali/103"].incident_id is not None
    assert not any(c[0] == "t.me" for c in boni)

    again = poll(engine, settings, NOW + timedelta(minutes=10))  # the same page: 304
    assert [r.status for r in again.feeds] == [FeedStatus.NOT_MODIFIED]
    assert feed_server.requests_to("/s/fama_mali")[-1].headers["If-None-Match"] == '"p1"'
    assert len(channel_rows(engine)) == 4


def test_an_edited_post_updates_its_story_and_a_deleted_one_is_kept_with_a_mark(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/s/fama_mali", first_page(), content_type=HTML)
    add_channel(engine, feed_server.url("/s/fama_mali"))
    poll(engine, settings, NOW)
    before = channel_rows(engine)

    later = NOW + timedelta(hours=1)
    edited = first_page(BONI_EDITED, with_greeting=False, edited=True)
    feed_server.add("/s/fama_mali", edited, content_type=HTML)
    poll(engine, settings, later)

    after = channel_rows(engine)
    assert set(after) == set(before)  # nothing lost, nothing doubled
    boni = after["fama_mali/103"]
    assert boni.id == before["fama_mali/103"].id and "27 terroristes" in boni.text
    assert boni.edited_at == later and boni.deleted_at is None
    assert ("Malian army", "killed", 27, "militants") in claims_of(engine, "fama_mali/103")
    assert after["fama_mali/104"].deleted_at == later  # gone between posts 103 and 105
    assert after["fama_mali/101"].deleted_at is None and after["fama_mali/105"].deleted_at is None

    scrolled = page(post(105, NOW - timedelta(hours=1), "Suivez nos communiqués officiels."))
    feed_server.add("/s/fama_mali", scrolled, content_type=HTML)
    poll(engine, settings, later + timedelta(hours=1))
    final = channel_rows(engine)
    assert final["fama_mali/101"].deleted_at is None  # older posts scrolled off: not deleted
    assert final["fama_mali/103"].deleted_at is None
    assert final["fama_mali/104"].deleted_at == later  # the first mark stays


def test_a_failing_channel_backs_off_like_a_feed(
    engine: Engine, settings: Settings, feed_server: FeedServer
) -> None:
    feed_server.add("/s/fama_mali", b"busy", status=503, content_type="text/plain")
    add_channel(engine, feed_server.url("/s/fama_mali"))

    summary = poll(engine, settings, NOW)

    assert [r.status for r in summary.feeds] == [FeedStatus.FAILED]
    with Session(engine) as session:
        (row,) = session.exec(select(FeedRow))
        assert row.consecutive_failures == 1 and row.last_error == "HTTP 503 Service Unavailable"
        assert row.next_poll_at is not None
        assert row.next_poll_at - NOW > timedelta(seconds=settings.poll_interval)


def test_a_t_me_address_is_stored_as_its_preview_page(engine: Engine) -> None:
    with session_scope(engine) as session:
        row = add_source(session=session, url="https://t.me/fama_mali", now=NOW)
        assert (row.url, row.kind) == ("https://t.me/s/fama_mali", CHANNEL_KIND)
        feed = add_source(session=session, url="https://a.example/rss", now=NOW, full_text="fetch")
        assert (feed.kind, feed.full_text) == ("feed", "fetch")
