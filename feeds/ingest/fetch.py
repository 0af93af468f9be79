"""Feed fetching over HTTP: the only module that uses httpx for feeds (the I/O edge).

One shared :class:`httpx.AsyncClient` (:func:`make_http_client`) is opened with the app and
closed with it. :func:`fetch_feed` does one conditional GET and NEVER raises: every outcome is a
:class:`FetchResult` whose ``status`` is ``"ok"`` (a body to parse), ``"not_modified"`` (304:
nothing to do) or ``"error"`` (``error`` says why in a few words). Safety limits:

* httpx per-phase timeouts (connect / read / write / pool) and an overall deadline per fetch
  (``total_timeout``, enforced with :func:`asyncio.timeout`: a server trickling bytes cannot
  hold a poll cycle);
* at most :data:`MAX_REDIRECTS` redirects (loops end as an error);
* the body is streamed and abandoned past ``max_bytes`` *after* decompression (a gzip bomb is
  "too large" too);
* a body that is obviously not a feed (HTML page, JSON, binary) is an error here, before
  parsing;
* every connection goes through :mod:`feeds.ingest.netguard` (resolve, refuse non-global addresses,
  connect to the checked address; again for each redirect). A refused or failed connection is
  the same ``"could not fetch"`` for the user (no host or port detail that would make the bot a
  port scanner); ``FetchResult.detail`` carries the reason for the log.

:func:`next_poll_at` is the pure backoff policy: the normal interval after a success,
exponential backoff with jitter after failures.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

import httpcore
import httpx

from feeds.ingest.netguard import (
    AddressPolicy,
    GuardedBackend,
    GuardedTransport,
    Resolver,
    system_resolver,
)
from feeds.model.redact import mask_url

logger = logging.getLogger(__name__)

FetchStatus = Literal["ok", "not_modified", "error"]

MAX_REDIRECTS = 5
CONTACT_URL = "https://github.com/maliwatch/maliwatch"  # placeholder: point at your deployment
USER_AGENT = f"maliwatch/0.1 (+{CONTACT_URL}; feed monitor)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
MAX_BACKOFF_S = 6 * 3600
JITTER = 0.2
COULD_NOT_FETCH = "could not fetch"


@dataclass(frozen=True, slots=True)
class FetchResult:
    """The outcome of one fetch. ``body`` is set only when ``status == "ok"``."""

    status: FetchStatus
    url: str
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    final_url: str | None = None
    http_status: int | None = None
    error: str | None = None  # short, user-facing (chat, health, digest)
    elapsed: float = 0.0  # seconds
    detail: str | None = None  # the technical reason behind ``error``, for the log only

    @property
    def ok(self) -> bool:
        return self.status == "ok"


class RandomSource(Protocol):
    """What :func:`next_poll_at` needs from a random generator (the ``random`` module fits)."""

    def uniform(self, a: float, b: float) -> float: ...


class _TooLarge(Exception):
    pass


def make_http_client(
    *,
    timeout: float,
    user_agent: str = USER_AGENT,
    max_connections: int = 20,
    allow_private: bool = False,
    allowed_sockets: Iterable[tuple[str, int]] = (),
    network_backend: httpcore.AsyncNetworkBackend | None = None,
    resolver: Resolver = system_resolver,
) -> httpx.AsyncClient:
    """The shared client for feeds: explicit timeouts, bounded redirects, gzip, a named agent,
    and the address guard of :mod:`feeds.ingest.netguard` on every connection.

    ``timeout`` is the read/write/pool timeout in seconds; connecting gets at most 10 s.
    ``allow_private`` is ``MALIWATCH_ALLOW_PRIVATE_FEEDS``; ``allowed_sockets`` are exact
    ``(ip, port)`` pairs let through anyway (the demo's loopback server);
    ``network_backend`` and ``resolver`` replace the system sockets and DNS under the guard
    (tests).
    """
    limits = httpx.Limits(
        max_connections=max_connections,
        max_keepalive_connections=max(1, max_connections // 2),
        keepalive_expiry=30.0,
    )
    policy = AddressPolicy(allow_private=allow_private, allowed_sockets=frozenset(allowed_sockets))
    backend = GuardedBackend(policy, inner=network_backend, resolver=resolver)
    return httpx.AsyncClient(
        transport=GuardedTransport(policy, limits=limits, backend=backend),
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        headers={"User-Agent": user_agent, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"},
    )


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` for the validators we stored last time."""
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


# How "<" starts a UTF-32 or UTF-16 document without a byte order mark (XML 1.0, appendix F);
# UTF-32 first, as its little-endian form starts like UTF-16's.
_WIDE_STARTS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)


def _narrow_head(body: bytes) -> bytes:
    """The start of ``body``, as ASCII when it is UTF-16 / UTF-32 without a BOM (so the checks
    below read the markup, not the zero bytes)."""
    for start, encoding in _WIDE_STARTS:
        if body.startswith(start):
            text = body[:2048].decode(encoding, errors="ignore")
            return text.encode("ascii", errors="replace")
    return body


def sniff_non_feed(body: bytes, content_type: str) -> str | None:
    """Why ``body`` is surely not a feed, or ``None`` when it may be one (parse decides)."""
    head = _narrow_head(body).lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if not head:
        return "empty body"
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):  # UTF-16/32 BOM
        return None  # leave it to the parser
    if head.startswith((b"<!doctype html", b"<html")):
        return "not a feed: an HTML page"
    if not head.startswith(b"<"):
        kind = content_type.split(";")[0].strip() or "unknown type"
        return f"not a feed: {kind} content"
    return None


async def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length", "")
    # Only a plain body's declared length is its real size; compressed ones are checked below.
    plain = "Content-Encoding" not in response.headers
    if plain and declared.isdigit() and int(declared) > max_bytes:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _from_response(
    status: FetchStatus, url: str, response: httpx.Response, **extra: Any
) -> FetchResult:
    return FetchResult(
        status=status,
        url=url,
        headers=dict(response.headers),
        etag=response.headers.get("ETag"),
        last_modified=response.headers.get("Last-Modified"),
        final_url=str(response.url),
        http_status=response.status_code,
        **extra,
    )


async def _get(
    client: httpx.AsyncClient, url: str, headers: dict[str, str], max_bytes: int
) -> FetchResult:
    async with client.stream("GET", url, headers=headers) as response:
        code = response.status_code
        if code == 304:
            result = _from_response("not_modified", url, response)
            # Keep the validators we sent when the server does not repeat them.
            return replace(
                result,
                etag=result.etag or headers.get("If-None-Match"),
                last_modified=result.last_modified or headers.get("If-Modified-Since"),
            )
        if code >= 400 or code < 200:
            error = f"HTTP {code} {response.reason_phrase or 'error'}"
            return _from_response("error", url, response, error=error)
        if response.is_redirect:
            error = f"HTTP {code} redirect without a usable Location"
            return _from_response("error", url, response, error=error)
        try:
            body = await _read_capped(response, max_bytes)
        except _TooLarge:
            error = f"too large: body over {max_bytes} bytes"
            return _from_response("error", url, response, error=error)
        problem = sniff_non_feed(body, response.headers.get("Content-Type", ""))
        if problem:
            return _from_response("error", url, response, error=problem)
        return _from_response("ok", url, response, body=body)


def describe_exception(exc: BaseException, *, total_timeout: float) -> str:
    """A short, user-facing reason for a failed fetch."""
    if isinstance(exc, TimeoutError):
        return f"timeout: no complete answer within {total_timeout:g}s"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects (more than {MAX_REDIRECTS}, or a loop)"
    if isinstance(exc, httpx.ConnectTimeout):
        return COULD_NOT_FETCH  # like a refused connection: no open / closed / filtered hint
    if isinstance(exc, httpx.TimeoutException):
        return "timeout: the server stopped answering"
    if isinstance(exc, httpx.ConnectError | httpx.NetworkError | httpx.ProtocolError):
        return COULD_NOT_FETCH  # refused by the guard, refused by the host, or not HTTP
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return f"invalid URL: {_first_line(exc)}"
    if isinstance(exc, httpx.DecodingError):
        return "bad response: could not decode the body"
    if isinstance(exc, httpx.HTTPError):
        return f"{type(exc).__name__}: {_first_line(exc)}"
    return f"unexpected error: {type(exc).__name__}: {_first_line(exc)}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else ""


async def fetch_feed(
    client: httpx.AsyncClient,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int,
    total_timeout: float,
) -> FetchResult:
    """One conditional GET of a feed. Never raises (except on task cancellation)."""
    started = time.monotonic()
    headers = conditional_headers(etag, last_modified)
    try:
        async with asyncio.timeout(total_timeout):
            result = await _get(client, url, headers, max_bytes)
    except Exception as exc:  # every failure is a value: the poll cycle goes on
        error = describe_exception(exc, total_timeout=total_timeout)
        detail = f"{type(exc).__name__}: {_first_line(exc)}"
        result = FetchResult(status="error", url=url, error=error, detail=detail)
    elapsed = time.monotonic() - started
    _log_result(result, elapsed)
    return replace(result, elapsed=elapsed)


def _log_result(result: FetchResult, elapsed: float) -> None:
    if result.status == "error":
        logger.warning(
            "feed fetch failed url=%s error=%s detail=%s",
            mask_url(result.url), result.error, result.detail,
        )  # fmt: skip
    else:
        size = len(result.body) if result.body is not None else 0
        logger.debug(
            "feed fetched url=%s status=%s http=%s bytes=%d elapsed=%.2fs",
            mask_url(result.url), result.status, result.http_status, size, elapsed,
        )  # fmt: skip


def next_poll_at(
    *,
    now: datetime,
    interval_s: float,
    consecutive_failures: int,
    rng: RandomSource = random,
    max_backoff_s: float = MAX_BACKOFF_S,
) -> datetime:
    """When to poll a feed next (pure).

    After a success (``consecutive_failures == 0``): ``now + interval``. After ``n`` failures:
    ``interval · 2**n``, capped at ``max_backoff_s`` (never below the interval), then
    multiplied by a random factor in [0.8, 1.2] so failing feeds do not retry in lockstep.
    """
    if consecutive_failures <= 0:
        return now + timedelta(seconds=interval_s)
    cap = max(max_backoff_s, interval_s)
    delay = min(interval_s * 2 ** min(consecutive_failures, 32), cap)
    delay *= rng.uniform(1 - JITTER, 1 + JITTER)
    return now + timedelta(seconds=delay)
