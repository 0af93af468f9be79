"""Size limits on what people type (PURE): watch words, feed URLs, command arguments.

The same limits hold in Telegram and on the command line. A refused value is never echoed back
whole: :func:`preview` shows its start and its length.
"""

from __future__ import annotations

import unicodedata

MAX_WATCH_WORD = 64  # characters; "Ménaka", "Barkhane", "Front de libération de l'Azawad"
MAX_FEED_URL = 2048  # characters; what browsers and servers commonly accept
MAX_COMMAND_ARGUMENTS = 100  # characters after a Telegram command that sets no limit itself
PREVIEW = 40


def preview(text: str, limit: int = PREVIEW) -> str:
    """``text`` when short, else its first ``limit`` characters, "…" and its length."""
    shown = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text[:limit])
    if len(text) <= limit:
        return shown
    return f"{shown}… ({len(text)} characters)"


def check_watch_word(word: str) -> str | None:
    """Why ``word`` cannot be a watch word (one line for the user), or ``None``."""
    stripped = word.strip().lstrip("-").strip()
    if not stripped:
        return "a watch word cannot be empty"
    if len(stripped) > MAX_WATCH_WORD:
        return (
            f"a watch word has at most {MAX_WATCH_WORD} characters (this one has {len(stripped)})"
        )
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Zl", "Zp"} for ch in stripped):
        return "a watch word cannot contain control characters or line breaks"
    return None


def check_url_length(url: str) -> str | None:
    """Why ``url`` is too long to be a feed URL, or ``None``."""
    if len(url) > MAX_FEED_URL:
        return f"a feed URL has at most {MAX_FEED_URL} characters (this one has {len(url)})"
    return None
