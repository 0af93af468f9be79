"""`maliwatch` data commands: feeds, watch words, incidents, export, evaluation, database.

Each handler takes the parsed arguments and the settings and returns an exit code; a failure
the user can fix is a :class:`CommandError` (one line on stderr, exit 1), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from bot.cli.command_error import CommandError
from bot.cli.console_text import clean, plain
from bot.render.cards import render_incident_card, render_incident_list
from bot.render.html import html_to_plain
from bot.runner import open_database
from feeds.clock import Clock
from feeds.ingest.channel import CHANNEL_KIND
from feeds.ingest.feed_names import display_names
from feeds.ingest.opml import read_feed_list
from feeds.model.limits import check_url_length, check_watch_word, preview
from feeds.model.redact import mask_url
from feeds.model.web import web_url_problem
from feeds.pipeline.sources import add_source
from storage.db import session_scope
from storage.io.acled import AcledFileError, import_acled_file
from storage.queries import feeds as feed_queries
from storage.queries import views as view_queries
from storage.queries import watch as watch_queries

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.settings import Settings

MAX_ID = 2**31 - 1  # the largest id an INTEGER primary key holds on both backends


def engine_for(settings: Settings) -> Engine:
    return open_database(settings)


def stdout_console() -> Console:
    return Console(soft_wrap=True, highlight=False)


@contextmanager
def working(message: str) -> Iterator[None]:
    """A spinner on stderr while a long command works (nothing when stderr is no terminal)."""
    with Console(stderr=True).status(plain(message)):  # a path may hold "[" and "]"
        yield


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _kind_of(path: Path) -> str:
    """``"file"``, ``"directory"``, ``"missing"`` or ``"unusable"`` (e.g. a name too long)."""
    try:
        if path.is_file():
            return "file"
        return "directory" if path.is_dir() else "missing"
    except OSError:
        return "unusable"


# ── feeds and watch words ───────────────────────────────────────────────────────────────────


def cmd_feeds_add(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    problem = web_url_problem(args.url)
    if problem:
        raise CommandError(problem, exit_code=2)
    with session_scope(engine_for(settings)) as session:
        row = add_source(
            session=session,
            url=args.url,
            full_text=getattr(args, "full_text", None),
            now=clock.now(),
        )
        print(f"feed {row.id}: {clean(mask_url(row.url))} ({row.kind}, full text: {row.full_text})")
    return 0


def cmd_feeds_remove(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    too_long = check_url_length(args.url)
    if too_long:
        raise CommandError(too_long, exit_code=2)
    shown = clean(mask_url(args.url))
    with session_scope(engine_for(settings)) as session:
        if not feed_queries.remove_feed(session=session, url=args.url):
            raise CommandError(f"no feed {shown}")
    print(f"removed {shown}")
    return 0


def cmd_feeds_list(_args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    with session_scope(engine_for(settings)) as session:
        rows = feed_queries.list_feeds(session=session)
    table = Table("id", "feed", "full text", "health", "last success", "last error")
    names = display_names([(mask_url(row.url), row.title) for row in rows])
    for row, name in zip(rows, names, strict=True):
        health = "ok" if row.healthy else f"{row.consecutive_failures} failures"
        success = row.last_success_at.isoformat(timespec="minutes") if row.last_success_at else "-"
        mode = "channel" if row.kind == CHANNEL_KIND else row.full_text
        table.add_row(  # untrusted text: plain Text, never rich markup
            str(row.id), plain(name), mode, health, success, plain(row.last_error or "")
        )
    stdout_console().print(table)
    return 0


def cmd_feeds_import(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    try:
        feed_list = read_feed_list(args.path)
    except OSError as exc:
        raise CommandError(f"cannot read {args.path}: {_reason(exc)}", exit_code=2) from None
    except UnicodeDecodeError:
        raise CommandError(f"cannot read {args.path}: not UTF-8 text", exit_code=2) from None
    for problem in feed_list.problems:
        print(f"{args.path}: {problem}", file=sys.stderr)
    with session_scope(engine_for(settings)) as session:
        for url, title in feed_list.feeds:
            add_source(
                session=session,
                url=url,
                title=title,
                full_text=feed_list.full_text.get(url),
                now=clock.now(),
            )
    print(f"{len(feed_list.feeds)} feeds imported from {args.path}")
    return 0 if feed_list.feeds or not feed_list.problems else 1


def _checked_word(word: str) -> str:
    problem = check_watch_word(word)
    if problem:
        raise CommandError(f"{problem}: {preview(word)!r}", exit_code=2)
    return word


def cmd_watch_add(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    _checked_word(args.word)
    mode = "exclude" if args.exclude else "include"
    with session_scope(engine_for(settings)) as session:
        watch_queries.add_watch_keyword(
            session=session, word=args.word, mode=mode, added_by="cli", now=clock.now()
        )
    print(f"watching {args.word!r} ({mode})")
    return 0


def cmd_watch_remove(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    _checked_word(args.word)
    with session_scope(engine_for(settings)) as session:
        if not watch_queries.remove_watch_keyword(session=session, word=args.word):
            raise CommandError(f"no watch keyword {args.word!r}")
    print(f"removed {args.word!r}")
    return 0


def cmd_watch_list(_args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    with session_scope(engine_for(settings)) as session:
        rows = watch_queries.list_watch_keywords(session=session)
    for row in rows:
        print(f"{'-' if row.mode == 'exclude' else ''}{clean(row.display or row.word)}")
    return 0


# ── incidents, export, evaluation, database ─────────────────────────────────────────────────


def cmd_incidents(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    since = datetime.combine(args.since, datetime.min.time(), UTC) if args.since else None
    with session_scope(engine_for(settings)) as session:
        views = view_queries.list_incident_views(session=session, since=since)
    stdout_console().print(clean(html_to_plain(render_incident_list(views))), markup=False)
    return 0


def cmd_incident(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    if not 0 < args.id <= MAX_ID:  # no row has it, and the database would reject the number
        raise CommandError(f"no incident {args.id}")
    with session_scope(engine_for(settings)) as session:
        view = view_queries.get_incident_view(session=session, incident_id=args.id)
    if view is None:
        raise CommandError(f"no incident {args.id}")
    stdout_console().print(clean(html_to_plain(render_incident_card(view))), markup=False)
    return 0


def cmd_incidents_import(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    if _kind_of(args.path) != "file":
        raise CommandError(f"no file {args.path}", exit_code=2)
    try:
        with working(f"importing {args.path}"), session_scope(engine_for(settings)) as session:
            report = import_acled_file(session=session, path=args.path)
    except AcledFileError as exc:
        raise CommandError(f"{args.path}: {exc}") from None
    except OSError as exc:
        raise CommandError(f"cannot read {args.path}: {_reason(exc)}") from None
    if report.encoding != "utf-8":
        print(f"{args.path}: not UTF-8, read as {report.encoding}", file=sys.stderr)
    if report.stored == 0:  # nothing imported is a failure, with why
        raise CommandError(f"{args.path}: no row imported: {report.reasons_line()}")
    if report.bad_rows:
        print(
            f"{args.path}: {report.bad_rows} bad rows skipped ({report.reasons_line()}; see log)",
            file=sys.stderr,
        )
    print(f"{report.stored} ACLED incidents imported from {args.path}")
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    from storage.io.export import export_incidents

    engine = engine_for(settings)
    if args.out is None:
        try:
            with session_scope(engine) as session:
                export_incidents(session=session, fmt=args.format, out=sys.stdout)
            sys.stdout.flush()
        except OSError as exc:  # stdout is a full disk or a closed pipe
            raise CommandError(f"cannot write the export: {_reason(exc)}", exit_code=2) from None
        return 0
    try:
        out = args.out.open("w", encoding="utf-8", newline="")
    except OSError as exc:
        raise CommandError(f"cannot write {args.out}: {_reason(exc)}", exit_code=2) from None
    try:
        with working(f"exporting {args.format}"), out, session_scope(engine) as session:
            export_incidents(session=session, fmt=args.format, out=out)
    except OSError as exc:  # a full disk, /dev/full: the write or the final flush failed
        raise CommandError(f"cannot write {args.out}: {_reason(exc)}", exit_code=2) from None
    print(f"exported {args.format} to {args.out}", file=sys.stderr)
    return 0


def cmd_eval(args: argparse.Namespace, _settings: Settings, clock: Clock) -> int:
    """A developer command: score a labelled corpus with ``tools/evaluation``.

    ``tools/`` is developer tooling, not part of the wheel, so nothing that ships imports it;
    from a source checkout (the editable install) it is loaded from the checkout's root."""
    kind = _kind_of(args.path)
    if kind in {"missing", "unusable"}:
        raise CommandError(f"no corpus at {args.path}", exit_code=2)
    if kind != "file":
        raise CommandError(f"not a corpus file: {args.path} is a directory", exit_code=2)
    evaluation = load_evaluation_tools()
    try:
        stories = evaluation.load_corpus(args.path)
    except OSError as exc:
        raise CommandError(f"cannot read {args.path}: {_reason(exc)}", exit_code=2) from None
    except UnicodeDecodeError:
        raise CommandError(
            f"not a corpus file: {args.path} is not UTF-8 text", exit_code=2
        ) from None
    except (ValueError, TypeError, AttributeError) as exc:  # a line that is no corpus story
        raise CommandError(f"not a corpus file: {preview(str(exc), 200)}", exit_code=2) from None
    replay = getattr(args, "replay", False)
    with working(f"{'replaying' if replay else 'scoring'} {args.path}"):
        report = (evaluation.replay if replay else evaluation.score)(stories, args.path)
    print(evaluation.format_report(report))
    return 0


@dataclass(frozen=True)
class EvaluationTools:
    """What ``maliwatch eval`` uses of ``tools/evaluation``."""

    load_corpus: Callable[[Path], Any]
    score: Callable[[Any, Path], Any]  # (stories, path) -> report
    format_report: Callable[[Any], str]
    # (stories, path) -> report: served as feeds and polled day by day (tools/evaluation/replay)
    replay: Callable[[Any, Path], Any]


def load_evaluation_tools() -> EvaluationTools:
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "tools" / "evaluation").is_dir() and str(checkout) not in sys.path:
        sys.path.append(str(checkout))
    try:
        corpus = importlib.import_module("tools.evaluation.corpus")
        memory = importlib.import_module("tools.evaluation.memory")
        metrics = importlib.import_module("tools.evaluation.metrics")
        report = importlib.import_module("tools.evaluation.report")
        replay = importlib.import_module("tools.evaluation.replay")
    except ImportError as exc:
        raise CommandError(
            "maliwatch eval needs a source checkout (tools/ is not installed)"
        ) from exc

    def score(stories: Any, path: Path) -> Any:
        return metrics.score(stories, memory.predict_corpus(stories), str(path))

    def replay_score(stories: Any, path: Path) -> Any:
        return replay.score_replay(stories, path)[0]

    return EvaluationTools(
        load_corpus=corpus.load_corpus,
        score=score,
        format_report=report.format_report,
        replay=replay_score,
    )


def cmd_db_upgrade(_args: argparse.Namespace, settings: Settings, clock: Clock) -> int:
    engine_for(settings)
    print("database schema is up to date")
    return 0
