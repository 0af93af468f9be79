"""Logging for the `maliwatch` process: one handler on stderr, the level from settings.

The Bot API puts the token in every request URL, so the HTTP client loggers (httpx, httpcore)
are held at WARNING, where they never print URLs of successful requests, and a filter masks the
token in any record that still carries it.
"""

from __future__ import annotations

import logging
import sys

from rich.console import Console
from rich.logging import RichHandler

PLAIN_FORMAT = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
QUIET_LOGGERS = ("httpx", "httpcore", "apscheduler", "telegram.ext.Updater")


class RedactFilter(logging.Filter):
    """Replace a secret (the bot token) in formatted records with ``[token]``."""

    def __init__(self, secret: str | None) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secret:
            return True
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "[token]"), None
        if record.exc_info and not record.exc_text:  # tracebacks quote request URLs too
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self.secret, "[token]")
        return True


def _make_handler() -> logging.Handler:
    """rich on a terminal; plain one-line records otherwise (services, pipes, log files)."""
    if sys.stderr.isatty():
        handler: logging.Handler = RichHandler(
            console=Console(stderr=True), show_path=False, markup=False
        )
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(PLAIN_FORMAT)
    return handler


def configure_logging(level: str = "INFO", *, secret: str | None = None) -> None:
    """Send logs to stderr with the token masked; idempotent (the CLI may call it twice)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_maliwatch", False):
            root.removeHandler(handler)
    handler = _make_handler()
    handler.addFilter(RedactFilter(secret))
    handler._maliwatch = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
