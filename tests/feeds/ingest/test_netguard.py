"""The address guard under every feed fetch: no loopback, private, link-local or metadata address
in any spelling, checked again after each redirect, connecting to the address it checked."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpcore
import pytest

from bot.delivery.senders import ConsoleSender
from bot.runner import run_cycle
from bot.settings import load_settings
from feeds.clock import FixedClock
from feeds.ingest.fetch import FetchResult, fetch_feed, make_http_client
from feeds.ingest.netguard import AddressPolicy, GuardedBackend, system_resolver
from storage.db import init_db, session_scope
from storage.queries import feeds as feed_queries
from tests.helpers.http import FeedServer

RSS = "<rss version='2.0'><channel><title>Guarded</title></channel></rss>"

REFUSED = [
    "127.0.0.1", "127.255.255.254", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
    "169.254.169.254", "169.254.0.1", "100.64.0.1", "0.0.0.0", "0.1.2.3", "224.0.0.1",
    "239.255.255.250", "255.255.255.255", "240.0.0.1", "192.0.2.1", "198.18.0.1",
    "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "fe80::1%eth0", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1",
    "2002:7f00:1::1", "2002:a9fe:a9fe::1", "64:ff9b::7f00:1", "2001:db8::1",
]  # fmt: skip
GLOBAL = ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111", "2a00:1450:4007:80f::200e"]


@pytest.fixture
def guard_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """The production default: MALIWATCH_ALLOW_PRIVATE_FEEDS unset."""
    monkeypatch.delenv("MALIWATCH_ALLOW_PRIVATE_FEEDS", raising=False)


class RecordingBackend(httpcore.AsyncNetworkBackend):
    """The real sockets, remembering every (host, port) the guard let through."""

    def __init__(self) -> None:
        self.inner = httpcore.AnyIOBackend()
        self.connections: list[tuple[str, int]] = []

    async def connect_tcp(
        self, host: str, port: int, timeout: float | None = None, **kwargs: Any
    ) -> httpcore.AsyncNetworkStream:
        self.connections.append((host, port))
        return await self.inner.connect_tcp(host, port, timeout=timeout, **kwargs)

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def fetch(url: str, backend: RecordingBackend | None = None, **client: Any) -> FetchResult:
    async def go() -> FetchResult:
        async with make_http_client(timeout=5, network_backend=backend, **client) as http:
            return await fetch_feed(http, url, max_bytes=100_000, total_timeout=5)

    return asyncio.run(go())


@pytest.mark.parametrize("address", REFUSED)
def test_non_global_addresses_are_refused(address: str) -> None:
    assert AddressPolicy().refusal(address, 80) is not None


@pytest.mark.parametrize("address", GLOBAL)
def test_global_addresses_are_allowed(address: str) -> None:
    assert AddressPolicy().refusal(address, 443) is None


def test_allow_private_lets_loopback_and_private_in_but_never_metadata_or_multicast() -> None:
    policy = AddressPolicy(allow_private=True)
    for address in ("127.0.0.1", "::1", "10.0.0.1", "192.168.0.10", "fd00::1", "::ffff:127.0.0.1"):
        assert policy.refusal(address, 80) is None, address
    for address in ("169.254.169.254", "fe80::1", "0.0.0.0", "224.0.0.1", "ff02::1"):
        assert policy.refusal(address, 80) is not None, address


def test_an_allowed_socket_is_that_ip_and_port_only() -> None:
    policy = AddressPolicy(allowed_sockets=frozenset({("127.0.0.1", 8123)}))
    assert policy.refusal("127.0.0.1", 8123) is None
    assert policy.refusal("127.0.0.1", 8124) is not None
    assert policy.refusal("127.0.0.2", 8123) is not None


@pytest.mark.parametrize("spelling", ["2130706433", "0x7f000001", "127.1", "0177.0.0.1"])
def test_the_resolver_reads_every_ipv4_spelling_as_the_address_it_is(spelling: str) -> None:
    assert asyncio.run(system_resolver(spelling, 80)) == ["127.0.0.1"]


def test_the_setting_is_off_by_default_and_named_exactly(guard_on: None) -> None:
    assert load_settings().allow_private_feeds is False
    assert load_settings(MALIWATCH_ALLOW_PRIVATE_FEEDS="1").allow_private_feeds is True


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost", "2130706433", "0x7f000001", "127.1", "[::ffff:127.0.0.1]"]
)
def test_a_loopback_feed_in_any_spelling_never_reaches_the_server(
    feed_server: FeedServer, host: str
) -> None:
    feed_server.add("/rss", RSS)
    backend = RecordingBackend()
    result = fetch(f"http://{host}:{feed_server.port}/rss", backend)
    assert (result.status, result.error) == ("error", "could not fetch")
    assert result.detail is not None and "refused" in result.detail
    assert backend.connections == []  # no socket was ever opened
    assert feed_server.requests == []


def test_the_same_feed_is_fetched_when_private_feeds_are_allowed(feed_server: FeedServer) -> None:
    feed_server.add("/rss", RSS)
    backend = RecordingBackend()
    result = fetch(f"http://localhost:{feed_server.port}/rss", backend, allow_private=True)
    assert result.ok
    assert backend.connections[0][0] in {"127.0.0.1", "::1"}  # the checked IP, not the name
    assert feed_server.hits("/rss") == 1


@pytest.mark.parametrize(
    "target",
    ["http://localhost:{other}/rss", "http://127.0.0.1:{other}/rss", "http://2130706433:{other}/",
     "http://169.254.169.254/latest/meta-data/", "http://[::1]:{other}/", "http://10.0.0.1/"],
)  # fmt: skip
def test_a_redirect_is_checked_again(feed_server: FeedServer, target: str) -> None:
    """The first server is let in (an allowed socket); where it redirects to is not."""
    with FeedServer() as other:
        other.add("/rss", RSS)
        feed_server.redirect("/moved", target.format(other=other.port))
        backend = RecordingBackend()
        result = fetch(
            feed_server.url("/moved"),
            backend,
            allowed_sockets=[("127.0.0.1", feed_server.port)],
        )
        assert (result.status, result.error) == ("error", "could not fetch")
        assert backend.connections == [("127.0.0.1", feed_server.port)]
        assert feed_server.hits("/moved") == 1
        assert other.requests == []


def test_a_refusal_reads_like_a_closed_port(feed_server: FeedServer) -> None:
    """No port-scanner: a refused address, a closed port and an open port give one answer."""
    closed = fetch("http://127.0.0.1:1/rss", allow_private=True)
    refused = fetch("http://127.0.0.1:1/rss")
    refused_open = fetch(feed_server.url("/rss"))
    assert closed.error == refused.error == refused_open.error == "could not fetch"


def test_it_connects_to_the_checked_address_and_keeps_the_name_for_http(
    feed_server: FeedServer,
) -> None:
    """DNS is asked once; the socket goes to that answer; Host still names the feed's host."""
    feed_server.add("/rss", RSS)
    answers = [["127.0.0.1"], ["10.9.9.9"]]  # a rebinding DNS: the second answer differs
    asked: list[str] = []

    async def rebinding(host: str, port: int) -> list[str]:
        asked.append(host)
        return answers[min(len(asked) - 1, 1)]

    recording = RecordingBackend()

    async def go() -> FetchResult:
        async with make_http_client(
            timeout=5, allow_private=True, network_backend=recording, resolver=rebinding
        ) as http:
            url = f"http://feeds.example:{feed_server.port}/rss"
            first = await fetch_feed(http, url, max_bytes=10_000, total_timeout=5)
            assert first.ok, first.detail
            return await fetch_feed(http, url, max_bytes=10_000, total_timeout=5)  # keep-alive

    result = asyncio.run(go())
    assert result.ok, result.detail
    assert asked == ["feeds.example"]  # one connection, one answer, used as checked
    assert recording.connections == [("127.0.0.1", feed_server.port)]
    assert feed_server.requests[0].headers["Host"] == f"feeds.example:{feed_server.port}"


def test_one_bad_address_among_the_answers_refuses_the_host() -> None:
    async def mixed(host: str, port: int) -> list[str]:
        return ["93.184.215.14", "127.0.0.1"]

    recording = RecordingBackend()
    backend = GuardedBackend(AddressPolicy(), inner=recording, resolver=mixed)
    with pytest.raises(httpcore.ConnectError, match=r"127\.0\.0\.1 is a loopback address"):
        asyncio.run(backend.connect_tcp("feeds.example", 80))
    assert recording.connections == []


def test_poll_refuses_a_stored_loopback_feed_by_default(
    guard_on: None, feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.add("/rss", RSS)
    settings = load_settings(MALIWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'g.db'}")
    engine = init_db(settings.sqlalchemy_url)
    now = datetime(2026, 11, 24, 12, tzinfo=UTC)
    with session_scope(engine) as session:
        feed_queries.upsert_feed(session=session, url=feed_server.url("/rss"), now=now)
    result = asyncio.run(
        run_cycle(engine=engine, settings=settings, sender=ConsoleSender(), clock=FixedClock(now))
    )
    [report] = result.poll.feeds
    assert report.error == "could not fetch"
    assert feed_server.requests == []
    engine.dispose()
