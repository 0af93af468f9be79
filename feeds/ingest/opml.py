"""Feed lists: an OPML file or a text file with one URL a line (PURE apart from reading a file).

Text format::

    # Comments start with "#". A comment line right above a URL names that feed,
    # unless the URL line carries its own title.
    # RFI Afrique
    https://www.rfi.fr/fr/afrique/rss
    https://www.example.com/feed.xml   Example News      <- title after the URL
    https://www.example.org/rss   # Example Org          <- or as an inline comment
    https://www.bbc.co.uk/x.xml   BBC Africa  full_text: fetch   <- a per-feed switch
    https://t.me/s/NAME   # a public Telegram channel

``full_text: auto|fetch|never`` on a URL line (OPML: a ``full_text`` or ``fullText`` attribute)
says when the article page is read instead of the item's summary
(see ``feeds/pipeline/fulltext.py``);
:attr:`FeedList.full_text` has it per URL.

A blank line forgets a pending comment title. OPML: every ``<outline>`` with an ``xmlUrl``
attribute is a feed, titled by its ``title`` or ``text`` attribute; other outlines (folders)
are ignored. Only http(s) URLs with a host are accepted. Problems — a bad URL, a duplicate, a
malformed OPML document — are reported with their line number, and the good lines are kept.
"""

from __future__ import annotations

import io
import re
import xml.sax
import xml.sax.handler
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from feeds.model.web import web_url_problem


class FeedSpec(NamedTuple):
    """One feed of a list: ``(url, title)``; ``title`` is ``None`` when the list gives none."""

    url: str
    title: str | None


@dataclass(frozen=True, slots=True)
class LineProblem:
    line: int  # 1-based; 0 when the position is unknown
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True, slots=True)
class FeedList:
    feeds: list[FeedSpec] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    full_text: dict[str, str] = field(default_factory=dict)  # URL → auto | fetch | never


FULL_TEXT_MODES = ("auto", "fetch", "never")
_FULL_TEXT = re.compile(r"(?:^|\s)#?\s*full_text\s*[:=]\s*(\S+)", re.IGNORECASE)


class _Collector:
    """Keeps the first occurrence of each URL and reports the rest."""

    def __init__(self) -> None:
        self.result = FeedList()
        self._first_line: dict[str, int] = {}

    def add(self, line: int, url: str, title: str | None, full_text: str | None = None) -> None:
        problem = web_url_problem(url)
        if problem:
            self.problem(line, problem)
        elif url in self._first_line:
            self.problem(line, f"duplicate of line {self._first_line[url]}: {url}")
        elif full_text is not None and full_text.lower() not in FULL_TEXT_MODES:
            self.problem(line, f"full_text must be auto, fetch or never, not {full_text!r}")
        else:
            self._first_line[url] = line
            self.result.feeds.append(FeedSpec(url, title or None))
            if full_text is not None:
                self.result.full_text[url] = full_text.lower()

    def problem(self, line: int, message: str) -> None:
        self.result.problems.append(LineProblem(line, message))


def parse_text_list(text: str) -> FeedList:
    """Feeds from the one-URL-a-line format (see module docstring)."""
    collector = _Collector()
    pending_title: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            pending_title = None
        elif line.startswith("#"):
            pending_title = line.lstrip("#").strip() or None
        else:
            url, title, full_text = _split_url_line(line)
            collector.add(number, url, title or pending_title, full_text)
            pending_title = None
    return collector.result


def _split_url_line(line: str) -> tuple[str, str | None, str | None]:
    """``"URL  # title"`` or ``"URL title words"`` → (URL, title, full_text switch)."""
    url, *rest = line.split(None, 1)
    tail = rest[0] if rest else ""
    switch = _FULL_TEXT.search(tail)
    if switch:
        tail = tail[: switch.start()] + tail[switch.end() :]
    title = tail.strip().lstrip("#").strip()
    return url, title or None, switch.group(1) if switch else None


class _OutlineHandler(xml.sax.handler.ContentHandler):
    def __init__(self, collector: _Collector) -> None:
        super().__init__()
        self.collector = collector
        self.saw_opml = False
        self._locator: xml.sax.xmlreader.Locator | None = None

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self._locator = locator

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:
        tag = name.lower()
        if tag == "opml":
            self.saw_opml = True
        if tag != "outline":
            return
        lowered = {key.lower(): value for key, value in attrs.items()}
        url = (lowered.get("xmlurl") or "").strip()
        if not url:
            return  # a folder or a link that is not a feed
        title = (lowered.get("title") or lowered.get("text") or "").strip()
        line = (self._locator.getLineNumber() if self._locator else None) or 0
        full_text = lowered.get("full_text") or lowered.get("fulltext")
        self.collector.add(line, url, title or None, full_text.strip() if full_text else None)


def parse_opml(data: str | bytes) -> FeedList:
    """Feeds from an OPML document; a malformed document keeps what was read before the error."""
    collector = _Collector()
    handler = _OutlineHandler(collector)
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_namespaces, False)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(handler)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    source = xml.sax.xmlreader.InputSource()
    source.setByteStream(io.BytesIO(raw))
    try:
        parser.parse(source)
    except xml.sax.SAXParseException as exc:
        collector.problem(exc.getLineNumber() or 0, f"malformed OPML: {exc.getMessage()}")
    if not handler.saw_opml and not collector.result.problems:
        collector.problem(0, "not an OPML document (no <opml> element)")
    return collector.result


def looks_like_xml(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def parse_feed_list(text: str) -> FeedList:
    """Either format, told apart by the first character (``<`` means OPML)."""
    return parse_opml(text) if looks_like_xml(text) else parse_text_list(text)


def read_feed_list(path: Path) -> FeedList:
    """Read a feed list file (UTF-8; OPML is decoded by its own XML declaration)."""
    data = path.read_bytes()
    if looks_like_xml(data[:64].decode("utf-8", errors="replace")):
        return parse_opml(data)
    return parse_text_list(data.decode("utf-8-sig"))
