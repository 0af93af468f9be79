"""Public Telegram channels as sources (PURE: no network, no storage).

A channel ``https://t.me/NAME`` (or ``t.me/s/NAME``) is read from its public web preview,
``https://t.me/s/NAME``: an HTML page listing the channel's recent posts, each a
``div.tgme_widget_message`` with ``data-post="NAME/ID"``, a ``time`` element with an ISO
``datetime`` and a ``div.js-message_text`` with the post's text. Each post with text becomes a
:class:`~feeds.model.Story`: guid ``NAME/ID``, url ``https://t.me/NAME/ID``, title the post's
first line, and ``voice`` the actor the channel speaks for (``seeds/channels.csv``), else
``t.me/NAME``: a figure a post gives without quoting anyone is the channel's own claim.

The page is parsed with the standard library's :class:`html.parser.HTMLParser`; a page with
no post is a broken source (:attr:`ParsedFeed.bozo_error`), as a feed without entries is.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from feeds.ingest.html_text import normalize_whitespace
from feeds.ingest.parse import FUTURE_TOLERANCE, ParsedFeed, detect_language, story_content_hash
from feeds.model import Story
from seeds import SEEDS_DIR

CHANNEL_KIND = "telegram"
CHANNELS_CSV = SEEDS_DIR / "channels.csv"
TELEGRAM_HOSTS = frozenset({"t.me", "telegram.me", "www.t.me", "www.telegram.me"})
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
MAX_TITLE_CHARS = 160
MIN_TITLE_WORDS = 6


def channel_name(url: str) -> str | None:
    """``NAME`` of ``https://t.me/NAME`` or ``https://t.me/s/NAME``; ``None`` for other URLs."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https", "") or not parts.netloc:
        if not parts.netloc and parts.path.lower().startswith(("t.me/", "telegram.me/")):
            parts = urlsplit(f"https://{url.strip()}")  # a bare "t.me/NAME"
        else:
            return None
    if (parts.hostname or "").lower() not in TELEGRAM_HOSTS:
        return None
    segments = [s for s in parts.path.split("/") if s]
    if segments[:1] == ["s"]:
        segments = segments[1:]
    if len(segments) != 1 or not _NAME.fullmatch(segments[0]):
        return None
    return segments[0]


def preview_url(name: str) -> str:
    """The public web preview of a channel: the page maliwatch reads."""
    return f"https://t.me/s/{name}"


def post_url(name: str, post_id: int) -> str:
    return f"https://t.me/{name}/{post_id}"


@cache
def load_channel_voices(path: Path = CHANNELS_CSV) -> dict[str, str]:
    """Channel name (folded to lower case) → the actor it speaks as."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    return {
        row["channel"].strip().lower(): row["actor"].strip()
        for row in csv.DictReader(lines)
        if row.get("channel") and row.get("actor")
    }


def channel_voice(name: str, voices: Mapping[str, str] | None = None) -> str:
    """Who a channel speaks as: its mapped actor, else ``t.me/NAME``."""
    table = load_channel_voices() if voices is None else voices
    return table.get(name.lower(), f"t.me/{name}")


@dataclass
class _Post:
    name: str
    post_id: int
    when: datetime | None = None
    parts: list[str] = field(default_factory=list)


class _PreviewParser(HTMLParser):
    """Collects posts: ``data-post``, the first ``time[datetime]``, the ``js-message_text``.

    A quoted reply's text sits in ``js-message_reply_text`` and a video's duration in a
    ``time`` without ``datetime``: neither is taken for the post's own.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.posts: list[_Post] = []
        self.title = ""
        self._post: _Post | None = None
        self._post_depth = 0  # open divs inside the current post
        self._text_depth = 0  # open divs inside the post's text (0: not in the text)
        self._text_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        classes = values.get("class", "").split()
        if tag == "meta" and values.get("property") == "og:title":
            self.title = normalize_whitespace(values.get("content", ""))
        post = self._post
        if post is None:
            if tag == "div" and "tgme_widget_message" in classes and values.get("data-post"):
                self._open_post(values["data-post"])
            return
        if tag == "br" and self._text_depth:
            post.parts.append("\n")
        elif tag == "time" and post.when is None:
            post.when = _parse_datetime(values.get("datetime", ""))
        elif tag == "div":
            self._post_depth += 1
            if self._text_depth:
                self._text_depth += 1
                post.parts.append("\n")
            elif "js-message_text" in classes and not self._text_done:
                self._text_depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self._post is None or tag != "div":
            return
        if self._text_depth:
            self._text_depth -= 1
            self._text_done = self._text_depth == 0
        if self._post_depth == 0:
            self.posts.append(self._post)
            self._post = None
        else:
            self._post_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._post is not None and self._text_depth:
            self._post.parts.append(data)

    def _open_post(self, data_post: str) -> None:
        name, _, number = data_post.partition("/")
        if _NAME.fullmatch(name) and number.isdigit():
            self._post = _Post(name=name, post_id=int(number))
            self._post_depth = self._text_depth = 0
            self._text_done = False


def _parse_datetime(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _post_text(post: _Post) -> str:
    lines = (normalize_whitespace(line) for line in "".join(post.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _title(text: str) -> str:
    """The post's first sentence that says something: a heading line such as "🔴 COMMUNIQUÉ"
    or "URGENT" is passed over, as a headline must name the event for the analysis."""
    lines = text.split("\n")
    first = next((line for line in lines if len(line.split()) >= MIN_TITLE_WORDS), lines[0])
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    if len(sentence) <= MAX_TITLE_CHARS:
        return sentence
    return sentence[: MAX_TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"


def post_id(guid: str) -> int | None:
    """The post number of a channel story's guid ``NAME/ID``."""
    _, _, number = guid.partition("/")
    return int(number) if number.isdigit() else None


def parse_channel_page(
    body: bytes,
    *,
    feed_url: str,
    fetched: datetime,
    voices: Mapping[str, str] | None = None,
) -> ParsedFeed:
    """The posts of a channel's preview page as stories, oldest first. Never raises."""
    if fetched.tzinfo is None:
        raise ValueError("fetched must be timezone-aware")
    fetched = fetched.astimezone(UTC)
    parser = _PreviewParser()
    try:
        parser.feed(body.decode("utf-8", errors="replace"))
        parser.close()
    except Exception as exc:  # HTMLParser is lenient; a bug must not stop a poll
        return ParsedFeed(title="", language=None, bozo_error=f"parser failure: {exc}")
    if not parser.posts:
        return ParsedFeed(parser.title, None, bozo_error="not a channel page: no posts found")
    stories: dict[int, Story] = {}
    for post in parser.posts:
        text = _post_text(post)
        if not text:
            continue  # a photo or a sticker: nothing to read
        published = min(post.when or fetched, fetched + FUTURE_TOLERANCE)
        title = _title(text)
        stories[post.post_id] = Story(
            feed_url=feed_url,
            guid=f"{post.name}/{post.post_id}",
            url=post_url(post.name, post.post_id),
            title=title,
            text=text,
            published=published,
            fetched=fetched,
            language=detect_language(text),
            content_hash=story_content_hash(title, text),
            feed_title=parser.title,
            voice=channel_voice(post.name, voices),
        )
    ordered = [stories[number] for number in sorted(stories)]
    return ParsedFeed(parser.title, None, ordered)
