"""Fetching over a real loopback HTTP server: every outcome is a FetchResult, never an error."""

from __future__ import annotations

import asyncio
import gzip
import random
import socket
from collections.abc import Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest

from feeds.ingest.fetch import (
    MAX_BACKOFF_S,
    MAX_REDIRECTS,
    FetchResult,
    fetch_feed,
    make_http_client,
    next_poll_at,
    sniff_non_feed,
)
from tests.helpers.http import FeedServer

T = TypeVar("T")
RSS = (Path(__file__).parent / "samples" / "rss2_en.xml").read_bytes()
LAST_MODIFIED = "Mon, 23 Nov 2026 10:00:00 GMT"


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


async def fetch(url: str, *, timeout: float = 5.0, **kwargs: Any) -> FetchResult:
    options = {"max_bytes": 1_000_000, "total_timeout": 5.0, **kwargs}
    async with make_http_client(timeout=timeout, allow_private=True) as client:
        return await fetch_feed(client, url, **options)


def test_ok_returns_body_validators_and_sends_our_headers(feed_server: FeedServer) -> None:
    feed_server.add("/rss", RSS, etag='"v1"', last_modified=LAST_MODIFIED)
    result = run(fetch(feed_server.url("/rss")))
    assert result.status == "ok" and result.ok
    assert result.body == RSS
    assert result.http_status == 200
    assert result.etag == '"v1"'
    assert result.last_modified == LAST_MODIFIED
    assert result.final_url == feed_server.url("/rss")
    assert result.headers["content-type"].startswith("application/rss+xml")
    assert result.error is None
    assert result.elapsed > 0
    seen = feed_server.requests_to("/rss")[0].headers
    assert "maliwatch" in seen["User-Agent"]
    assert "gzip" in seen["Accept-Encoding"]
    assert "If-None-Match" not in seen


def test_etag_gives_304_not_modified(feed_server: FeedServer) -> None:
    feed_server.add("/rss", RSS, etag='"v1"')
    first = run(fetch(feed_server.url("/rss")))
    second = run(fetch(feed_server.url("/rss"), etag=first.etag))
    assert second.status == "not_modified"
    assert second.http_status == 304
    assert second.body is None
    assert second.etag == '"v1"'
    assert feed_server.requests_to("/rss")[1].headers["If-None-Match"] == '"v1"'


def test_changed_etag_gives_the_new_body(feed_server: FeedServer) -> None:
    feed_server.add("/rss", RSS, etag='"v2"')
    result = run(fetch(feed_server.url("/rss"), etag='"v1"'))
    assert result.status == "ok"
    assert result.etag == '"v2"'


def test_last_modified_gives_304_not_modified(feed_server: FeedServer) -> None:
    feed_server.add("/rss", RSS, last_modified=LAST_MODIFIED)
    first = run(fetch(feed_server.url("/rss")))
    second = run(fetch(feed_server.url("/rss"), last_modified=first.last_modified))
    assert second.status == "not_modified"
    assert second.last_modified == LAST_MODIFIED
    assert feed_server.requests_to("/rss")[1].headers["If-Modified-Since"] == LAST_MODIFIED


def test_older_if_modified_since_gets_the_body(feed_server: FeedServer) -> None:
    feed_server.add("/rss", RSS, last_modified=LAST_MODIFIED)
    result = run(fetch(feed_server.url("/rss"), last_modified="Sun, 22 Nov 2026 10:00:00 GMT"))
    assert result.status == "ok"


@pytest.mark.parametrize(
    ("status", "message"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
def test_http_errors(feed_server: FeedServer, status: int, message: str) -> None:
    feed_server.add("/x", b"<rss/>", status=status)
    result = run(fetch(feed_server.url("/x")))
    assert result.status == "error"
    assert result.error == message
    assert result.http_status == status
    assert result.body is None


def test_unknown_path_is_404(feed_server: FeedServer) -> None:
    assert run(fetch(feed_server.url("/nothing"))).error == "HTTP 404 Not Found"


def test_total_deadline(feed_server: FeedServer) -> None:
    feed_server.add("/slow", RSS, delay=3.0)
    result = run(fetch(feed_server.url("/slow"), total_timeout=0.3))
    assert result.status == "error"
    assert result.error == "timeout: no complete answer within 0.3s"


def test_read_timeout_of_the_client(feed_server: FeedServer) -> None:
    feed_server.add("/slow", RSS, delay=3.0)
    result = run(fetch(feed_server.url("/slow"), timeout=0.2, total_timeout=5.0))
    assert result.status == "error"
    assert result.error == "timeout: the server stopped answering"


def test_redirect_is_followed(feed_server: FeedServer) -> None:
    feed_server.add("/rss", RSS)
    feed_server.redirect("/old", "/rss", status=301)
    result = run(fetch(feed_server.url("/old")))
    assert result.status == "ok"
    assert result.final_url == feed_server.url("/rss")
    assert result.url == feed_server.url("/old")


def test_redirect_chain_is_bounded(feed_server: FeedServer) -> None:
    feed_server.add(f"/r{MAX_REDIRECTS + 1}", RSS)
    for hop in range(MAX_REDIRECTS + 1):
        feed_server.redirect(f"/r{hop}", f"/r{hop + 1}")
    assert run(fetch(feed_server.url(f"/r{1}"))).status == "ok"  # exactly MAX_REDIRECTS hops
    result = run(fetch(feed_server.url("/r0")))
    assert result.status == "error"
    assert result.error is not None and result.error.startswith("too many redirects")


def test_redirect_loop(feed_server: FeedServer) -> None:
    feed_server.redirect("/a", "/b")
    feed_server.redirect("/b", "/a")
    result = run(fetch(feed_server.url("/a")))
    assert result.status == "error"
    assert result.error is not None and result.error.startswith("too many redirects")
    assert feed_server.hits("/a") + feed_server.hits("/b") == MAX_REDIRECTS + 1


def test_gzip_body_is_decoded(feed_server: FeedServer) -> None:
    feed_server.add("/gz", RSS, gzip=True)
    result = run(fetch(feed_server.url("/gz")))
    assert result.status == "ok"
    assert result.body == RSS
    assert result.headers["content-encoding"] == "gzip"


def test_size_cap_with_content_length(feed_server: FeedServer) -> None:
    feed_server.add("/big", b"<rss>" + b" " * 50_000)
    result = run(fetch(feed_server.url("/big"), max_bytes=10_000))
    assert result.status == "error"
    assert result.error == "too large: body over 10000 bytes"
    assert result.body is None


def test_size_cap_when_streamed_without_length(feed_server: FeedServer) -> None:
    feed_server.add("/big", b"<rss>" + b" " * 500_000, chunked=True)
    result = run(fetch(feed_server.url("/big"), max_bytes=100_000))
    assert result.error == "too large: body over 100000 bytes"


def test_size_cap_applies_after_decompression(feed_server: FeedServer) -> None:
    bomb = b"<rss>" + b"\0" * 2_000_000
    feed_server.add("/bomb", bomb, gzip=True)
    assert len(gzip.compress(bomb)) < 100_000
    result = run(fetch(feed_server.url("/bomb"), max_bytes=100_000))
    assert result.error == "too large: body over 100000 bytes"


def test_body_just_under_the_cap_is_fine(feed_server: FeedServer) -> None:
    feed_server.add("/rss", RSS, chunked=True)
    assert run(fetch(feed_server.url("/rss"), max_bytes=len(RSS))).status == "ok"


@pytest.mark.parametrize(
    ("body", "content_type", "message"),
    [
        pytest.param(
            b"<!DOCTYPE html><html><body>Login</body></html>",
            "text/html",
            "not a feed: an HTML page",
            id="html",
        ),
        pytest.param(
            b"{\"a\": 1}", "application/json", "not a feed: application/json content", id="json"
        ),
        pytest.param(b"\x89PNG\r\n\x1a\n", "image/png", "not a feed: image/png content", id="png"),
        pytest.param(b"", "application/rss+xml", "empty body", id="empty"),
    ],
)  # fmt: skip
def test_garbage_is_an_error(
    feed_server: FeedServer, body: bytes, content_type: str, message: str
) -> None:
    feed_server.add("/x", body, content_type=content_type)
    result = run(fetch(feed_server.url("/x")))
    assert result.status == "error"
    assert result.error == message


def test_connection_refused() -> None:
    with socket.socket() as probe:  # a port that nobody listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(fetch(f"http://127.0.0.1:{port}/rss"))
    assert result.status == "error"
    assert result.error == "could not fetch"  # the same words as a refusal by the guard
    assert result.detail is not None and "ConnectError" in result.detail


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/feed", "not a url"])
def test_invalid_url(url: str) -> None:
    result = run(fetch(url))
    assert result.status == "error"
    assert result.error is not None and result.error.startswith("invalid URL")


def test_make_http_client_policy() -> None:
    client = make_http_client(timeout=7)
    try:
        assert client.timeout == httpx.Timeout(7, connect=7)
        assert client.follow_redirects is True
        assert client.max_redirects == MAX_REDIRECTS
        assert "maliwatch" in client.headers["User-Agent"]
        assert client.headers["Accept-Encoding"] == "gzip, deflate"
    finally:
        run(client.aclose())
    assert make_http_client(timeout=60).timeout.connect == 10.0


@pytest.mark.parametrize(
    ("body", "verdict"),
    [
        (b"\xef\xbb\xbf  <?xml version='1.0'?><rss/>", None),
        (b"\xff\xfe<\x00r\x00", None),
        (b"\n<HTML><body>", "not a feed: an HTML page"),
    ],
)
def test_sniff_non_feed(body: bytes, verdict: str | None) -> None:
    assert sniff_non_feed(body, "text/xml") == verdict


# --- backoff ---------------------------------------------------------------------------------

NOW = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


class FixedFactor:
    """A random source that always draws the same end of the range."""

    def __init__(self, pick_high: bool) -> None:
        self.pick_high = pick_high

    def uniform(self, a: float, b: float) -> float:
        return b if self.pick_high else a


def test_success_polls_after_the_interval() -> None:
    assert next_poll_at(now=NOW, interval_s=300, consecutive_failures=0) == NOW + timedelta(
        seconds=300
    )


@pytest.mark.parametrize(("failures", "base"), [(1, 600), (2, 1200), (3, 2400), (6, 19200)])
def test_backoff_doubles_with_jitter_bounds(failures: int, base: float) -> None:
    low = next_poll_at(
        now=NOW, interval_s=300, consecutive_failures=failures, rng=FixedFactor(False)
    )
    high = next_poll_at(
        now=NOW, interval_s=300, consecutive_failures=failures, rng=FixedFactor(True)
    )
    assert low == NOW + timedelta(seconds=base * 0.8)
    assert high == NOW + timedelta(seconds=base * 1.2)


def test_backoff_is_capped() -> None:
    for failures in (8, 20, 500):
        at = next_poll_at(
            now=NOW, interval_s=300, consecutive_failures=failures, rng=FixedFactor(True)
        )
        assert at == NOW + timedelta(seconds=MAX_BACKOFF_S * 1.2)


def test_jitter_spreads_failing_feeds() -> None:
    rng = random.Random(7)
    times = {
        next_poll_at(now=NOW, interval_s=300, consecutive_failures=2, rng=rng) for _ in range(20)
    }
    assert len(times) > 1
    assert all(NOW + timedelta(seconds=960) <= t <= NOW + timedelta(seconds=1440) for t in times)


def test_default_random_source_works() -> None:
    at = next_poll_at(now=NOW, interval_s=60, consecutive_failures=1)
    assert NOW + timedelta(seconds=96) <= at <= NOW + timedelta(seconds=144)
