"""One module per bot command: parse args → query → render → reply.

Each module exposes ``NAME``, ``DESCRIPTION`` (the command menu), ``USAGE`` (the one-line reply
to a bad argument) and ``async def handle(update, context)``. :data:`COMMANDS` is the menu
order; ``bot/telegram/app.py`` registers them all and ``setMyCommands`` publishes them.
"""

from __future__ import annotations

from bot.telegram.commands import (
    aide,
    compare,
    export,
    feeds,
    help,
    incident,
    incidents,
    lang,
    start,
    status,
    summary,
    watch,
)

COMMANDS = (
    start, help, aide, lang, incidents, incident, compare, summary, status, watch, feeds, export,
)  # fmt: skip
