"""What /merge, /split, /unlink and /fix share: administrators only, one write transaction,
the correction recorded with who made it and when (the application's clock), and a reply.

Every reply is in the reader's language: a refusal is the catalogue's
``correct.refused.<reason>``, each command's own reply ``<command>.done``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session
from telegram import Update

from bot.telegram.commands.common import Context, clock_of, is_admin, refuse, reply_html, run_db
from bot.telegram.language import translator_of
from feeds.pipeline.corrections import Corrected, CorrectionRefused

log = logging.getLogger(__name__)

MAX_ID = 2**31 - 1


def parse_id(text: str) -> int | None:
    """A positive id as typed (``12`` or ``#12``), else None."""
    text = text.removeprefix("#")
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def parse_ids(args: list[str], count: int) -> tuple[int, ...] | None:
    """Exactly ``count`` ids as typed, else None (the caller answers with its usage line)."""
    ids = [parse_id(arg) for arg in args]
    if len(ids) != count or any(number is None for number in ids):
        return None
    return tuple(number for number in ids if number is not None)


def analyst(update: Update) -> str:
    """Who made the correction, as recorded: the Telegram user id and @username."""
    user = update.effective_user
    if user is None:
        return "unknown"
    return f"{user.id} (@{user.username})" if user.username else str(user.id)


async def correct(
    update: Update,
    context: Context,
    action: str,
    work: Callable[[Session, str, datetime], Corrected],
) -> Corrected | None:
    """Run ``work(session, who, now)`` for an administrator; reply with the refusal when it
    refuses. Returns what was done, or None (the reply is already sent)."""
    if not await is_admin(update, context):
        t = await translator_of(update, context)
        await refuse(update, action, message=t("correct.not_admin"))
        return None
    who, now = analyst(update), clock_of(context).now()
    try:
        done = await run_db(context, lambda session: work(session, who, now), write=True)
    except CorrectionRefused as refused:
        t = await translator_of(update, context)
        reply = t(f"correct.refused.{refused.reason.value}", subject=refused.subject)
        await reply_html(update, reply)
        return None
    log.info("correction %s by %s: %s", done.correction.id, who, action)
    return done
