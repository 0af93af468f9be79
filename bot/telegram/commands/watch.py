"""/watch add|remove|list WORD: the watch list (``-WORD`` or ``exclude WORD`` to exclude)."""

from __future__ import annotations

import logging

from telegram import Update

from bot.render.html import esc
from bot.render.i18n import translator
from bot.telegram.commands.common import (
    Context,
    clock_of,
    is_admin,
    refuse,
    reply_html,
    reply_usage,
    run_db,
)
from bot.telegram.language import translator_of
from feeds.model.limits import MAX_WATCH_WORD, check_watch_word, preview
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


def render_watch_list(rows: list[WatchKeywordRow], lang: str = "en") -> str:
    t = translator(lang)
    include = [esc(row.display or row.word) for row in rows if row.mode == "include"]
    exclude = [esc(row.display or row.word) for row in rows if row.mode == "exclude"]
    none = t("watch.none")
    return t("watch.list", include=", ".join(include) or none, exclude=", ".join(exclude) or none)


async def handle(update: Update, context: Context) -> None:
    parsed = parse_args(context.args or [])
    if parsed is None:
        await reply_usage(update, USAGE, context)
        return
    t = await translator_of(update, context)
    action, word, mode = parsed
    if action == "list":
        rows = await run_db(
            context, lambda session: watch_queries.list_watch_keywords(session=session)
        )
        await reply_html(update, render_watch_list(rows, t.lang))
        return
    problem = check_watch_word(word)
    if problem:
        await reply_html(update, t("watch.refused", problem=esc(problem)))
        return
    if not await is_admin(update, context):
        await refuse(update, f"/watch {action} {preview(word, 64)}", context=context)
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
        key = "watch.excluding" if mode == "exclude" else "watch.watching"
        await reply_html(update, t(key, word=esc(word)))
        return
    removed = await run_db(
        context,
        lambda session: watch_queries.remove_watch_keyword(session=session, word=word),
        write=True,
    )
    log.info("watch word %r removal by %s: %s", word, added_by, removed)
    answer = t("watch.removed" if removed else "watch.not_listed", word=esc(word))
    await reply_html(update, answer)
