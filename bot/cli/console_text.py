"""Untrusted text on the terminal: escape sequences and control characters removed, no markup.

Feed titles, story text, feed URLs, servers' error messages and watch words come from people
the operator does not control. Printed raw, an escape sequence could clear the screen, retitle
the terminal window or hide lines; given to rich as a string, ``[/x]`` is read as markup and
raises. :func:`clean` strips the first, :func:`plain` wraps the result in a ``rich`` ``Text``
(never parsed as markup or emoji codes).
"""

from __future__ import annotations

import re
import unicodedata

from rich.text import Text

_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: window title, hyperlinks, clipboard
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]?"  # two- and three-byte escapes (and a lone ESC)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x9c\x1b]*[\x07\x9c]?"  # 8-bit string controls
)
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def clean(text: str) -> str:
    """``text`` without terminal escape sequences, control characters (line breaks and tabs
    kept) and bidirectional overrides."""
    text = _ESCAPE.sub("", text)
    return "".join(
        ch for ch in text if ch in "\n\t" or (unicodedata.category(ch) != "Cc" and ch not in _BIDI)
    )


def plain(text: str) -> Text:
    """:func:`clean` text as a rich ``Text``: printed as it is, never read as markup."""
    return Text(clean(text))
