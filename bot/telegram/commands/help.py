"""/help: every command with its usage line."""

from __future__ import annotations

from telegram import Update

from bot.render.html import esc
from bot.telegram.commands.common import Context, reply_html

NAME = "help"
DESCRIPTION = "List the commands"
USAGE = "/help"


def help_text() -> str:
    from bot.telegram.commands import COMMANDS  # the package imports this module

    lines = ["<b>Commands</b>"]
    lines += [f"<code>{esc(m.USAGE)}</code> — {esc(m.DESCRIPTION)}" for m in COMMANDS]
    lines.append("Changing watch words and feeds is for administrators.")
    return "\n".join(lines)


async def handle(update: Update, context: Context) -> None:
    await reply_html(update, help_text())
