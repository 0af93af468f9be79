"""The one test of a web address: what may be fetched as a feed, and what may become a link.

Feeds, article pages and links in messages all accept only absolute ``http``/``https`` URLs
with a host. :func:`web_url_problem` says why an address is not one (in words an operator can
act on); :func:`is_web_url` is the yes/no form the renderer uses before writing an ``<a href>``.
Where the address may point (loopback, private networks) is the fetcher's guard, not this.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from feeds.model.limits import check_url_length, preview

WEB_SCHEMES = frozenset({"http", "https"})


def web_url_problem(url: str, *, check_length: bool = True) -> str | None:
    """Why ``url`` is not an absolute http(s) URL with a host, or ``None`` when it is."""
    if check_length and (too_long := check_url_length(url)):
        return f"{too_long}: {preview(url)!r}"
    if any(ch.isspace() for ch in url):
        return f"not a URL (contains spaces): {preview(url)!r}"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:  # e.g. an unbalanced "[" in the host
        return f"not a URL: {preview(url)!r}"
    if parts.scheme.lower() not in WEB_SCHEMES:
        return f"not an http(s) URL: {preview(url)!r}"
    if not host:
        return f"URL without a host: {preview(url)!r}"
    return None


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL: the only links a feed may turn into ``<a href>``."""
    return web_url_problem(url.strip(), check_length=False) is None
