"""The corpus as the web serves it: one RSS 2.0 feed per outlet on a loopback HTTP server.

Each corpus story becomes one ``<item>`` (title, link = the story's url, description = its text
as HTML paragraphs, pubDate, guid = its id), in the feed of its ``feed`` URL. A feed lists its
items newest first, as real feeds do, and keeps the earlier ones when new items are published.
A feed whose stories share one language declares it in ``<language>``; a feed that mixes
languages declares none, so the parser detects each item's language, as it would on such a feed.

The server answers with an ETag and ``304 Not Modified`` to a matching ``If-None-Match``, so a
feed that published nothing since the last poll costs no parsing, as on most real servers.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from tools.evaluation.values import GoldStory

RSS_TYPE = "application/rss+xml; charset=utf-8"


def text_to_html(text: str) -> str:
    """Plain text as the HTML a feed carries: paragraphs (blank lines) as ``<p>``, other line
    breaks as ``<br>``, markup characters escaped."""
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in part.split("\n")) + "</p>"
        for part in paragraphs
        if part
    )


def item_xml(gold: GoldStory) -> str:
    story = gold.story
    published = format_datetime(story.published.astimezone(UTC), usegmt=True)
    return (
        "<item>"
        f"<title>{escape(story.title)}</title>"
        f"<link>{escape(story.url)}</link>"
        f"<description>{escape(text_to_html(story.text))}</description>"
        f"<pubDate>{published}</pubDate>"
        f'<guid isPermaLink="false">{escape(gold.id)}</guid>'
        "</item>"
    )


def feed_language(stories: Iterable[GoldStory]) -> str | None:
    """The outlet's language when all its stories share one, else None (declared nowhere)."""
    languages = {gold.language for gold in stories}
    return languages.pop() if len(languages) == 1 else None


def rss_document(
    feed_url: str, items: Sequence[GoldStory], *, language: str | None = None
) -> bytes:
    """One RSS 2.0 document for the outlet of ``feed_url``, its items newest first."""
    site = urlsplit(feed_url)
    newest_first = sorted(items, key=lambda gold: (gold.story.published, gold.id), reverse=True)
    head = (
        "<?xml version='1.0' encoding='utf-8'?>"
        "<rss version='2.0'><channel>"
        f"<title>{escape(site.hostname or feed_url)}</title>"
        f"<link>{escape(f'{site.scheme}://{site.netloc}/')}</link>"
        f"<description>{escape(feed_url)}</description>"
        + (f"<language>{escape(language)}</language>" if language else "")
    )
    body = "".join(item_xml(gold) for gold in newest_first)
    return (head + body + "</channel></rss>").encode("utf-8")


class ReplayFeedServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) serving documents set by ``publish``."""

    def __init__(self) -> None:
        self._documents: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self.hits: dict[str, int] = {}  # path → requests answered (200 or 304)
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def socket(self) -> tuple[str, int]:
        return "127.0.0.1", int(self._server.server_address[1])

    def url(self, path: str) -> str:
        host, port = self.socket
        return f"http://{host}:{port}{path}"

    def publish(self, path: str, document: bytes) -> None:
        with self._lock:
            self._documents[path] = document

    def document(self, path: str) -> bytes | None:
        with self._lock:
            return self._documents.get(path)

    def __enter__(self) -> ReplayFeedServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body leave at once: no 40 ms ACK wait

            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                body = server.document(path)
                if body is None:
                    self._reply(404, b"not found", {"Content-Type": "text/plain"})
                    return
                with server._lock:
                    server.hits[path] = server.hits.get(path, 0) + 1
                etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
                if etag in (self.headers.get("If-None-Match") or ""):
                    self._reply(304, b"", {"ETag": etag})
                    return
                self._reply(200, body, {"ETag": etag, "Content-Type": RSS_TYPE})

            def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return  # quiet: a replay makes hundreds of requests

        return Handler
