"""How long a Telegram command's arguments may be, checked before the command runs.

Each command module may set ``MAX_ARGUMENTS`` (characters after the command name); the others
get :data:`~feeds.model.limits.MAX_COMMAND_ARGUMENTS`. Longer arguments get one short answer naming
the limit, and never reach the command (nor its replies, which may quote them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from types import ModuleType
from typing import Any

from telegram import Update

from bot.telegram.commands.common import Context, reply_html
from bot.telegram.language import translator_of
from feeds.model.limits import MAX_COMMAND_ARGUMENTS

log = logging.getLogger(__name__)

Handler = Callable[[Update, Context], Coroutine[Any, Any, None]]


def argument_limit(module: ModuleType) -> int:
    return int(getattr(module, "MAX_ARGUMENTS", MAX_COMMAND_ARGUMENTS))


def limited(module: ModuleType) -> Handler:
    """``module.handle``, refusing arguments longer than the module's limit."""
    limit = argument_limit(module)
    name = module.NAME
    handle: Handler = module.handle

    async def handle_limited(update: Update, context: Context) -> None:
        length = len(" ".join(context.args or []))
        if length > limit:
            user = update.effective_user
            log.info("/%s refused: %d characters of arguments from user %s", name, length,
                     user.id if user else "?")  # fmt: skip
            t = await translator_of(update, context)
            await reply_html(update, t("limits.too_long", name=name, limit=limit))
            return
        await handle(update, context)

    return handle_limited
