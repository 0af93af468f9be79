"""Failures the command line turns into one line instead of a traceback (and what it never
prints: the bot token).

* :func:`is_refused_token`: Telegram answered 401 to the token (PTB's ``InvalidToken``, whose
  message quotes the token);
* :func:`database_unreachable`: the database cannot be reached or opened;
* :func:`redacted_traceback`: the last resort for a bug, with the token masked.
"""

from __future__ import annotations

import traceback

from sqlalchemy.exc import InterfaceError, OperationalError
from telegram.error import InvalidToken

TOKEN_REFUSED = "Telegram refused the token (401)"


def is_refused_token(exc: BaseException) -> bool:
    return isinstance(exc, InvalidToken)


def database_unreachable(exc: BaseException) -> str | None:
    """A short reason when ``exc`` says the database cannot be reached, else ``None``."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return None
    original = getattr(exc, "orig", None) or exc
    lines = str(original).strip().splitlines()
    reason = lines[0] if lines else type(original).__name__
    return reason[:200]


def redacted_traceback(exc: BaseException, *, secret: str | None) -> str:
    text = "".join(traceback.format_exception(exc))
    return text.replace(secret, "[token]") if secret else text
