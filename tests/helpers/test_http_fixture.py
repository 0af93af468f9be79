"""The feed_server fixture itself: others' tests rely on its behaviour."""

from __future__ import annotations

import gzip
import http.client
import socket

import pytest

from tests.helpers.http import MAX_DELAY, FeedServer


def get(
    server: FeedServer, path: str, method: str = "GET", **headers: str
) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_url_and_static_route(feed_server: FeedServer) -> None:
    feed_server.add("/rss", "<rss>é</rss>", content_type="text/xml", headers={"X-Test": "1"})
    assert feed_server.url("/rss") == f"http://127.0.0.1:{feed_server.port}/rss"
    assert feed_server.url("rss") == feed_server.url("/rss")
    status, headers, body = get(feed_server, "/rss?x=1")
    assert (status, body) == (200, "<rss>é</rss>".encode())
    assert headers["Content-Type"] == "text/xml"
    assert headers["X-Test"] == "1"


def test_route_is_replaced_and_requests_are_logged(feed_server: FeedServer) -> None:
    feed_server.add("/rss", b"<rss>1</rss>")
    get(feed_server, "/rss", **{"User-Agent": "probe/1"})
    feed_server.add("/rss", b"<rss>2</rss>")
    assert get(feed_server, "/rss")[2] == b"<rss>2</rss>"
    assert feed_server.hits("/rss") == 2
    first = feed_server.requests_to("/rss")[0]
    assert (first.method, first.path, first.headers["user-agent"]) == ("GET", "/rss", "probe/1")


def test_unknown_path_and_head(feed_server: FeedServer) -> None:
    assert get(feed_server, "/missing")[0] == 404
    feed_server.add("/rss", b"<rss/>")
    status, headers, body = get(feed_server, "/rss", method="HEAD")
    assert (status, headers["Content-Length"], body) == (200, "6", b"")


@pytest.mark.parametrize(
    ("header", "value", "status"),
    [
        ("If-None-Match", '"v1"', 304),
        ("If-None-Match", '"old", "v1"', 304),
        ("If-None-Match", '"v0"', 200),
        ("If-Modified-Since", "Mon, 23 Nov 2026 10:00:00 GMT", 304),
        ("If-Modified-Since", "Tue, 24 Nov 2026 10:00:00 GMT", 304),
        ("If-Modified-Since", "Sun, 22 Nov 2026 10:00:00 GMT", 200),
        ("If-Modified-Since", "garbage", 200),
    ],
)
def test_conditional_get(feed_server: FeedServer, header: str, value: str, status: int) -> None:
    feed_server.add("/rss", b"<rss/>", etag='"v1"', last_modified="Mon, 23 Nov 2026 10:00:00 GMT")
    got, headers, body = get(feed_server, "/rss", **{header: value})
    assert got == status
    assert headers["ETag"] == '"v1"'
    assert (body == b"") is (status == 304)


def test_redirect_gzip_and_chunked(feed_server: FeedServer) -> None:
    feed_server.redirect("/old", "/new", status=301)
    status, headers, _ = get(feed_server, "/old")
    assert (status, headers["Location"]) == (301, feed_server.url("/new"))
    feed_server.add("/gz", b"<rss/>" * 100, gzip=True)
    status, headers, body = get(feed_server, "/gz")
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == b"<rss/>" * 100
    feed_server.add("/chunked", b"x" * 200_000, chunked=True)
    status, headers, body = get(feed_server, "/chunked")
    assert headers["Transfer-Encoding"] == "chunked" and "Content-Length" not in headers
    assert body == b"x" * 200_000


def test_slow_route_delay_is_bounded(feed_server: FeedServer) -> None:
    feed_server.add("/slow", b"<rss/>", delay=MAX_DELAY * 10)
    feed_server.add("/fast", b"<rss/>")
    assert feed_server.route("/slow").delay == MAX_DELAY
    assert feed_server.route("/fast").delay == 0


def read_or_reset(sock: socket.socket) -> bytes:
    try:
        return sock.recv(100)
    except ConnectionResetError:
        return b""


def test_server_stops_cleanly_and_frees_the_port() -> None:
    server = FeedServer().start()
    server.add("/slow", b"<rss/>", delay=MAX_DELAY)
    port = server.port
    with socket.create_connection(("127.0.0.1", port), timeout=5) as pending:
        pending.sendall(b"GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
        server.stop()  # must not wait for the slow answer
        assert read_or_reset(pending) == b""  # dropped (closed or reset), never answered
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        pass


def test_stop_closes_idle_keep_alive_connections() -> None:
    server = FeedServer().start()
    server.add("/rss", b"<rss/>")
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    connection.request("GET", "/rss")
    assert connection.getresponse().read() == b"<rss/>"  # the connection stays open (HTTP/1.1)
    server.stop()
    assert connection.sock is not None
    assert read_or_reset(connection.sock) == b""
    connection.close()
