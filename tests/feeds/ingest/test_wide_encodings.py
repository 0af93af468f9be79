"""UTF-16 and UTF-32 feeds without a byte order mark, encoding declared in the XML prolog
(valid XML, XML 1.0 appendix F): fetched, not refused as "not a feed", and parsed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from feeds.ingest.fetch import fetch_feed, make_http_client, sniff_non_feed
from feeds.ingest.parse import parse_feed
from tests.helpers.http import FeedServer

FETCHED = datetime(2026, 11, 24, 12, tzinfo=UTC)
ENCODINGS = ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]


def wide_feed(encoding: str) -> bytes:
    declared = encoding.replace("-le", "le").replace("-be", "be").upper()
    text = (
        f'<?xml version="1.0" encoding="{declared}"?>\n'
        "<rss version='2.0'><channel><title>Radio Kledu – Bamako</title>"
        "<item><title>Attaque près de Ménaka</title><link>https://kledu.example/a1</link>"
        "<guid>a1</guid><description>Au moins 5 morts.</description></item></channel></rss>"
    )
    return text.encode(encoding)  # no BOM: Python's -le / -be codecs write none


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_sniffer_lets_a_wide_feed_through(encoding: str) -> None:
    body = wide_feed(encoding)
    assert not body.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff"))
    assert sniff_non_feed(body, "application/rss+xml") is None


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-be"])
def test_a_wide_html_page_is_still_an_html_page(encoding: str) -> None:
    body = "<!DOCTYPE html><html><body>hello</body></html>".encode(encoding)
    assert sniff_non_feed(body, "text/html") == "not a feed: an HTML page"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_wide_feed_is_fetched_and_parsed(feed_server: FeedServer, encoding: str) -> None:
    feed_server.add("/rss", wide_feed(encoding), content_type="application/rss+xml")

    async def go() -> bytes | None:
        async with make_http_client(timeout=5, allow_private=True) as client:
            result = await fetch_feed(
                client, feed_server.url("/rss"), max_bytes=100_000, total_timeout=5
            )
        assert result.ok, result.error
        return result.body

    body = asyncio.run(go())
    assert body is not None
    parsed = parse_feed(
        body,
        feed_url=feed_server.url("/rss"),
        headers={"Content-Type": "application/rss+xml"},
        fetched=FETCHED,
    )
    assert parsed.title == "Radio Kledu – Bamako"
    assert [story.title for story in parsed.stories] == ["Attaque près de Ménaka"]
