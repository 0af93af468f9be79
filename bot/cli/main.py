"""`maliwatch`: the command line. Settings are built here, in ``main()``, and passed down.

Exit codes: 0 ok, 1 failure, 2 usage or settings error (one line naming the variable).
Every command that touches the database first upgrades it to the latest schema.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from bot.cli.command_error import CommandError
from feeds.ingest.opml import FULL_TEXT_MODES

# Start-up time: `maliwatch --help` imports no more than argparse and this module; each command
# imports what it needs when it runs (SQLAlchemy, pydantic, httpx, Telegram, Alembic are heavy).
if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.settings import Settings
    from feeds.clock import Clock

log = logging.getLogger(__name__)

EXPORT_FORMATS = ("jsonl", "acled-csv", "geojson")
Handler = Callable[[argparse.Namespace, "Settings", "Clock"], int]


def _data(name: str) -> Handler:
    """A handler of ``bot.cli.data``, imported when the command runs (not for ``--help``)."""

    def handler(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
        command: Handler = getattr(importlib.import_module("bot.cli.data"), name)
        return command(args, settings, clock)

    handler.__name__ = name
    return handler


cmd_db_upgrade = _data("cmd_db_upgrade")
cmd_eval = _data("cmd_eval")
cmd_export = _data("cmd_export")
cmd_feeds_add = _data("cmd_feeds_add")
cmd_feeds_import = _data("cmd_feeds_import")
cmd_feeds_list = _data("cmd_feeds_list")
cmd_feeds_remove = _data("cmd_feeds_remove")
cmd_incident = _data("cmd_incident")
cmd_incidents = _data("cmd_incidents")
cmd_incidents_import = _data("cmd_incidents_import")
cmd_watch_add = _data("cmd_watch_add")
cmd_watch_list = _data("cmd_watch_list")
cmd_watch_remove = _data("cmd_watch_remove")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return 2
    from bot.logging_setup import configure_logging
    from bot.settings import SettingsError, load_settings
    from feeds.clock import SystemClock

    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"maliwatch: {exc}", file=sys.stderr)
        return 2
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None
    configure_logging(settings.log_level, secret=token)
    try:
        handler: Handler = args.handler
        return handler(args, settings, SystemClock())
    except CommandError as exc:  # one line, clipped: it may quote a huge argument
        print(f"maliwatch: {one_line(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 1
    except Exception as exc:
        from bot.cli.failures import (
            TOKEN_REFUSED,
            database_unreachable,
            is_refused_token,
            redacted_traceback,
        )

        if type(exc).__name__ == "OtherPoller":  # bot.telegram.single_poller (not imported here)
            print(f"maliwatch: {exc}", file=sys.stderr)
            return 2
        if is_refused_token(exc):
            print(f"maliwatch: {TOKEN_REFUSED}", file=sys.stderr)
            return 2
        unreachable = database_unreachable(exc)
        if unreachable is not None:
            print(f"maliwatch: MALIWATCH_DATABASE_URL: cannot use the database: {unreachable}",
                  file=sys.stderr)  # fmt: skip
            return 2
        # A bug: show it, but never with the token in it (PTB quotes it in some messages).
        print(redacted_traceback(exc, secret=token), file=sys.stderr, end="")
        return 1


MAX_MESSAGE = 300


def one_line(message: str) -> str:
    """``message`` on one line, without control characters, at most :data:`MAX_MESSAGE` long."""
    from bot.cli.console_text import clean

    text = " ".join(clean(message).split())
    return text if len(text) <= MAX_MESSAGE else f"{text[: MAX_MESSAGE - 1]}…"


class OneLineParser(argparse.ArgumentParser):
    """argparse whose usage errors are one line (``maliwatch incident: error ...``), exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {one_line(message)} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="maliwatch",
        description="Watch Mali news feeds for casualty claims, incidents and contradictions.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _command(commands, "run", cmd_run, "Run the bot (poll, alerts, daily digest) until stopped.")
    poll = _command(commands, "poll", cmd_poll, "Poll the due feeds, deliver the alerts, exit.")
    poll.add_argument(
        "--all", action="store_true", help="poll every enabled feed now, due or not (one worker)"
    )
    _command(commands, "demo", cmd_demo, "Run the whole path over the bundled sample feeds.")
    _add_feeds_commands(_group(commands, "feeds", "Manage the polled feeds."))
    _add_watch_commands(_group(commands, "watch", "Manage the watch keywords."))
    _add_incident_commands(commands)
    export = _command(commands, "export", cmd_export, "Export incidents (see docs/export.md).")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    export.add_argument("--out", type=Path, metavar="FILE", help="default: standard output")
    evaluate = _command(commands, "eval", cmd_eval, "Score the analysis against a corpus file.")
    evaluate.add_argument("path", type=Path, metavar="PATH")
    evaluate.add_argument(
        "--replay",
        action="store_true",
        help="run the real pipeline instead: feeds on loopback, one poll a day, the export",
    )
    database = _group(commands, "db", "Database maintenance.")
    _command(database, "upgrade", cmd_db_upgrade, "Create or migrate the schema to the latest.")
    return parser


def _command(parent: Any, name: str, handler: Handler, help_text: str) -> Any:
    sub = parent.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(handler=handler, group=name)
    return sub


def _group(parent: Any, name: str, help_text: str) -> Any:
    """A command whose actions are sub-commands; alone, it is a usage error."""
    return _command(parent, name, _group_help, help_text).add_subparsers(
        title=f"{name} actions", metavar="ACTION"
    )


def _add_feeds_commands(feeds: Any) -> None:
    add = _command(feeds, "add", cmd_feeds_add, "Follow a feed URL or a t.me/NAME channel.")
    add.add_argument("url")
    add.add_argument(
        "--full-text",
        choices=FULL_TEXT_MODES,
        help="read the article page: auto (when the item is a summary; default), fetch, never",
    )
    _command(feeds, "remove", cmd_feeds_remove, "Stop following a feed.").add_argument("url")
    _command(feeds, "list", cmd_feeds_list, "List the feeds and their health.")
    opml = _command(feeds, "import", cmd_feeds_import, "Follow every feed of an OPML file.")
    opml.add_argument("path", type=Path, metavar="FILE.opml")


def _add_watch_commands(watch: Any) -> None:
    add = _command(watch, "add", cmd_watch_add, "Add a watch keyword.")
    add.add_argument("word")
    add.add_argument("-x", "--exclude", action="store_true", help="stories with it are ignored")
    _command(watch, "remove", cmd_watch_remove, "Remove a watch keyword.").add_argument("word")
    _command(watch, "list", cmd_watch_list, "List the watch keywords.")


def _add_incident_commands(commands: Any) -> None:
    incidents = _command(commands, "incidents", cmd_incidents, "List incidents, newest first.")
    incidents.add_argument("--since", type=date.fromisoformat, metavar="YYYY-MM-DD")
    actions = incidents.add_subparsers(title="incidents actions", metavar="ACTION")
    acled = _command(actions, "import", cmd_incidents_import, "Import an ACLED CSV export.")
    acled.add_argument("path", type=Path, metavar="FILE.csv")
    one = _command(commands, "incident", cmd_incident, "Show one incident's card.")
    one.add_argument("id", type=int)


def _group_help(args: argparse.Namespace, _settings: Settings, _clock: Clock) -> int:
    print(f"maliwatch {args.group}: choose an action (see --help)", file=sys.stderr)
    return 2


# ── long-running and cycle commands ─────────────────────────────────────────────────────────


def _require_feeds_file(settings: Settings) -> None:
    """A set but missing MALIWATCH_FEEDS_FILE is a settings error (exit 2) at start-up."""
    if settings.feeds_file is None:
        return
    from feeds.pipeline.sources import FeedsFileError, check_feeds_file

    try:
        check_feeds_file(settings)
    except FeedsFileError as exc:
        raise CommandError(str(exc), exit_code=2) from None


def engine_for(settings: Settings) -> Engine:
    """An engine on MALIWATCH_DATABASE_URL, migrated to the latest schema."""
    from storage.db import init_db

    return init_db(settings.sqlalchemy_url)


def _one_worker_on_sqlite(settings: Settings) -> contextlib.ExitStack:
    """On a SQLite file, the process's claim to be its only worker (else one line, exit 1)."""
    from storage.worker_lock import DatabaseBusy, sqlite_worker_lock

    held = contextlib.ExitStack()
    try:
        held.enter_context(sqlite_worker_lock(settings.sqlalchemy_url))
    except DatabaseBusy as exc:
        raise CommandError(str(exc)) from None
    return held


def cmd_run(_args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    _require_feeds_file(settings)
    with _one_worker_on_sqlite(settings):
        from bot.runner import run_forever

        run_forever(settings, engine_for(settings), clock)
    return 0


def cmd_poll(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    _require_feeds_file(settings)
    with _one_worker_on_sqlite(settings):
        return _poll(args, settings, clock)


def _poll(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    every_feed = bool(getattr(args, "all", False))
    engine = engine_for(settings)
    if not every_feed:
        from bot.cli.idle import print_idle, work_waiting

        waiting = work_waiting(engine, settings, now=clock.now())
        if waiting is not None and not waiting:  # nothing due: no pipeline, no Telegram import
            print_idle()
            return 0
    import asyncio

    from bot.cli.console import poll_progress, print_cycle_summary
    from bot.cli.data import stdout_console
    from bot.runner import poll_and_deliver

    with poll_progress() as progress:
        result = asyncio.run(
            poll_and_deliver(
                engine=engine,
                settings=settings,
                clock=clock,
                progress=progress,
                every_feed=every_feed,
            )
        )
    print_cycle_summary(stdout_console(), result)
    return 0


def cmd_demo(_args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    from bot.cli.data import stdout_console
    from bot.cli.demo import run_demo
    from bot.logging_setup import configure_logging

    if settings.log_level == "INFO":  # the demo's story is on stdout; keep stderr for problems
        configure_logging("WARNING")
    return run_demo(settings, console=stdout_console(), clock=clock)
