"""Keyword relevance: does a story mention anything on the watch list?

Matching is done on *folded* text (:func:`fold`: transliterated to ASCII and case-folded), so
"Ménaka", "MENAKA" and "Menaka" are one word. Keywords match whole words only — "Mali" never
matches inside "Somalia" or "malicious" — and a keyword of several words or with a hyphen or
apostrophe tolerates the usual spelling variants: "CSP-DPA" also matches "CSP DPA" and "CSP–DPA",
"Tin-Zaouatene" also matches "Tinzaouatene", "l'armée" also matches "l’armée".

Any match of an *exclude* word makes the story irrelevant (``()``). Each watch list is compiled
once into a single regular expression (cached), so a long text is scanned in one pass.

The default list lives in ``seeds/watchlist.txt``: one entry a line, ``-word`` excludes, ``#``
starts a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unidecode import unidecode

DEFAULT_WATCHLIST_PATH = Path(__file__).resolve().parents[2] / "seeds" / "watchlist.txt"

# A character that can be part of a word; a keyword must not touch one on either side.
_WORD_CHAR = r"[a-z0-9]"
# Separators inside a keyword and what they tolerate in the text.
_BETWEEN_WORDS = r"[\s'\-]+"  # "africa corps" ~ "Africa-Corps", "Africa  Corps"
_INSIDE_WORD = r"[\s'\-]?"  # "csp-dpa" ~ "CSP DPA", "CSPDPA"; "tin-zaouatene" ~ "Tinzaouatene"


def fold(text: str) -> str:
    """Lower case with accents removed: ``fold("Ménaka") == fold("MENAKA") == "menaka"``.

    Typographic apostrophes and dashes become ASCII ``'`` and ``-`` (unidecode does that).
    """
    return unidecode(text).casefold()


@dataclass(frozen=True, slots=True)
class WatchList:
    """Words that make a story relevant (``include``) or irrelevant whatever else (``exclude``)."""

    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Accept any iterable but keep tuples, so the value stays hashable (compile cache key).
        object.__setattr__(self, "include", _clean_entries(self.include))
        object.__setattr__(self, "exclude", _clean_entries(self.exclude))

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> WatchList:
        """Build from watch-list lines: ``word`` includes, ``-word`` excludes, ``#`` comments."""
        include: list[str] = []
        exclude: list[str] = []
        for raw in entries:
            entry = raw.split("#", 1)[0].strip()
            if entry.startswith("-"):
                exclude.append(entry[1:])
            elif entry:
                include.append(entry)
        return cls(tuple(include), tuple(exclude))

    def extended(self, entries: Iterable[str]) -> WatchList:
        """This list plus more entries in the same syntax (e.g. MALIWATCH_WATCH_KEYWORDS)."""
        extra = WatchList.from_entries(entries)
        return WatchList(self.include + extra.include, self.exclude + extra.exclude)


def _clean_entries(entries: Iterable[str]) -> tuple[str, ...]:
    """Stripped, non-empty, first spelling kept when two fold to the same keyword."""
    seen: set[str] = set()
    kept: list[str] = []
    for entry in entries:
        word = " ".join(entry.split())
        key = fold(word)
        if word and key not in seen:
            seen.add(key)
            kept.append(word)
    return tuple(kept)


def keyword_pattern(keyword: str) -> str:
    """The regular expression (over folded text) for one keyword, without word boundaries."""
    parts: list[str] = []
    for char in fold(keyword).strip():
        if char.isspace():
            if parts and parts[-1] != _BETWEEN_WORDS:
                parts.append(_BETWEEN_WORDS)
        elif char in "-'":
            parts.append(_INSIDE_WORD)
        else:
            parts.append(re.escape(char))
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _CompiledWatch:
    include: re.Pattern[str] | None
    include_names: tuple[str, ...]  # group index - 1 → keyword as written in the list
    exclude: re.Pattern[str] | None


def _alternation(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern with one capturing group per word; longer words first so phrases win."""
    if not words:
        return None
    order = sorted(range(len(words)), key=lambda i: -len(fold(words[i])))
    groups = "|".join(f"(?P<k{i}>{keyword_pattern(words[i])})" for i in order)
    return re.compile(rf"(?<!{_WORD_CHAR})(?:{groups})(?!{_WORD_CHAR})")


@lru_cache(maxsize=64)
def _compile(watch: WatchList) -> _CompiledWatch:
    return _CompiledWatch(
        include=_alternation(watch.include),
        include_names=watch.include,
        exclude=_alternation(watch.exclude),
    )


def match_keywords(text: str, watch: WatchList) -> tuple[str, ...]:
    """Include keywords found in ``text``, in order of first appearance; ``()`` = not relevant.

    A match of any exclude word returns ``()`` whatever else matched.
    """
    compiled = _compile(watch)
    if compiled.include is None:
        return ()
    folded = fold(text)
    if compiled.exclude is not None and compiled.exclude.search(folded):
        return ()
    found: dict[str, None] = {}
    for match in compiled.include.finditer(folded):
        name = match.lastgroup
        if name is not None:
            found.setdefault(compiled.include_names[int(name[1:])], None)
    return tuple(found)


def read_watchlist(path: Path) -> WatchList:
    """Read a watch-list file (UTF-8, one entry a line, ``-word`` = exclude, ``#`` comments)."""
    return WatchList.from_entries(path.read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=1)
def load_default_watchlist() -> WatchList:
    """The default watch list from ``seeds/watchlist.txt`` (read once)."""
    return read_watchlist(DEFAULT_WATCHLIST_PATH)
