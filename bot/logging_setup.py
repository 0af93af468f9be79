"""Logging for the `maliwatch` process: one handler on stderr, the level from settings.

The Bot API puts the token in every request URL, so the HTTP client loggers (httpx, httpcore)
are held at WARNING, where they never print URLs of successful requests, and a filter masks the
token in any record that still carries it.
"""

from __future__ import annotations

import logging

from rich.console import Console
from rich.logging import RichHandler

QUIET_LOGGERS = ("httpx", "httpcore", "apscheduler", "telegram.ext.Updater")


class RedactFilter(logging.Filter):
    """Replace a secret (the bot token) in formatted records with ``[token]``."""

    def __init__(self, secret: str | None) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secret:
            message = record.getMessage()
            if self.secret in message:
                record.msg, record.args = message.replace(self.secret, "[token]"), None
        return True


def configure_logging(level: str = "INFO", *, secret: str | None = None) -> None:
    """Send logs to stderr through rich; idempotent (the CLI may call it more than once)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_maliwatch", False):
            root.removeHandler(handler)
    handler = RichHandler(console=Console(stderr=True), show_path=False, markup=False)
    handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    handler.addFilter(RedactFilter(secret))
    handler._maliwatch = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
