"""How maliwatch folds text before comparing it: the two folds, and why there are two.

* :func:`fold` — lower case, accents removed, typography made ASCII, **one character for one**:
  the analysis finds a phrase in the folded text and cuts the original at the same offsets, so
  the fold must never change the length ("œ" stays one character, "é" becomes "e").
* :func:`fold_key` — the fold of a *name or a key* (a place, a watch word, an admin area): ASCII
  through unidecode, case-folded (:func:`fold_words` also trims and collapses spaces). Lengths
  may change ("Œuvre" → "oeuvre", "ß" → "ss"),
  which is what makes "Ségou", "SEGOU" and "Segou" one key; never use it to cut text at offsets.

Every comparison of text in the code uses one of these two; nothing else folds.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from unidecode import unidecode

_NORMALIZE_TABLE = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u2013": "-",
        "\u2014": "-",
    }
)


def normalize(text: str) -> str:
    """Typographic quotes, dashes and non-breaking spaces to ASCII; the length is unchanged."""
    return text.translate(_NORMALIZE_TABLE)


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    return base.lower() if len(base.lower()) == 1 else char


def strip_accents(text: str) -> str:
    """Accents removed and typography normalized, case kept, one character for one."""
    return "".join(
        base if len(base := unicodedata.normalize("NFD", char)[0]) == 1 else char
        for char in normalize(text)
    )


@lru_cache(maxsize=2048)
def fold(text: str) -> str:
    """Lower case without accents, one character for one character (offsets survive).

    Cached: the claim readers fold the same clause once per number in it, which made a long
    clause full of numbers quadratic."""
    text = normalize(text)
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


@lru_cache(maxsize=8192)
def fold_key(text: str) -> str:
    """A name or key folded for comparison: ``fold_key("Ségou") == fold_key("SEGOU")``.

    Not trimmed, so that a search over a folded text keeps unidecode's positions; use
    :func:`fold_words` to compare phrases typed by people (spaces trimmed and collapsed)."""
    return unidecode(text).casefold()


def fold_words(text: str) -> str:
    """:func:`fold_key` with white space trimmed and collapsed: ``" Gao  ville "`` → "gao ville"."""
    return " ".join(fold_key(text).split())
