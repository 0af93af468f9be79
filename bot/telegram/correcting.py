"""What /merge, /split, /unlink and /fix share: administrators only, one write transaction,
the correction recorded with who made it and when (the application's clock), and a reply.

The replies are English strings kept here (:data:`REFUSALS`) and in each command module's
``REPLIES``, so that they can move into the catalogues.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlmodel import Session
from telegram import Update

from bot.telegram.commands.common import Context, clock_of, is_admin, refuse, reply_html, run_db
from feeds.pipeline.corrections import Corrected, CorrectionRefused, Refusal

log = logging.getLogger(__name__)

REFUSALS = {
    Refusal.NO_INCIDENT: "There is no incident #{subject}.",
    Refusal.CLOSED: "Incident #{subject} was merged into another; correct that one instead.",
    Refusal.SAME_INCIDENT: "An incident cannot be merged into itself.",
    Refusal.NO_STORY: "There is no story {subject}.",
    Refusal.STORY_NOT_IN_INCIDENT: "Story {subject} is not a source of that incident.",
    Refusal.ONLY_STORY: "Incident #{subject} has only that story: nothing to split.",
    Refusal.NO_LINK: "Story {subject} belongs to no incident.",
    Refusal.NO_CLAIM: "There is no claim {subject} (see /claims ID for the ids).",
    Refusal.NOTHING_TO_FIX: "Nothing to change: give claimant=, low=, high= or victims=.",
}
NOT_ADMIN = "Sorry, only maliwatch administrators can correct incidents."
MAX_ID = 2**31 - 1


def parse_id(text: str) -> int | None:
    """A positive id as typed (``12`` or ``#12``), else None."""
    text = text.removeprefix("#")
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


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
        await refuse(update, action, message=NOT_ADMIN)
        return None
    who, now = analyst(update), clock_of(context).now()
    try:
        done = await run_db(context, lambda session: work(session, who, now), write=True)
    except CorrectionRefused as refused:
        await reply_html(update, REFUSALS[refused.reason].format(subject=refused.subject))
        return None
    log.info("correction %s by %s: %s", done.correction.id, who, action)
    return done
