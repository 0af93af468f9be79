"""Feed bytes → :class:`~feeds.model.Story` values (PURE: no network, no storage).

feedparser reads the body from ``io.BytesIO`` — never from a URL — with the response headers, so
it can honour the declared charset and resolve relative links. RSS 0.9x/2.0, RSS 1.0 (RDF) and
Atom 0.3/1.0 all come out the same. Each entry becomes a Story:

* ``url``: the canonical http(s) link (``feeds/ingest/urls.py``), else a stable non-link id;
  ``guid``: the entry id or that URL;
* ``published``: published, else updated, else ``fetched`` — aware UTC, at most 10 minutes
  after ``fetched``;
* ``title``/``text``: HTML stripped (``feeds/ingest/html_text.py``), entities decoded, whitespace
  normalized; the full content is preferred over the summary;
* ``language``: the entry's or feed's language tag (``fr-FR`` → ``fr``), else
  :func:`detect_language`;
* ``content_hash``: :func:`story_content_hash` (the body's, or title + body for a short teaser).

A broken feed (garbage, an HTML page, a fatal XML error with no entries) is not an exception:
:attr:`ParsedFeed.bozo_error` says what is wrong and ``stories`` is empty. A feed that is
slightly malformed but still yields entries keeps them and reports the problem too.
"""

from __future__ import annotations

import calendar
import io
import logging
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import feedparser

from feeds.ingest.html_text import html_to_text
from feeds.ingest.html_text import normalize_whitespace as normalize_whitespace
from feeds.ingest.urls import canonical_url as canonical_url
from feeds.ingest.urls import non_link_id
from feeds.model import Story
from feeds.model.fingerprint import MIN_FINGERPRINT_WORDS, content_hash, normalize_text
from feeds.model.web import WEB_SCHEMES

logger = logging.getLogger(__name__)

# A publication date later than the fetch by more than this is a feed's clock or typo, not news
# from the future: it is clamped so that the story neither sorts first nor stays "fresh".
FUTURE_TOLERANCE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What one fetched body contained."""

    title: str
    language: str | None
    stories: list[Story] = field(default_factory=list)
    bozo_error: str | None = None  # fatal when ``stories`` is empty, a warning otherwise
    skipped_entries: int = 0  # entries with neither a link nor an id, or that failed to read

    @property
    def is_broken(self) -> bool:
        """True when the body is not a usable feed (an error and nothing to process)."""
        return self.bozo_error is not None and not self.stories


# --- language --------------------------------------------------------------------------------

_EN_STOP_WORDS = (
    "the and of to in is was were that said with for on by from have has had at it its this "
    "which who they their been after as are be an or but not"
)
_FR_STOP_WORDS = (
    "le la les des du de et est sont dans une un pour par sur selon ont été avec au aux qui que "
    "ce cette il elle ils leur pas ne se sa ses lors après"
)
_EN_WORDS = frozenset(_EN_STOP_WORDS.split())
_FR_WORDS = frozenset(_FR_STOP_WORDS.split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def detect_language(text: str, default: str = "en") -> str:
    """``"fr"`` or ``"en"`` by a vote of common function words; ``default`` when no votes."""
    english = french = 0
    for word in _WORD.findall(text.casefold()):
        english += word in _EN_WORDS
        french += word in _FR_WORDS
    if english == french == 0:
        return default
    return "fr" if french > english else "en"


def language_code(tag: str | None) -> str | None:
    """``"fr-FR"`` → ``"fr"``; ``None`` for an empty or malformed tag."""
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


# --- entries ---------------------------------------------------------------------------------


def _entry_datetime(entry: Mapping[str, Any], fetched: datetime) -> datetime:
    """Published, else updated, as aware UTC (feedparser gives UTC struct_time), else fetched;
    never later than ``fetched`` + :data:`FUTURE_TOLERANCE`."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            try:
                published = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
            return min(published, fetched + FUTURE_TOLERANCE)
    return fetched


def _entry_markup(entry: Mapping[str, Any]) -> str:
    """The fullest body: the longest ``content`` value, else the summary/description."""
    contents = [str(c.get("value", "")) for c in entry.get("content", []) if c.get("value")]
    if contents:
        return max(contents, key=len)
    return str(entry.get("summary", "") or "")


def _entry_language(entry: Mapping[str, Any], feed_language: str | None, text: str) -> str:
    for detail in ("content", "summary_detail", "title_detail"):
        value = entry.get(detail)
        details = value if isinstance(value, list) else [value] if value else []
        for item in details:
            code = language_code(item.get("language"))
            if code:
                return code
    return language_code(entry.get("language")) or feed_language or detect_language(text)


def _entry_link(entry: Mapping[str, Any], feed_url: str) -> str | None:
    """The entry's canonical web link: its link, else an alternate link, else an http(s) id.

    A ``javascript:``, ``tag:`` or unparseable candidate is passed over, never kept.
    """
    candidates = [str(entry.get("link", "") or "")]
    candidates += [
        str(link.get("href") or "")
        for link in entry.get("links", [])
        if link.get("rel", "alternate") == "alternate"
    ]
    guid = str(entry.get("id", "") or "").strip()
    if urlsplit(guid).scheme.lower() in WEB_SCHEMES:
        candidates.append(guid)
    for candidate in candidates:
        url = canonical_url(candidate, base=feed_url) if candidate.strip() else None
        if url is not None:
            return url
    return None


def story_content_hash(title: str, text: str) -> str:
    """The body's hash when the body is substantial, else the hash of title and body together.

    A feed whose items all carry the same teaser ("Lire la suite", "Subscribe to read") must not
    make each story an exact copy of the first one.
    """
    if len(normalize_text(text).split()) >= MIN_FINGERPRINT_WORDS:
        return content_hash(text)
    return content_hash(f"{title}\n{text}")


def entry_to_story(
    entry: Mapping[str, Any],
    *,
    feed_url: str,
    feed_title: str,
    feed_language: str | None,
    fetched: datetime,
) -> Story | None:
    """One feed entry as a Story; ``None`` when it has neither a web link nor an id.

    An entry with an id but no web link gets a stable non-link id as its URL
    (:func:`non_link_id`), so that it is stored once and never shown as a link.
    """
    link = _entry_link(entry, feed_url)
    guid = str(entry.get("id", "") or "").strip()
    if link is None and not guid:
        return None
    url = link if link is not None else non_link_id(feed_url, guid)
    title = html_to_text(str(entry.get("title", "") or ""))
    text = html_to_text(_entry_markup(entry))
    return Story(
        feed_url=feed_url,
        guid=guid or url,
        url=url,
        title=title,
        text=text,
        published=_entry_datetime(entry, fetched),
        fetched=fetched,
        language=_entry_language(entry, feed_language, f"{title}\n{text}"),
        content_hash=story_content_hash(title, text),
        feed_title=feed_title,
    )


# --- feeds -----------------------------------------------------------------------------------


def _feedparser_headers(headers: Mapping[str, str] | None, feed_url: str) -> dict[str, str]:
    """Lower-case keys (feedparser's lookups); the feed URL as base for relative links.

    Without a Content-Type, feedparser flags the feed; ``application/xml`` defers to the XML
    declaration's encoding, which is what a body of unknown type should get.
    """
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    lowered.setdefault("content-location", feed_url)
    lowered.setdefault("content-type", "application/xml")
    return lowered


def _describe_failure(result: Any, body: bytes) -> str:
    """A short message for a body that yielded no feed."""
    head = body.lstrip()[:512].lower()
    if not head:
        return "empty body"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "not a feed: an HTML page"
    if not result.get("version"):
        exc = result.get("bozo_exception")
        detail = f" ({_short(exc)})" if exc else ""
        return f"not a feed: unrecognised format{detail}"
    return f"broken feed: {_short(result.get('bozo_exception'))}"


def _short(exc: object, limit: int = 160) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _entries_to_stories(
    entries: list[Any], feed_url: str, title: str, language: str | None, fetched: datetime
) -> list[Story]:
    """Each entry on its own: one that cannot be read is logged and skipped, never the feed."""
    stories: list[Story] = []
    for index, entry in enumerate(entries):
        try:
            story = entry_to_story(
                entry, feed_url=feed_url, feed_title=title, feed_language=language, fetched=fetched
            )
        except Exception as exc:  # a parser edge case in one entry must not lose the others
            logger.warning(
                "feed %s: entry %d skipped: %s: %s",
                feed_url,
                index,
                type(exc).__name__,
                _short(exc),
            )
            continue
        if story is not None:
            stories.append(story)
    return stories


def parse_feed(
    body: bytes,
    *,
    feed_url: str,
    headers: Mapping[str, str] | None = None,
    fetched: datetime,
) -> ParsedFeed:
    """Parse one fetched body. Never raises for bad input: see :attr:`ParsedFeed.bozo_error`."""
    if fetched.tzinfo is None:
        raise ValueError("fetched must be timezone-aware")
    fetched = fetched.astimezone(UTC)
    try:
        result = feedparser.parse(
            io.BytesIO(body), response_headers=_feedparser_headers(headers, feed_url)
        )
    except Exception as exc:  # feedparser is defensive, but a parser bug must not stop a poll
        logger.warning("feedparser failed on %s: %s", feed_url, _short(exc))
        return ParsedFeed(title="", language=None, bozo_error=f"parser failure: {_short(exc)}")
    feed = result.get("feed", {})
    title = html_to_text(str(feed.get("title", "") or ""))
    language = language_code(feed.get("language"))
    entries = result.get("entries", [])
    if not entries and (result.get("bozo") or not result.get("version")):
        return ParsedFeed(title, language, bozo_error=_describe_failure(result, body))
    stories = _entries_to_stories(entries, feed_url, title, language, fetched)
    skipped = len(entries) - len(stories)
    if skipped:
        logger.info("feed %s: %d entries skipped (no link or id, or unreadable)", feed_url, skipped)
    warning = _short(result.get("bozo_exception")) if result.get("bozo") else None
    return ParsedFeed(title, language, stories, bozo_error=warning, skipped_entries=skipped)
