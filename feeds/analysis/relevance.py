"""Keyword relevance: does a story mention anything on the watch list?

Matching is done on *folded* text (:func:`fold`: transliterated to ASCII and case-folded), so
"Ménaka", "MENAKA" and "Menaka" are one word. Keywords match whole words only — "Mali" never
matches inside "Somalia" or "malicious" — and a keyword of several words or with a hyphen or
apostrophe tolerates the usual spelling variants: "CSP-DPA" also matches "CSP DPA" and "CSP–DPA",
"Tin-Zaouatene" also matches "Tinzaouatene", "l'armée" also matches "l’armée".

Any match of an *exclude* word makes the story irrelevant (``()``). Each watch list is compiled
once (cached); a keyword is first looked for as a plain substring, which is nearly free, and
only the few present are then matched as whole words, so long texts stay cheap.

The default list lives in ``seeds/watchlist.txt``: one entry a line, ``-word`` excludes, ``#``
starts a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from feeds.model.folding import fold_key
from seeds import SEEDS_DIR

DEFAULT_WATCHLIST_PATH = SEEDS_DIR / "watchlist.txt"

# A character that can be part of a word; a keyword must not touch one on either side.
_WORD_CHAR = r"[a-z0-9]"
_WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
# Separators inside a keyword and what they tolerate in the text.
_BETWEEN_WORDS = r"[\s'\-]+"  # "africa corps" ~ "Africa-Corps", "Africa  Corps"
_INSIDE_WORD = r"[\s'\-]?"  # "csp-dpa" ~ "CSP DPA", "CSPDPA"; "tin-zaouatene" ~ "Tinzaouatene"


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
        key = fold_key(word)
        if word and key not in seen:
            seen.add(key)
            kept.append(word)
    return tuple(kept)


def keyword_pattern(keyword: str) -> str:
    """The regular expression (over folded text) for one keyword, without word boundaries."""
    parts: list[str] = []
    for char in fold_key(keyword).strip():
        if char.isspace():
            if parts and parts[-1] != _BETWEEN_WORDS:
                parts.append(_BETWEEN_WORDS)
        elif char in "-'":
            parts.append(_INSIDE_WORD)
        else:
            parts.append(re.escape(char))
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _Keyword:
    name: str  # as written in the watch list
    needle: str  # its longest literal part: a cheap substring test before the regex runs
    pattern: re.Pattern[str]  # starts with a literal, so the regex engine skips ahead fast


def _compile_keyword(name: str) -> _Keyword:
    parts = [part for part in re.split(r"[\s'\-]+", fold_key(name)) if part]
    needle = max(parts, key=len) if parts else fold_key(name)
    return _Keyword(name, needle, re.compile(keyword_pattern(name) + rf"(?!{_WORD_CHAR})"))


@dataclass(frozen=True, slots=True)
class _CompiledWatch:
    include: tuple[_Keyword, ...]
    exclude: tuple[_Keyword, ...]


@lru_cache(maxsize=64)
def _compile(watch: WatchList) -> _CompiledWatch:
    return _CompiledWatch(
        include=tuple(_compile_keyword(word) for word in watch.include),
        exclude=tuple(_compile_keyword(word) for word in watch.exclude),
    )


def _occurrences(folded: str, keywords: tuple[_Keyword, ...]) -> list[tuple[int, int, str]]:
    """Every whole-word occurrence as (start, end, keyword name)."""
    found: list[tuple[int, int, str]] = []
    for keyword in keywords:
        if keyword.needle not in folded:
            continue
        for match in keyword.pattern.finditer(folded):
            start = match.start()
            if start == 0 or folded[start - 1] not in _WORD_CHARS:
                found.append((start, match.end(), keyword.name))
    return found


def _leftmost_longest(occurrences: list[tuple[int, int, str]]) -> list[str]:
    """Scan left to right keeping the longest occurrence at each place, as one regex would:
    "Katiba Macina" hides the "Macina" inside it."""
    chosen: list[str] = []
    covered_to = -1
    for start, end, name in sorted(occurrences, key=lambda o: (o[0], o[0] - o[1])):
        if start >= covered_to:
            chosen.append(name)
            covered_to = end
    return chosen


def match_keywords(text: str, watch: WatchList) -> tuple[str, ...]:
    """Include keywords found in ``text``, in order of first appearance; ``()`` = not relevant.

    A match of any exclude word returns ``()`` whatever else matched. Each keyword is first
    looked for as a plain substring (fast), and only then matched as a whole word.
    """
    compiled = _compile(watch)
    if not compiled.include:
        return ()
    folded = fold_key(text)
    if _occurrences(folded, compiled.exclude):
        return ()
    names = _leftmost_longest(_occurrences(folded, compiled.include))
    return tuple(dict.fromkeys(names))


def read_watchlist(path: Path) -> WatchList:
    """Read a watch-list file (UTF-8, one entry a line, ``-word`` = exclude, ``#`` comments)."""
    return WatchList.from_entries(path.read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=1)
def load_default_watchlist() -> WatchList:
    """The default watch list from ``seeds/watchlist.txt`` (read once)."""
    return read_watchlist(DEFAULT_WATCHLIST_PATH)
