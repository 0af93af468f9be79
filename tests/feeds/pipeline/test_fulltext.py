"""Full article text: loopback feeds of summaries whose links lead to real-looking article pages
(header, menus, share buttons, comments, related stories with other tolls), through the whole
poll cycle into a real database."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.settings import Settings, load_settings
from feeds.clock import FixedClock
from feeds.ingest.article import page_fetcher_for
from feeds.ingest.extract import extract_article
from feeds.ingest.fetch import make_http_client
from feeds.model import Story
from feeds.pipeline.fulltext import SUMMARY_MAX_WORDS, needs_page, read_full_texts
from feeds.pipeline.reports import PollSummary
from feeds.pipeline.run import poll_once
from storage.db import create_all, make_engine, session_scope
from storage.models import ClaimRow, FeedRow, PageRow, StoryRow
from storage.queries import feeds as feed_queries
from tests.helpers.builders import story as build_story
from tests.helpers.http import FeedServer
from tests.helpers.paths import DATA

PAGES = DATA / "pages"
FR_PAGE = (PAGES / "quotidien_fr.html").read_bytes()
EN_PAGE = (PAGES / "tribune_en.html").read_bytes()
HTML = "text/html; charset=utf-8"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
FR_TITLE = "Mali : au moins quatorze civils tués dans l'attaque d'un village près de Bankass"
FR_SUMMARY = "Une attaque a visé dimanche soir un village du cercle de Bankass, au centre du Mali."
EN_TITLE = "Mali: Army says 23 militants killed in strikes near Boni"
EN_SUMMARY = "Air strikes hit a camp near the central Malian town of Boni at the weekend."


def _paragraphs(page: bytes) -> list[str]:
    return extract_article(page, url="http://127.0.0.1/").text.split("\n\n")


def rss(items: list[tuple[str, str, str, str]], title: str = "Sahel news") -> str:
    """RSS 2.0 from (guid, link, title, html body) items, published two hours before NOW."""
    when = format_datetime(NOW - timedelta(hours=2), usegmt=True)
    body = "".join(
        f"<item><title>{escape(head)}</title><link>{escape(link)}</link>"
        f"<guid isPermaLink='false'>{guid}</guid><pubDate>{when}</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for guid, link, head, text in items
    )
    channel = f"<channel><title>{title}</title>{body}</channel>"
    return f"<?xml version='1.0'?><rss version='2.0'>{channel}</rss>"


def settings_for(tmp_path: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "MALIWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
        "MALIWATCH_FETCH_TIMEOUT": 3,
        "MALIWATCH_FETCH_ARTICLES": True,
    }
    return load_settings(**{**values, **extra})


def poll(
    engine: Engine, settings: Settings, now: datetime = NOW, delay: float = 0.0
) -> PollSummary:
    async def run() -> PollSummary:
        async with make_http_client(timeout=settings.fetch_timeout, allow_private=True) as client:
            page_fetcher_for(client).delay = delay
            return await poll_once(
                engine=engine,
                settings=settings,
                client=client,
                clock=FixedClock(now),
                add_feeds=False,
            )

    return asyncio.run(run())


def add_feed(engine: Engine, url: str, full_text: str | None = None) -> None:
    with session_scope(engine) as session:
        feed_queries.upsert_feed(
            session=session, url=url, title="", now=NOW - timedelta(days=1), full_text=full_text
        )
        row = session.exec(select(FeedRow).where(FeedRow.url == url)).one()
        row.last_success_at = NOW - timedelta(days=1)  # not a first poll: stories may alert
        session.add(row)


def stories(engine: Engine) -> list[StoryRow]:
    with Session(engine) as session:
        return list(session.exec(select(StoryRow).order_by(StoryRow.id)))


def claims(engine: Engine) -> list[tuple[object, ...]]:
    with Session(engine) as session:
        found = session.exec(select(ClaimRow, StoryRow).where(ClaimRow.story_id == StoryRow.id))
        return sorted(
            (story.title, c.claimant, c.category, c.low or -1, c.high or -1, c.victims, c.role)
            for c, story in found
        )


def serve_pages(server: FeedServer) -> tuple[str, str]:
    server.add("/fr/mali-attaque-bankass", FR_PAGE, content_type=HTML, etag='"fr1"')
    server.add("/en/mali-army-boni", EN_PAGE, content_type=HTML)
    return server.url("/fr/mali-attaque-bankass"), server.url("/en/mali-army-boni")


# ── extraction ───────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("page", "kept", "dropped", "language", "title"),
    [
        (
            FR_PAGE,
            ["Au moins quatorze civils ont été tués", "neuf autres personnes ont été blessées"],
            ["douze soldats", "40 civils", "25 morts", "30 personnes", "50 morts", "Partager",
             "Accepter", "S'abonner", "Mentions légales", "Inscrivez-vous"],
            "fr",
            FR_TITLE,
        ),
        (
            EN_PAGE,
            ["killed 23 militants", "two soldiers were wounded"],
            ["17 soldiers", "dozens dead", "8 civilians", "60 people", "Share on", "Most read",
             "Sign in", "Copyright", "Follow Sahel Tribune"],
            "en",
            EN_TITLE,
        ),
    ],
    ids=["french", "english"],
)  # fmt: skip
def test_extraction_keeps_the_article_and_drops_everything_around_it(
    page: bytes, kept: list[str], dropped: list[str], language: str, title: str
) -> None:
    found = extract_article(page, url="http://127.0.0.1/a")
    assert found.ok
    for words in kept:
        assert words in found.text
    for words in dropped:
        assert words not in found.text
    assert found.language == language
    assert found.title == title
    assert found.published is not None and found.published.year == 2026


def test_a_page_without_an_article_is_an_error_not_an_exception() -> None:
    assert extract_article(b"<html><body><nav>Home</nav></body></html>", url="http://x/").error
    assert extract_article(b"\xff\xfe\x00garbage", url="http://x/").error


def test_only_summaries_need_their_page() -> None:
    short = build_story(
        "s",
        feed_url="f",
        guid="g",
        url="https://a.example/1",
        title="t",
        text="One sentence.",
        published=NOW,
        fetched=NOW,
        content_hash="",
    )
    long = build_story(
        "s",
        feed_url="f",
        guid="g",
        url="https://a.example/1",
        title="t",
        text="word " * SUMMARY_MAX_WORDS,
        published=NOW,
        fetched=NOW,
        content_hash="",
    )
    assert needs_page(short, "auto") and not needs_page(long, "auto")
    assert needs_page(long, "fetch")
    assert not needs_page(short, "never")


# ── the poll cycle ───────────────────────────────────────────────────────────────────────────


def test_a_feed_of_summaries_yields_the_claims_of_the_same_feed_with_full_text(
    tmp_path: Path, feed_server: FeedServer, engine: Engine
) -> None:
    full_engine = make_engine(f"sqlite:///{tmp_path / 'full_text_feed.db'}")  # its own database
    create_all(full_engine)
    fr_url, en_url = serve_pages(feed_server)
    fr_body = "".join(f"<p>{p}</p>" for p in _paragraphs(FR_PAGE))
    en_body = "".join(f"<p>{p}</p>" for p in _paragraphs(EN_PAGE))
    feed_server.add(
        "/summaries.xml",
        rss([("fr-1", fr_url, FR_TITLE, FR_SUMMARY), ("en-1", en_url, EN_TITLE, EN_SUMMARY)]),
    )
    feed_server.add(
        "/full.xml", rss([("fr-1", fr_url, FR_TITLE, fr_body), ("en-1", en_url, EN_TITLE, en_body)])
    )
    settings = settings_for(tmp_path)
    add_feed(engine, feed_server.url("/summaries.xml"))
    add_feed(full_engine, feed_server.url("/full.xml"))

    poll(engine, settings)
    assert feed_server.hits("/fr/mali-attaque-bankass") == 1
    poll(full_engine, settings)
    assert feed_server.hits("/fr/mali-attaque-bankass") == 1  # full text in the feed: no page read

    from_pages, from_feed = claims(engine), claims(full_engine)
    assert from_pages == from_feed
    assert any(c[2] == "killed" and c[3] == 14 for c in from_pages)
    assert any(c[1] == "Malian army" and c[3] == 23 for c in from_pages)
    assert not any(c[3] in (12, 17, 25, 30, 40, 50, 60) for c in from_pages)  # no leak
    fr, en = stories(engine)
    assert fr.summary == FR_SUMMARY and fr.text.startswith("Au moins quatorze civils")
    assert fr.language == "fr" and en.language == "en" and fr.title == FR_TITLE
    assert fr.relevant and en.relevant and fr.text_note is None
    assert len(stories(full_engine)) == 2 and stories(full_engine)[0].summary in ("", None)
    full_engine.dispose()


def test_a_page_that_cannot_be_read_keeps_the_summary_and_says_why(
    tmp_path: Path, feed_server: FeedServer, engine: Engine
) -> None:
    fr_url, _ = serve_pages(feed_server)
    feed_server.add("/gone", b"not here", status=404, content_type="text/plain")
    feed_server.add("/pdf", b"%PDF-1.4", content_type="application/pdf")
    feed_server.add("/empty", b"<html><body><nav>Menu</nav></body></html>", content_type=HTML)
    feed_server.add("/huge", b"<html>" + b"x" * 20_000, content_type=HTML)
    items = [
        ("a", feed_server.url("/gone"), "Gone", "Mali: an attack near Gao."),
        ("b", feed_server.url("/pdf"), "Pdf", "Mali: an attack near Mopti."),
        ("c", feed_server.url("/empty"), "Empty", "Mali: an attack near Kidal."),
        ("d", feed_server.url("/huge"), "Huge", "Mali: an attack near Ségou."),
        ("e", fr_url, FR_TITLE, FR_SUMMARY),
    ]
    feed_server.add("/rss", rss(items))
    add_feed(engine, feed_server.url("/rss"))

    summary = poll(engine, settings_for(tmp_path, MALIWATCH_MAX_FEED_BYTES=10_000))

    assert summary.total("stories_failed") == 0
    notes = {row.title: (row.text, row.text_note) for row in stories(engine)}
    assert notes["Gone"] == ("Mali: an attack near Gao.", "page not read: HTTP 404 Not Found")
    assert notes["Pdf"][1] == "page not read: not an HTML page: application/pdf"
    assert notes["Empty"][1] == "page not read: no article text found on the page"
    assert notes["Huge"][1] == "page not read: too large: body over 10000 bytes"
    assert notes[FR_TITLE][1] is None and "quatorze" in notes[FR_TITLE][0]  # the cycle went on


def test_robots_txt_is_honoured_and_read_once_per_host(
    tmp_path: Path, feed_server: FeedServer, engine: Engine
) -> None:
    fr_url, en_url = serve_pages(feed_server)
    feed_server.add(
        "/robots.txt",
        "User-agent: *\nDisallow: /en/\n\nUser-agent: otherbot\nDisallow: /\n",
        content_type="text/plain",
    )
    items = [("fr", fr_url, FR_TITLE, FR_SUMMARY), ("en", en_url, EN_TITLE, EN_SUMMARY)]
    feed_server.add("/one.xml", rss(items[:1]))
    feed_server.add("/two.xml", rss(items[1:]))
    add_feed(engine, feed_server.url("/one.xml"))
    add_feed(engine, feed_server.url("/two.xml"))

    poll(engine, settings_for(tmp_path))

    assert feed_server.hits("/robots.txt") == 1
    assert feed_server.hits("/en/mali-army-boni") == 0
    assert feed_server.hits("/fr/mali-attaque-bankass") == 1
    by_title = {row.title: row for row in stories(engine)}
    assert by_title[EN_TITLE].text == EN_SUMMARY
    assert by_title[EN_TITLE].text_note == "page not read: robots.txt disallows this page"
    assert by_title[FR_TITLE].summary == FR_SUMMARY


def test_a_redirect_to_another_host_asks_that_hosts_robots_txt(
    tmp_path: Path, feed_server: FeedServer, engine: Engine
) -> None:
    """robots.txt is honoured for every host a page passes through, not only the link's."""
    with FeedServer() as other:
        other.add("/robots.txt", "User-agent: *\nDisallow: /en/\n", content_type="text/plain")
        other.add("/en/mali-army-boni", EN_PAGE, content_type=HTML)
        fr_url, _ = serve_pages(other)
        feed_server.add(
            "/moved-en", b"", status=302, headers={"Location": other.url("/en/mali-army-boni")}
        )
        feed_server.add("/moved-fr", b"", status=301, headers={"Location": fr_url})
        items = [
            ("en", feed_server.url("/moved-en"), EN_TITLE, EN_SUMMARY),
            ("fr", feed_server.url("/moved-fr"), FR_TITLE, FR_SUMMARY),
        ]
        feed_server.add("/rss", rss(items))
        add_feed(engine, feed_server.url("/rss"))

        poll(engine, settings_for(tmp_path))

        assert other.hits("/robots.txt") == 1
        assert other.hits("/en/mali-army-boni") == 0
        assert other.hits("/fr/mali-attaque-bankass") == 1
    by_title = {row.title: row for row in stories(engine)}
    assert by_title[EN_TITLE].text == EN_SUMMARY
    assert "after a redirect: robots.txt disallows" in (by_title[EN_TITLE].text_note or "")
    assert "quatorze" in by_title[FR_TITLE].text


def test_an_unreachable_robots_txt_stops_page_reads(
    tmp_path: Path, feed_server: FeedServer, engine: Engine
) -> None:
    fr_url, _ = serve_pages(feed_server)
    feed_server.add("/robots.txt", b"oops", status=503, content_type="text/plain")
    feed_server.add("/rss", rss([("fr", fr_url, FR_TITLE, FR_SUMMARY)]))
    add_feed(engine, feed_server.url("/rss"))

    poll(engine, settings_for(tmp_path))

    assert feed_server.hits("/fr/mali-attaque-bankass") == 0
    (row,) = stories(engine)
    assert row.text == FR_SUMMARY and "robots.txt unreachable" in (row.text_note or "")


def test_one_article_from_two_feeds_with_tracking_links_is_one_story_and_one_page_read(
    tmp_path: Path, feed_server: FeedServer, engine: Engine
) -> None:
    fr_url, _ = serve_pages(feed_server)
    feed_server.add(
        "/a.xml", rss([("x1", f"{fr_url}?xtor=RSS-3&at_medium=RSS", FR_TITLE, FR_SUMMARY)])
    )
    feed_server.add(
        "/b.xml", rss([("y9", f"{fr_url}?traffic_source=rss&at_campaign=x", FR_TITLE, FR_SUMMARY)])
    )
    add_feed(engine, feed_server.url("/a.xml"))
    add_feed(engine, feed_server.url("/b.xml"))

    poll(engine, settings_for(tmp_path, MALIWATCH_FETCH_CONCURRENCY=1))
    poll(engine, settings_for(tmp_path), now=NOW + timedelta(hours=1))

    (row,) = stories(engine)
    assert row.url == fr_url
    assert feed_server.hits("/fr/mali-attaque-bankass") == 1


def test_the_per_feed_switches_never_and_fetch(
    tmp_path: Path, feed_server: FeedServer, engine: Engine
) -> None:
    fr_url, en_url = serve_pages(feed_server)
    long_teaser = " ".join(["Mali, le centre."] * 52)  # not a summary by length alone
    assert len(long_teaser.split()) > SUMMARY_MAX_WORDS
    feed_server.add("/never.xml", rss([("n", en_url, EN_TITLE, EN_SUMMARY)]))
    feed_server.add("/fetch.xml", rss([("f", fr_url, FR_TITLE, long_teaser)]))
    add_feed(engine, feed_server.url("/never.xml"), full_text="never")
    add_feed(engine, feed_server.url("/fetch.xml"), full_text="fetch")

    poll(engine, settings_for(tmp_path))

    assert feed_server.hits("/en/mali-army-boni") == 0  # never
    assert feed_server.hits("/fr/mali-attaque-bankass") == 1  # fetch, although the text is long
    by_title = {row.title: row for row in stories(engine)}
    assert by_title[FR_TITLE].summary == long_teaser
    assert by_title[FR_TITLE].text.startswith("Au moins quatorze civils")
    assert by_title[EN_TITLE].text == EN_SUMMARY and by_title[EN_TITLE].text_note is None


def test_the_global_switch_turns_every_page_read_off(
    tmp_path: Path, feed_server: FeedServer, engine: Engine
) -> None:
    fr_url, _ = serve_pages(feed_server)
    feed_server.add("/fetch.xml", rss([("f", fr_url, FR_TITLE, FR_SUMMARY)]))
    add_feed(engine, feed_server.url("/fetch.xml"), full_text="fetch")

    poll(engine, settings_for(tmp_path, MALIWATCH_FETCH_ARTICLES=False))

    assert feed_server.hits("/fr/mali-attaque-bankass") == feed_server.hits("/robots.txt") == 0
    (row,) = stories(engine)
    assert row.text == FR_SUMMARY


def test_pages_of_one_host_are_fetched_one_at_a_time_with_a_pause(
    tmp_path: Path, feed_server: FeedServer, engine: Engine
) -> None:
    items = []
    for n in range(4):
        feed_server.add(f"/p{n}", FR_PAGE, content_type=HTML, delay=0.05)
        items.append((f"g{n}", feed_server.url(f"/p{n}"), f"{FR_TITLE} {n}", FR_SUMMARY))
    feed_server.add("/rss", rss(items))
    add_feed(engine, feed_server.url("/rss"))

    started = time.monotonic()
    poll(engine, settings_for(tmp_path), delay=0.2)
    elapsed = time.monotonic() - started

    assert sum(feed_server.hits(f"/p{n}") for n in range(4)) == 4
    assert feed_server.max_in_flight == 1
    assert elapsed >= 4 * 0.2  # robots.txt and four pages, each followed by the host's pause


def test_a_stored_page_is_reused_then_revalidated_with_a_conditional_get(
    tmp_path: Path, feed_server: FeedServer, engine: Engine
) -> None:
    fr_url, _ = serve_pages(feed_server)
    add_feed(engine, feed_server.url("/rss"))
    story = build_story(
        "s",
        feed_url=feed_server.url("/rss"),
        guid="g",
        url=fr_url,
        title=FR_TITLE,
        text=FR_SUMMARY,
        published=NOW,
        fetched=NOW,
        content_hash="",
    )
    settings = settings_for(tmp_path)
    with session_scope(engine) as session:
        feed = feed_queries.list_feeds(session=session)[0]
        session.expunge(feed)

    async def read(now: datetime) -> Story:
        async with make_http_client(timeout=3, allow_private=True) as client:
            page_fetcher_for(client).delay = 0
            (done,) = await read_full_texts(
                [story], feed, client=client, engine=engine, settings=settings, now=now
            )
            return done

    first = asyncio.run(read(NOW))
    again = asyncio.run(read(NOW + timedelta(hours=2)))
    assert feed_server.hits("/fr/mali-attaque-bankass") == 1  # from the page table
    later = asyncio.run(read(NOW + timedelta(hours=30)))
    requests = feed_server.requests_to("/fr/mali-attaque-bankass")
    assert len(requests) == 2 and requests[1].headers["If-None-Match"] == '"fr1"'
    assert first.text == again.text == later.text and first.summary == FR_SUMMARY
    with Session(engine) as session:
        (page,) = session.exec(select(PageRow))
        assert page.fetched_at == NOW + timedelta(hours=30) and page.etag == '"fr1"'
