"""`maliwatch`: the command line. Settings are built here, in ``main()``, and passed down.

Exit codes: 0 ok, 1 failure, 2 usage or settings error (one line naming the variable).
Every command that touches the database first upgrades it to the latest schema.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn
from rich.progress import Progress as RichProgress
from rich.table import Table

from bot.logging_setup import configure_logging
from bot.render import html_to_plain, render_incident_card, render_incident_list
from bot.runner import CycleResult, open_database
from bot.settings import Settings, SettingsError, load_settings
from feeds.opml import read_feed_list
from feeds.pipeline import FeedReport, FeedStatus, Progress
from storage import queries
from storage.db import session_scope

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

EXPORT_FORMATS = ("jsonl", "acled-csv", "geojson")
Handler = Callable[[argparse.Namespace, Settings], int]


class CommandError(Exception):
    """A failure to report in one line (exit 1), e.g. an unknown incident id."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"maliwatch: {exc}", file=sys.stderr)
        return 2
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else None
    configure_logging(settings.log_level, secret=token)
    try:
        return args.handler(args, settings)
    except CommandError as exc:
        print(f"maliwatch: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="maliwatch",
        description="Watch Mali news feeds for casualty claims, incidents and contradictions.",
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _command(commands, "run", cmd_run, "Run the bot (poll, alerts, daily digest) until stopped.")
    _command(commands, "poll", cmd_poll, "Poll every feed once, deliver the alerts and exit.")
    _command(commands, "demo", cmd_demo, "Run the whole path over the bundled sample feeds.")
    _add_feeds_commands(_group(commands, "feeds", "Manage the polled feeds."))
    _add_watch_commands(_group(commands, "watch", "Manage the watch keywords."))
    _add_incident_commands(commands)
    export = _command(commands, "export", cmd_export, "Export incidents (see docs/export.md).")
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl")
    export.add_argument("--out", type=Path, metavar="FILE", help="default: standard output")
    evaluate = _command(commands, "eval", cmd_eval, "Score the analysis against a corpus file.")
    evaluate.add_argument("path", type=Path, metavar="PATH")
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
    _command(feeds, "add", cmd_feeds_add, "Follow a feed URL.").add_argument("url")
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


def _group_help(args: argparse.Namespace, _settings: Settings) -> int:
    print(f"maliwatch {args.group}: choose an action (see --help)", file=sys.stderr)
    return 2


def _engine(settings: Settings) -> Engine:
    return open_database(settings)


def _now() -> datetime:
    return datetime.now(UTC)


def stdout_console() -> Console:
    return Console(soft_wrap=True, highlight=False)


# ── long-running and cycle commands ─────────────────────────────────────────────────────────


def cmd_run(_args: argparse.Namespace, settings: Settings) -> int:
    from bot.runner import run_forever

    run_forever(settings, _engine(settings))
    return 0


def cmd_poll(_args: argparse.Namespace, settings: Settings) -> int:
    from bot.runner import poll_and_deliver

    engine = _engine(settings)
    with poll_progress() as progress:
        result = asyncio.run(poll_and_deliver(engine=engine, settings=settings, progress=progress))
    print_cycle_summary(stdout_console(), result)
    return 0


def cmd_demo(_args: argparse.Namespace, settings: Settings) -> int:
    from bot.demo import run_demo

    if settings.log_level == "INFO":  # the demo's story is on stdout; keep stderr for problems
        configure_logging("WARNING")
    return run_demo(settings, console=stdout_console())


@contextmanager
def working(message: str) -> Iterator[None]:
    """A spinner on stderr while a long command works (nothing when stderr is no terminal)."""
    with Console(stderr=True).status(message):
        yield


@contextmanager
def poll_progress() -> Iterator[Progress]:
    """A rich progress bar on stderr, advanced once per feed."""
    bar = RichProgress(
        TextColumn("polling feeds"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
        console=Console(stderr=True),
        transient=True,
    )
    with bar:
        task = bar.add_task("", total=None)

        def advance(report: FeedReport, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=report.url)

        yield advance


def print_cycle_summary(
    console: Console, result: CycleResult, *, title: str = "maliwatch poll"
) -> None:
    """One screen: feeds ok / not modified / failed (with reasons), stories, incidents, alerts."""
    poll = result.poll
    table = Table(title=title, show_header=False, box=None, title_justify="left")
    table.add_row("feeds ok", str(len(poll.feeds_with(FeedStatus.OK))))
    table.add_row("feeds not modified", str(len(poll.feeds_with(FeedStatus.NOT_MODIFIED))))
    table.add_row("feeds failed", str(len(poll.feeds_with(FeedStatus.FAILED))))
    table.add_row("stories new", str(poll.total("stories_new")))
    table.add_row("stories relevant", str(poll.total("stories_relevant")))
    table.add_row("wire copies linked", str(poll.total("wire_copies")))
    table.add_row("incidents new", str(poll.total("incidents_new")))
    table.add_row("alerts queued", str(poll.total("alerts_queued")))
    table.add_row("alerts sent", str(result.alerts_sent))
    if result.alerts_failed:
        table.add_row("alerts failed", str(result.alerts_failed))
    console.print(table)
    for report in poll.feeds_with(FeedStatus.FAILED):
        console.print(f"  failed: {report.url} — {report.error}", markup=False)
    if poll.total("stories_failed"):
        console.print(f"  stories that raised an error: {poll.total('stories_failed')} (see log)")


# ── feeds and watch words ───────────────────────────────────────────────────────────────────


def cmd_feeds_add(args: argparse.Namespace, settings: Settings) -> int:
    with session_scope(_engine(settings)) as session:
        row = queries.upsert_feed(session=session, url=args.url, now=_now())
        print(f"feed {row.id}: {row.url}")
    return 0


def cmd_feeds_remove(args: argparse.Namespace, settings: Settings) -> int:
    with session_scope(_engine(settings)) as session:
        if not queries.remove_feed(session=session, url=args.url):
            raise CommandError(f"no feed {args.url}")
    print(f"removed {args.url}")
    return 0


def cmd_feeds_list(_args: argparse.Namespace, settings: Settings) -> int:
    with session_scope(_engine(settings)) as session:
        rows = queries.list_feeds(session=session)
    table = Table("id", "feed", "health", "last success", "last error")
    for row in rows:
        health = "ok" if row.healthy else f"{row.consecutive_failures} failures"
        success = row.last_success_at.isoformat(timespec="minutes") if row.last_success_at else "-"
        table.add_row(str(row.id), row.title or row.url, health, success, row.last_error or "")
    stdout_console().print(table)
    return 0


def cmd_feeds_import(args: argparse.Namespace, settings: Settings) -> int:
    try:
        feed_list = read_feed_list(args.path)
    except OSError as exc:
        raise CommandError(f"cannot read {args.path}: {exc.strerror or exc}") from None
    for problem in feed_list.problems:
        print(f"{args.path}: {problem}", file=sys.stderr)
    with session_scope(_engine(settings)) as session:
        for url, title in feed_list.feeds:
            queries.upsert_feed(session=session, url=url, title=title, now=_now())
    print(f"{len(feed_list.feeds)} feeds imported from {args.path}")
    return 0 if feed_list.feeds or not feed_list.problems else 1


def cmd_watch_add(args: argparse.Namespace, settings: Settings) -> int:
    mode = "exclude" if args.exclude else "include"
    with session_scope(_engine(settings)) as session:
        queries.add_watch_keyword(
            session=session, word=args.word, mode=mode, added_by="cli", now=_now()
        )
    print(f"watching {args.word!r} ({mode})")
    return 0


def cmd_watch_remove(args: argparse.Namespace, settings: Settings) -> int:
    with session_scope(_engine(settings)) as session:
        if not queries.remove_watch_keyword(session=session, word=args.word):
            raise CommandError(f"no watch keyword {args.word!r}")
    print(f"removed {args.word!r}")
    return 0


def cmd_watch_list(_args: argparse.Namespace, settings: Settings) -> int:
    with session_scope(_engine(settings)) as session:
        rows = queries.list_watch_keywords(session=session)
    for row in rows:
        print(f"{'-' if row.mode == 'exclude' else ''}{row.display or row.word}")
    return 0


# ── incidents, export, evaluation, database ─────────────────────────────────────────────────


def cmd_incidents(args: argparse.Namespace, settings: Settings) -> int:
    since = datetime.combine(args.since, datetime.min.time(), UTC) if args.since else None
    with session_scope(_engine(settings)) as session:
        views = queries.list_incident_views(session=session, since=since)
    stdout_console().print(html_to_plain(render_incident_list(views)), markup=False)
    return 0


def cmd_incident(args: argparse.Namespace, settings: Settings) -> int:
    with session_scope(_engine(settings)) as session:
        view = queries.get_incident_view(session=session, incident_id=args.id)
    if view is None:
        raise CommandError(f"no incident {args.id}")
    stdout_console().print(html_to_plain(render_incident_card(view)), markup=False)
    return 0


def cmd_incidents_import(args: argparse.Namespace, settings: Settings) -> int:
    if not args.path.is_file():
        raise CommandError(f"no file {args.path}")
    with working(f"importing {args.path}"), session_scope(_engine(settings)) as session:
        count = queries.import_acled_csv(session=session, path=args.path)
    print(f"{count} ACLED incidents imported from {args.path}")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from storage.export import export_incidents

    engine = _engine(settings)
    if args.out is None:
        with session_scope(engine) as session:
            export_incidents(session=session, fmt=args.format, out=sys.stdout)
        return 0
    with (
        working(f"exporting {args.format}"),
        args.out.open("w", encoding="utf-8", newline="") as out,
        session_scope(engine) as session,
    ):
        export_incidents(session=session, fmt=args.format, out=out)
    print(f"exported {args.format} to {args.out}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace, _settings: Settings) -> int:
    from feeds.evaluation import format_report, run_eval

    if not args.path.exists():
        raise CommandError(f"no corpus at {args.path}")
    with working(f"scoring {args.path}"):
        report = run_eval(args.path)
    print(format_report(report))
    return 0


def cmd_db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    _engine(settings)
    print("database schema is up to date")
    return 0
