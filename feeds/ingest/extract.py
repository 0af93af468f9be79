"""An article page's main text (PURE: bytes in, text out; no network, no storage).

trafilatura finds the article body and drops what surrounds it: header, menus, share buttons,
comments, "related stories" and other link lists. What is kept besides the text: the page's
title, publication date and language (the ``<html lang>`` attribute, else the page's own
metadata), so the story can fill in what its feed did not give.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from feeds.ingest.html_text import normalize_whitespace
from feeds.ingest.parse import language_code

log = logging.getLogger(__name__)

# Below this many characters the "article" is a cookie wall, a paywall teaser or an error page.
MIN_ARTICLE_CHARS = 200
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)*)")


@dataclass(frozen=True, slots=True)
class Extracted:
    """The main text of one page, or why there is none (``error``)."""

    text: str = ""
    title: str = ""
    published: datetime | None = None
    language: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def extract_article(html: bytes, *, url: str) -> Extracted:
    """The main text of an HTML page. Never raises: a page without one gives ``error``."""
    import trafilatura  # imported on the first page read, not at every start (it is slow)

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            favor_precision=True,
        )
    except Exception as exc:  # a parser edge case in one page must not stop the cycle
        log.warning("extraction failed on %s: %s: %s", url, type(exc).__name__, exc)
        return Extracted(error=f"extraction failed: {type(exc).__name__}")
    body = getattr(document, "text", None) or ""
    text = _paragraphs(body)
    if len(text) < MIN_ARTICLE_CHARS:
        return Extracted(error="no article text found on the page")
    return Extracted(
        text=text,
        title=normalize_whitespace(getattr(document, "title", None) or ""),
        published=_date(getattr(document, "date", None)),
        language=_language(html, getattr(document, "language", None)),
    )


def _paragraphs(body: str) -> str:
    """One paragraph a line, whitespace inside each normalized, empty lines dropped."""
    lines = (normalize_whitespace(line) for line in body.splitlines())
    return "\n\n".join(line for line in lines if line)


def _date(value: str | None) -> datetime | None:
    """trafilatura's ``YYYY-MM-DD`` (or an ISO date-time) as aware UTC; ``None`` if unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _language(html: bytes, detected: str | None) -> str | None:
    found = _HTML_LANG.search(html[:4096])
    declared = language_code(found.group(1).decode("ascii")) if found else None
    return declared or language_code(detected)
