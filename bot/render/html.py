"""PURE: Telegram HTML helpers — escaping, links, visible length, splitting, plain text.

Telegram measures a message's length in UTF-16 code units of the text *after* entity parsing
(tags removed, ``&amp;`` counted as one ``&``), so :func:`split_message` measures that, and cuts
on line boundaries without ever cutting inside a tag: tags open at a cut are closed at the end of
one chunk and reopened at the start of the next.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from feeds.model.web import is_web_url

MESSAGE_LIMIT = 4096
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&\n]+|\n|[<&]")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w-]*)")
_LINK = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.DOTALL)


def esc(value: object) -> str:
    """Escape a feed-derived value for Telegram HTML."""
    return html.escape(str(value), quote=True)


def link(url: str, label: str) -> str:
    """An ``<a href>`` for a web URL; any other scheme (``javascript:``, ``tg:``, ``file:``...)
    comes from a feed we do not control and is shown as plain text instead."""
    if not is_web_url(url):
        return esc(label or url)
    return f'<a href="{esc(url)}">{esc(label)}</a>'


def domain(url: str) -> str:
    """The host of a URL without ``www.`` (the outlet, as readers name it)."""
    try:
        host = urlsplit(url if "://" in url else f"//{url}").hostname or ""
    except ValueError:
        host = ""
    return host.removeprefix("www.") or url


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts it (an emoji outside the BMP is 2)."""
    return len(text.encode("utf-16-le")) // 2


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _visible(token: str) -> str:
    if token.startswith("<") and len(token) > 1:
        return ""
    if token.startswith("&"):
        return html.unescape(token)
    return token


def visible_length(text: str) -> int:
    """UTF-16 length of what Telegram shows: tags removed, entities decoded."""
    return sum(utf16_len(_visible(token)) for token in _tokens(text))


def _tag(token: str) -> tuple[str, bool] | None:
    """(name, is_closing) for a tag token, else None."""
    if not token.startswith("<") or len(token) < 3:
        return None
    match = _TAG_NAME.match(token)
    return (match.group(1).lower(), token.startswith("</")) if match else None


class _Splitter:
    """Packs tokens into chunks of at most ``limit`` visible units, tags balanced per chunk."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[str] = []
        self.open_tags: list[tuple[str, str]] = []  # (name, opening token)
        self.parts: list[str] = []
        self.length = 0

    def flush(self) -> None:
        while self.parts and self.parts[-1] == "\n":
            self.parts.pop()
        closing = "".join(f"</{name}>" for name, _ in reversed(self.open_tags))
        chunk = "".join(self.parts) + closing
        if html_to_plain(chunk).strip():
            self.chunks.append(chunk)
        self.parts = [opening for _, opening in self.open_tags]
        self.length = 0

    def add(self, token: str) -> None:
        tag = _tag(token)
        if tag is not None:
            name, closing = tag
            if closing:
                for index in range(len(self.open_tags) - 1, -1, -1):
                    if self.open_tags[index][0] == name:
                        del self.open_tags[index]
                        break
            else:
                self.open_tags.append((name, token))
            self.parts.append(token)
            return
        size = utf16_len(_visible(token))
        if self.length + size > self.limit:
            self.flush()
            if token == "\n":
                return
        self.parts.append(token)
        self.length += size

    def add_text_piecewise(self, token: str) -> None:
        """A text token longer than the room left: cut it between code points."""
        for char in token:
            self.add(char)

    def add_line(self, line: list[str]) -> None:
        size = sum(utf16_len(_visible(token)) for token in line)
        if self.length + size > self.limit and self.length:
            self.flush()
        for token in line:
            room = self.limit - self.length
            if (
                _tag(token) is None
                and utf16_len(_visible(token)) > room
                and not token.startswith("&")
            ):
                self.add_text_piecewise(token)
            else:
                self.add(token)


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split Telegram HTML into chunks of at most ``limit`` visible UTF-16 units.

    Cuts fall on line ends; a line longer than the limit is cut between characters (never
    inside a tag, an entity or a surrogate pair). Tags open at a cut are closed and reopened.
    """
    splitter = _Splitter(limit)
    line: list[str] = []
    for token in _tokens(text):
        line.append(token)
        if token == "\n":
            splitter.add_line(line)
            line = []
    if line:
        splitter.add_line(line)
    splitter.flush()
    return splitter.chunks


def fit_one_message(text: str) -> str:
    """The text, or as much of it as fits in one message followed by "…"."""
    if visible_length(text) <= MESSAGE_LIMIT:
        return text
    return split_message(text, limit=MESSAGE_LIMIT - 2)[0] + "\n…"


def _plain_link(match: re.Match[str]) -> str:
    """``label <url>``; just the URL when the label is the URL itself."""
    url = html.unescape(match.group(1))
    label = html.unescape(re.sub(r"<[^>]*>", "", match.group(2))).strip()
    if not url or label == url:
        return label or url
    return f"{label} <{url}>" if label else url


def html_to_plain(text: str) -> str:
    """Telegram HTML → plain text for the console; a link reads ``label <url>``, once."""
    text = _LINK.sub(lambda m: esc(_plain_link(m)), text)
    return html.unescape(re.sub(r"<[^>]*>", "", text))
