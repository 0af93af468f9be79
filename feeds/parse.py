"""Feed bytes → :class:`~feeds.model.Story` values (PURE: no network, no storage).

feedparser reads the body from ``io.BytesIO`` — never from a URL — with the response headers, so
it can honour the declared charset and resolve relative links. RSS 0.9x/2.0, RSS 1.0 (RDF) and
Atom 0.3/1.0 all come out the same. Each entry becomes a Story:

* ``url``: the canonical link (:func:`canonical_url`), ``guid``: the entry id or that link;
* ``published``: published, else updated, else ``fetched`` — always an aware UTC datetime;
* ``title``/``text``: HTML stripped (:func:`html_to_text`), entities decoded, whitespace
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
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from feeds.analysis.dedup import MIN_FINGERPRINT_WORDS, content_hash, normalize_text
from feeds.model import Story

logger = logging.getLogger(__name__)

TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "twclid",
        "mc_cid", "mc_eid", "xtor", "xts", "ref", "ref_src", "ref_url", "cmpid", "cmp", "ocid",
        "_ga", "_gl", "spm", "smid", "sr_share", "ito", "ns_mchannel", "ns_source",
        "ns_campaign", "ns_linkname", "ns_fee", "sara_ecid", "feature", "rss", "from_rss",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """What one fetched body contained."""

    title: str
    language: str | None
    stories: list[Story] = field(default_factory=list)
    bozo_error: str | None = None  # fatal when ``stories`` is empty, a warning otherwise
    skipped_entries: int = 0  # entries with neither a link nor an id

    @property
    def is_broken(self) -> bool:
        """True when the body is not a usable feed (an error and nothing to process)."""
        return self.bozo_error is not None and not self.stories


# --- URLs ------------------------------------------------------------------------------------


def is_tracking_param(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def canonical_url(url: str, *, base: str | None = None) -> str:
    """Lower-case scheme and host, no default port or fragment, no tracking parameters.

    The remaining query parameters are kept and sorted, so one article has one URL whatever
    campaign it was shared from. Relative links are resolved against ``base``.
    """
    url = url.strip()
    if base:
        url = urljoin(base, url)
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    if parts.username:
        host = f"{parts.username}@{host}"
    path = parts.path or ("/" if host else "")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    kept = sorted((k, v) for k, v in query if not is_tracking_param(k))
    return urlunsplit((scheme, host, path, urlencode(kept), ""))


# --- HTML → text -----------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr",
        "figure", "figcaption", "hr", "main", "nav", "form", "address",
    }
)  # fmt: skip
_LINE_TAGS = frozenset({"br", "td", "th"})
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object"})
_PARAGRAPH = "\x00P\x00"  # marker turned into a blank line after whitespace is collapsed
_LINE = "\x00L\x00"


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH)
        elif tag in _LINE_TAGS:
            self.parts.append(_LINE if tag == "br" else " ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _SKIPPED_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(_PARAGRAPH)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Plain text: tags removed, entities decoded, blocks as paragraphs, whitespace normalized.

    Block elements (``p``, ``div``, ``li``, headings...) become paragraphs separated by a blank
    line, ``<br>`` a line break; ``script``/``style`` content is dropped.
    """
    extractor = _TextExtractor()
    extractor.feed(markup)
    extractor.close()
    return normalize_whitespace("".join(extractor.parts))


def normalize_whitespace(text: str) -> str:
    """Collapse runs of spaces; at most one blank line between paragraphs; no edge spaces."""
    text = text.replace("\xa0", " ").replace("\u200b", "")
    text = re.sub(r"\s+", " ", text)  # source newlines are just spaces in HTML
    text = text.replace(_LINE, "\n").replace(_PARAGRAPH, "\n\n")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


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
    """Published, else updated, as aware UTC (feedparser gives UTC struct_time), else fetched."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return fetched


def _entry_markup(entry: Mapping[str, Any]) -> str:
    """The fullest body: the longest ``content`` value, else the summary/description."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
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


def _entry_link(entry: Mapping[str, Any]) -> str:
    link = str(entry.get("link", "") or "")
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                return str(candidate["href"])
    if not link:
        guid = str(entry.get("id", "") or "")
        if urlsplit(guid).scheme in ("http", "https"):
            return guid
    return link


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
    """One feed entry as a Story; ``None`` when it has neither a link nor an id."""
    link = _entry_link(entry)
    guid = str(entry.get("id", "") or "").strip()
    if not link and not guid:
        return None
    url = canonical_url(link, base=feed_url) if link else guid
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
    stories: list[Story] = []
    for entry in entries:
        story = entry_to_story(
            entry, feed_url=feed_url, feed_title=title, feed_language=language, fetched=fetched
        )
        if story is not None:
            stories.append(story)
    skipped = len(entries) - len(stories)
    if skipped:
        logger.info("feed %s: %d entries without link or id skipped", feed_url, skipped)
    warning = _short(result.get("bozo_exception")) if result.get("bozo") else None
    return ParsedFeed(title, language, stories, bozo_error=warning, skipped_entries=skipped)
