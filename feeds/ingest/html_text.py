"""Feed HTML → plain text (PURE): tags removed, entities decoded, paragraphs kept.

Feed bodies are fragments written for browsers; the analysis wants sentences and paragraphs.
Block elements become paragraphs, ``<br>`` a line break, and script-like elements vanish.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
