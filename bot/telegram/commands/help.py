"""/help (and /aide): every command with its usage line and an example, in the reader's
language."""

from __future__ import annotations

from telegram import Update

from bot.render.html import esc
from bot.render.i18n import translator
from bot.telegram.commands.common import Context, reply_html
from bot.telegram.language import translator_of

NAME = "help"
DESCRIPTION = "List the commands"
USAGE = "/help"


def help_text(lang: str = "en") -> str:
    from bot.telegram.commands import COMMANDS  # the package imports this module

    t = translator(lang)
    lines = [t("help.title")]
    for module in COMMANDS:
        usage = t(f"cmd.{module.NAME}.usage")
        usage = module.USAGE if usage == f"cmd.{module.NAME}.usage" else usage
        description = t(f"cmd.{module.NAME}.description")
        if description == f"cmd.{module.NAME}.description":
            description = module.DESCRIPTION
        lines.append(f"<code>{esc(usage)}</code> — {esc(description)}")
    lines.append(t("help.admins"))
    return "\n".join(lines)


async def handle(update: Update, context: Context) -> None:
    t = await translator_of(update, context)
    await reply_html(update, help_text(t.lang))
