"""/watch add|remove|list WORD: the watch list (``-WORD`` or ``exclude WORD`` to exclude)."""

from __future__ import annotations

import logging

from telegram import Update

from bot.render.html import esc
from bot.telegram.commands.common import (
    Context,
    clock_of,
    is_admin,
    refuse,
    reply_html,
    reply_usage,
    run_db,
)
from feeds.model.limits import MAX_WATCH_WORD, check_watch_word
from storage.models import WatchKeywordRow
from storage.queries import watch as watch_queries

log = logging.getLogger(__name__)

NAME = "watch"
DESCRIPTION = "Watch words: add, exclude, remove or list"
USAGE = "/watch add|exclude|remove|list WORD"
MAX_ARGUMENTS = len("exclude ") + 3 * MAX_WATCH_WORD  # longer: refused before parsing


def parse_args(args: list[str]) -> tuple[str, str, str] | None:
    """(action, word, mode) with action add | remove | list, else None."""
    if args == ["list"]:
        return "list", "", ""
    if len(args) < 2 or args[0].lower() not in {"add", "exclude", "remove"}:
        return None
    action, word = args[0].lower(), " ".join(args[1:]).strip()
    mode = "exclude" if action == "exclude" or word.startswith("-") else "include"
    word = word.lstrip("-").strip()
    if not word:
        return None
    return ("remove" if action == "remove" else "add"), word, mode


def render_watch_list(rows: list[WatchKeywordRow]) -> str:
    include = [esc(row.display or row.word) for row in rows if row.mode == "include"]
    exclude = [esc(row.display or row.word) for row in rows if row.mode == "exclude"]
    return (
        "<b>Watch list</b> (added with /watch; the default list also applies)\n"
        f"Include: {', '.join(include) or 'none'}\n"
        f"Exclude: {', '.join(exclude) or 'none'}"
    )


async def handle(update: Update, context: Context) -> None:
    parsed = parse_args(context.args or [])
    if parsed is None:
        await reply_usage(update, USAGE)
        return
    action, word, mode = parsed
    if action == "list":
        rows = await run_db(
            context, lambda session: watch_queries.list_watch_keywords(session=session)
        )
        await reply_html(update, render_watch_list(rows))
        return
    problem = check_watch_word(word)
    if problem:
        await reply_html(update, f"Could not use that word: {esc(problem)}.")
        return
    if not await is_admin(update, context):
        await refuse(update, f"/watch {action} {word}")
        return
    user = update.effective_user
    added_by = str(user.id) if user else None
    if action == "add":
        await run_db(
            context,
            lambda session: watch_queries.add_watch_keyword(
                session=session,
                word=word,
                mode=mode,
                added_by=added_by,
                now=clock_of(context).now(),
            ),
            write=True,
        )
        log.info("watch word %r (%s) added by %s", word, mode, added_by)
        verb = "Excluding" if mode == "exclude" else "Watching"
        await reply_html(update, f"{verb} “{esc(word)}”.")
        return
    removed = await run_db(
        context,
        lambda session: watch_queries.remove_watch_keyword(session=session, word=word),
        write=True,
    )
    log.info("watch word %r removal by %s: %s", word, added_by, removed)
    answer = f"Removed “{esc(word)}”." if removed else f"“{esc(word)}” is not on the watch list."
    await reply_html(update, answer)
