"""Names for feeds in lists (PURE): the feed's title, made distinct when titles repeat.

Several feeds of one outlet often carry the same title ("BBC News" for BBC Africa and BBC
World): each then gets its URL's path as well, without the feed words (``rss``, ``feed``,
``.xml``), e.g. "BBC News (news/world/africa)". An untitled feed is named by its host and path.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

_FEED_WORDS = re.compile(r"^(?:rss|feeds?|atom|xml|rss2|index|all)$", re.IGNORECASE)
_EXTENSION = re.compile(r"\.(?:xml|rss|atom|rdf|php|html?)$", re.IGNORECASE)


def path_label(url: str) -> str:
    """``https://feeds.bbci.co.uk/news/world/africa/rss.xml`` → ``news/world/africa``."""
    parts = urlsplit(url)
    segments = [_EXTENSION.sub("", s) for s in parts.path.split("/") if s]
    kept = [s for s in segments if s and not _FEED_WORDS.match(s)]
    label = "/".join(kept)
    if parts.query:
        label = f"{label}?{parts.query}" if label else parts.query
    return label


def _host(url: str) -> str:
    return (urlsplit(url).hostname or url).removeprefix("www.")


def _untitled(url: str) -> str:
    label = path_label(url)
    return f"{_host(url)}/{label}" if label else _host(url)


def display_names(feeds: Sequence[tuple[str, str]]) -> list[str]:
    """One name per ``(url, title)``, in order; two feeds never share a name."""
    base = [title.strip() or _untitled(url) for url, title in feeds]
    counts = Counter(base)
    names = [
        f"{name} ({path_label(url) or _host(url)})" if counts[name] > 1 else name
        for name, (url, _) in zip(base, feeds, strict=True)
    ]
    counts = Counter(names)
    return [
        f"{name} [{url}]" if counts[name] > 1 else name
        for name, (url, _) in zip(names, feeds, strict=True)
    ]
