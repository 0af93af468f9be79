"""Web pages over HTTP, politely: article pages and channel preview pages (the I/O edge).

Every request goes through the shared client of :func:`feeds.ingest.fetch.make_http_client`,
with the feeds' limits: per-phase timeouts and an overall deadline, at most ``MAX_REDIRECTS``
redirects, a body cap counted after decompression, and a conditional GET when validators are
known. On top of that, for pages of other people's sites:

* **per host**, at most :data:`PER_HOST_CONCURRENCY` requests at once, each followed by a
  :data:`PER_HOST_DELAY` pause before the host's next request (a feed of thirty summaries does
  not become thirty simultaneous requests to one outlet);
* **robots.txt** is read once per host (kept :data:`ROBOTS_TTL`) and honoured for our agent;
  per RFC 9309 a missing robots.txt (4xx) allows everything, an unreachable one (5xx, network
  error) disallows everything until it is read again.

A :class:`PageFetcher` lives as long as its client (:func:`page_fetcher_for`), so the robots
cache and the per-host slots are shared by every feed of every cycle. Nothing here raises for a
bad page: every outcome is a :class:`PageResult`."""

from __future__ import annotations

import asyncio
import logging
import weakref
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Literal
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from feeds.ingest.fetch import (
    MAX_REDIRECTS,
    _read_capped,
    _TooLarge,
    conditional_headers,
    describe_exception,
)

log = logging.getLogger(__name__)

PageStatus = Literal["ok", "not_modified", "error", "redirect"]  # redirect: internal

PER_HOST_CONCURRENCY = 1
PER_HOST_DELAY = 1.0  # seconds between the end of one request to a host and the next one
ROBOTS_TTL = timedelta(hours=24)
ROBOTS_RETRY = timedelta(hours=1)  # an unreachable robots.txt is asked again after this
MAX_ROBOTS_BYTES = 512 * 1024
ROBOTS_AGENT = "maliwatch"  # the product token robots.txt rules name
HTML_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class PageResult:
    """One page fetch. ``body`` is set only when ``status == "ok"``."""

    status: PageStatus
    url: str
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    http_status: int | None = None
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(slots=True)
class _Robots:
    rules: RobotFileParser | None  # None: disallow everything (robots.txt unreachable)
    until: datetime


class PageFetcher:
    """Polite page fetching over one shared client (see module docstring)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        per_host: int = PER_HOST_CONCURRENCY,
        delay: float = PER_HOST_DELAY,
    ) -> None:
        self.client = client
        self.per_host = per_host
        self.delay = delay
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}

    def _slot(self, origin: str) -> asyncio.Semaphore:
        return self._slots.setdefault(origin, asyncio.Semaphore(self.per_host))

    async def _request(
        self,
        origin: str,
        url: str,
        headers: dict[str, str],
        *,
        max_bytes: int,
        total_timeout: float,
        html_only: bool,
    ) -> PageResult:
        async with self._slot(origin):
            try:
                async with asyncio.timeout(total_timeout):
                    return await self._get(url, headers, max_bytes, html_only)
            except Exception as exc:  # every failure is a value: the cycle goes on
                error = describe_exception(exc, total_timeout=total_timeout)
                return PageResult(status="error", url=url, error=error)
            finally:
                if self.delay > 0:
                    await asyncio.sleep(self.delay)

    async def _get(
        self, url: str, headers: dict[str, str], max_bytes: int, html_only: bool
    ) -> PageResult:
        async with self.client.stream(
            "GET", url, headers=headers, follow_redirects=False
        ) as response:
            code = response.status_code
            if response.is_redirect and response.headers.get("Location"):
                location = urljoin(url, response.headers["Location"])
                return PageResult(status="redirect", url=url, final_url=location, http_status=code)
            meta = {
                "url": url,
                "final_url": str(response.url),
                "http_status": code,
                "etag": response.headers.get("ETag") or headers.get("If-None-Match"),
                "last_modified": (
                    response.headers.get("Last-Modified") or headers.get("If-Modified-Since")
                ),
                "headers": dict(response.headers),
            }
            if code == 304:
                return PageResult(status="not_modified", **meta)  # type: ignore[arg-type]
            if code < 200 or code >= 300:
                error = f"HTTP {code} {response.reason_phrase or 'error'}"
                return PageResult(status="error", error=error, **meta)  # type: ignore[arg-type]
            kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if html_only and kind and kind not in HTML_TYPES:
                error = f"not an HTML page: {kind}"
                return PageResult(status="error", error=error, **meta)  # type: ignore[arg-type]
            try:
                body = await _read_capped(response, max_bytes)
            except _TooLarge:
                error = f"too large: body over {max_bytes} bytes"
                return PageResult(status="error", error=error, **meta)  # type: ignore[arg-type]
            return PageResult(status="ok", body=body, **meta)  # type: ignore[arg-type]

    async def fetch(
        self,
        url: str,
        *,
        now: datetime,
        max_bytes: int,
        total_timeout: float,
        etag: str | None = None,
        last_modified: str | None = None,
        check_robots: bool = True,
    ) -> PageResult:
        """One conditional GET of an HTML page, after robots.txt allows it."""
        origin = _origin(url)
        if origin is None:
            return PageResult(status="error", url=url, error="not a web link")
        if check_robots:
            refusal = await self.robots_refusal(url, now=now, total_timeout=total_timeout)
            if refusal is not None:
                return PageResult(status="error", url=url, error=refusal)
        headers = {"Accept": HTML_ACCEPT, **conditional_headers(etag, last_modified)}
        result = await self._follow(
            url,
            headers,
            now=now,
            max_bytes=max_bytes,
            total_timeout=total_timeout,
            check_robots=check_robots,
        )
        if result.status == "error":
            log.info("page fetch failed url=%s error=%s", url, result.error)
        return result

    async def _follow(
        self,
        url: str,
        headers: dict[str, str],
        *,
        now: datetime,
        max_bytes: int,
        total_timeout: float,
        check_robots: bool,
    ) -> PageResult:
        """GET ``url``, following redirects here rather than in httpx, so that every host a page
        passes through is asked for its robots.txt and gets its own per-host slot."""
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            origin = _origin(current)
            if origin is None:
                return PageResult(status="error", url=url, error="redirect to a non-web link")
            if check_robots and current != url:
                refusal = await self.robots_refusal(current, now=now, total_timeout=total_timeout)
                if refusal is not None:
                    return PageResult(status="error", url=url, error=f"after a redirect: {refusal}")
            result = await self._request(
                origin,
                current,
                headers if current == url else {"Accept": HTML_ACCEPT},
                max_bytes=max_bytes,
                total_timeout=total_timeout,
                html_only=True,
            )
            if result.status != "redirect" or result.final_url is None:
                return result if current == url else replace(result, url=url, final_url=current)
            current = result.final_url
        return PageResult(
            status="error", url=url, error=f"too many redirects (more than {MAX_REDIRECTS})"
        )

    async def robots_refusal(self, url: str, *, now: datetime, total_timeout: float) -> str | None:
        """Why robots.txt forbids ``url`` to us, or ``None`` when it may be fetched."""
        origin = _origin(url)
        if origin is None:
            return "not a web link"
        lock = self._robots_locks.setdefault(origin, asyncio.Lock())
        async with lock:  # one robots.txt request per host, however many pages wait for it
            known = self._robots.get(origin)
            if known is None or known.until <= now:
                known = await self._read_robots(origin, now=now, total_timeout=total_timeout)
                self._robots[origin] = known
        if known.rules is None:
            return "robots.txt unreachable: pages of this site are not fetched for now"
        if not known.rules.can_fetch(ROBOTS_AGENT, url):
            return "robots.txt disallows this page"
        return None

    async def _read_robots(self, origin: str, *, now: datetime, total_timeout: float) -> _Robots:
        result = await self._request(
            origin,
            f"{origin}/robots.txt",
            {"Accept": "text/plain, */*;q=0.5"},
            max_bytes=MAX_ROBOTS_BYTES,
            total_timeout=total_timeout,
            html_only=False,
        )
        rules = RobotFileParser()
        code = result.http_status or 0
        if result.ok and result.body is not None:
            rules.parse(result.body.decode("utf-8", errors="replace").splitlines())
        elif 400 <= code < 500:
            rules.parse([])  # no robots.txt: everything is allowed
        else:
            log.warning("robots.txt of %s unreachable: %s", origin, result.error)
            return _Robots(rules=None, until=now + ROBOTS_RETRY)
        return _Robots(rules=rules, until=now + ROBOTS_TTL)


_FETCHERS: weakref.WeakKeyDictionary[httpx.AsyncClient, PageFetcher] = weakref.WeakKeyDictionary()


def page_fetcher_for(client: httpx.AsyncClient) -> PageFetcher:
    """The fetcher bound to ``client``: one robots cache and one set of host slots per client."""
    fetcher = _FETCHERS.get(client)
    if fetcher is None:
        fetcher = _FETCHERS[client] = PageFetcher(client)
    return fetcher


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"
