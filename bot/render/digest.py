"""PURE: the daily digest (and /summary) and /status."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from bot.render.cards import incident_command, render_incident_list
from bot.render.claims import IncidentView, contradiction_line
from bot.render.html import domain, esc, shorten
from bot.render.i18n import translator


@dataclass(frozen=True, slots=True)
class FeedHealth:
    total: int
    failing: tuple[tuple[str, str], ...] = ()  # (url, last error)


@dataclass(frozen=True, slots=True)
class StatusSummary:
    last_poll_started: datetime | None
    last_poll_finished: datetime | None
    feeds: FeedHealth
    queue_depth: int
    incidents_today: int  # first seen since midnight UTC
    stories_today: int = 0
    relevant_today: int = 0
    failed_alerts: int = 0  # given up on in the last 24 hours


def by_event_date(views: Iterable[IncidentView]) -> list[IncidentView]:
    """Newest event first; incidents of one day by id (the order readers scan a digest in)."""
    return sorted(views, key=lambda v: (v.incident.date.day, v.incident.id or 0), reverse=True)


def feed_health_line(health: FeedHealth, *, lang: str = "en") -> str:
    t = translator(lang)
    ok = health.total - len(health.failing)
    line = t("health.line", ok=ok, total=health.total)
    if health.failing:
        failing = ", ".join(esc(domain(url)) for url, _ in health.failing)
        line += " · " + t("health.failing", feeds=failing)
    return line


def render_digest(
    views: Sequence[IncidentView],
    *,
    day: date,
    feeds: FeedHealth,
    title: str = "",
    other_stories: int = 0,
    lang: str = "en",
) -> str:
    """The daily digest: the period's incidents one by one, newest event first, each with its
    own toll and a tappable ``/incident_N``; open disputes; feed health.

    Tolls are never summed across incidents: two cards may be one event told twice, and a sum
    would count it twice. ``other_stories`` counts relevant Mali stories that joined no
    incident: plain news gets no alert of its own, only this line.
    """
    t = translator(lang)
    title = title or t("digest.title")
    ordered = by_event_date(views)
    lines = [f"🗞 <b>{esc(title)}</b> · {t.date(day)}", ""]
    lines.append(render_incident_list(ordered, title=t("list.title"), lang=lang))
    disputes = [(v, c) for v in ordered for c in v.contradictions]
    if disputes:
        lines += ["", t("digest.disputes")]
        for view, stored in disputes:
            line = contradiction_line(stored.contradiction, lang=lang)
            lines.append(f"• {incident_command(view.incident)} {line}")
    if other_stories:
        lines += ["", t.plural("digest.other_stories", other_stories)]
    lines += ["", feed_health_line(feeds, lang=lang)]
    return "\n".join(lines)


def _when(moment: datetime | None, lang: str) -> str:
    return translator(lang)("status.never") if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


def render_status(status: StatusSummary, *, lang: str = "en") -> str:
    t = translator(lang)
    failed = t("status.failed", count=status.failed_alerts) if status.failed_alerts else ""
    lines = [
        t("status.title"),
        t(
            "status.last_poll",
            started=_when(status.last_poll_started, lang),
            finished=_when(status.last_poll_finished, lang),
        ),
        t("status.queue", depth=status.queue_depth) + failed,
        t(
            "status.today",
            incidents=status.incidents_today,
            stories=status.stories_today,
            relevant=status.relevant_today,
        ),
        feed_health_line(status.feeds, lang=lang),
    ]
    for url, error in status.feeds.failing:
        reason = esc(shorten(error or t("status.unknown_error"), 200))
        lines.append(f"• {esc(url)}: {reason}")
    return "\n".join(lines)
