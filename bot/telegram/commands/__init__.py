"""One module per bot command: parse args → query → render → reply.

Each module exposes ``NAME``, ``DESCRIPTION`` (the command menu), ``USAGE`` (the one-line reply
to a bad argument) and ``async def handle(update, context)``. :data:`COMMANDS` is the menu
order; ``bot/telegram/app.py`` registers them all and ``setMyCommands`` publishes them.
"""

from __future__ import annotations

from bot.telegram.commands import (
    aide,
    claims,
    compare,
    export,
    feeds,
    fix,
    help,
    incident,
    incidents,
    lang,
    map,
    merge,
    split,
    start,
    status,
    subscribe,
    subscriptions,
    summary,
    unlink,
    unsubscribe,
    watch,
)

# The analyst's corrections (administrators; bot/telegram/correcting.py).
CORRECTION_COMMANDS = (claims, merge, split, unlink, fix)
COMMANDS = (
    start, help, aide, lang, incidents, incident, compare, map, summary, status, watch, feeds,
    export, subscribe, unsubscribe, subscriptions, *CORRECTION_COMMANDS,
)  # fmt: skip
