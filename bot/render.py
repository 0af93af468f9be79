"""PURE: incidents and alerts → Telegram HTML, split under Telegram's 4096-unit limit.

Every string that comes from a feed (titles, places, claimants, victims' wording, URLs) goes
through :func:`esc`. Telegram measures a message's length in UTF-16 code units of the text
*after* entity parsing (tags removed, ``&amp;`` counted as one ``&``), so :func:`split_message`
measures that, and cuts on line boundaries without ever cutting inside a tag: tags open at a cut
are closed at the end of one chunk and reopened at the start of the next.

Nothing here imports telegram, httpx, sqlmodel or storage (``tests/test_layering.py``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from feeds.model import (
    AlertKind,
    CasualtyCount,
    Category,
    CategoryTally,
    Claim,
    Contradiction,
    DatePrecision,
    EventDate,
    Incident,
    Place,
    Qualifier,
    VictimKind,
)

MESSAGE_LIMIT = 4096
_TOKEN = re.compile(r"<[^>]*>|&#?\w+;|[^<&\n]+|\n|[<&]")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w-]*)")


class StoredClaimLike(Protocol):
    @property
    def claim(self) -> Claim: ...


class StoredContradictionLike(Protocol):
    @property
    def contradiction(self) -> Contradiction: ...


class StoryRefLike(Protocol):
    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def role(self) -> str: ...


class IncidentView(Protocol):
    """What the renderer reads of ``storage.outcome.IncidentView`` (this module may not import
    storage: see docs/contracts.md, layering)."""

    @property
    def incident(self) -> Incident: ...
    @property
    def claims(self) -> Sequence[StoredClaimLike]: ...
    @property
    def contradictions(self) -> Sequence[StoredContradictionLike]: ...
    @property
    def stories(self) -> Sequence[StoryRefLike]: ...
    @property
    def tallies(self) -> Sequence[CategoryTally]: ...


MAX_CARD_CLAIMS = 12
MAX_CARD_SOURCES = 8

CATEGORY_ORDER = (Category.KILLED, Category.INJURED, Category.ABDUCTED, Category.MISSING)


# ── counts, places, dates ───────────────────────────────────────────────────────────────────


def format_range(low: int | None, high: int | None) -> str:
    """An interval as a reader sees it: ``18``, ``18+``, ``≤10``, ``9–11``, ``?``."""
    if low is None and high is None:
        return "?"
    if high is None:
        return f"{low}+"
    if low is None:
        return f"≤{high}"
    return str(low) if low == high else f"{low}–{high}"


def format_count(count: CasualtyCount) -> str:
    """The claimant's wording with its interval, e.g. ``at least 18 [18+]``; denials say so."""
    if count.is_denial:
        return "denies any"
    interval = format_range(count.low, count.high)
    if count.wording and count.wording.strip() != interval:
        return f"{esc(count.wording)} [{interval}]"
    return interval


def format_place(place: Place | None) -> str:
    if place is None:
        return "place unknown"
    if place.admin1 and place.admin1 != place.name:
        return f"{esc(place.name)} ({esc(place.admin1)})"
    return esc(place.name)


def format_event_date(when: EventDate | None) -> str:
    if when is None:
        return "date unknown"
    day = when.day
    if when.precision is DatePrecision.WEEK:
        return f"week of {day:%d %b %Y}"
    if when.precision is DatePrecision.MONTH:
        return f"{day:%B %Y}"
    if when.precision is DatePrecision.YEAR:
        return f"{day:%Y}"
    return f"{day:%d %b %Y}"


def event_label(incident: Incident) -> str:
    return incident.event_type.value.replace("_", " ").capitalize()


def victims_label(claim: Claim) -> str:
    label = "" if claim.victims is VictimKind.UNSPECIFIED else claim.victims.value
    if claim.victims_detail:
        label = f"{label} “{esc(claim.victims_detail)}”".strip()
    return label


def claim_line(claim: Claim) -> str:
    """``CDRAP: killed at least 18 [18+] civilians “people”`` (scope and role noted)."""
    parts = [f"<b>{esc(claim.claimant)}</b>: {claim.category.value} {format_count(claim.count)}"]
    victims = victims_label(claim)
    if victims:
        parts.append(victims)
    if claim.scope:
        parts.append(f"(only {esc(claim.scope)})")
    if claim.count.qualifier is Qualifier.DENIAL and claim.sentence:
        parts.append(f"— <i>{esc(_shorten(claim.sentence, 140))}</i>")
    return " ".join(parts)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tally_line(tally: CategoryTally) -> str:
    conservative = "?" if tally.conservative is None else str(tally.conservative)
    return (
        f"{tally.category.value}: {format_range(tally.low, tally.high)}"
        f" · most conservative <b>{conservative}</b>"
    )


def contradiction_line(contradiction: Contradiction) -> str:
    first, second = contradiction.first, contradiction.second
    return (
        f"{contradiction.category.value}, {contradiction.kind.value}: "
        f"{esc(first.claimant)} vs {esc(second.claimant)}"
    )


def source_links(view: IncidentView, limit: int = MAX_CARD_SOURCES) -> str:
    links = [_link(story.url, _domain(story.url)) for story in view.stories[:limit]]
    more = len(view.stories) - limit
    if more > 0:
        links.append(f"+{more} more")
    return " · ".join(links) if links else "none yet"


def _link(url: str, label: str) -> str:
    return f'<a href="{esc(url)}">{esc(label)}</a>'


def _domain(url: str) -> str:
    host = re.sub(r"^[a-z]+://", "", url).split("/", 1)[0]
    return host.removeprefix("www.") or url


# ── incident card, /incident, /incidents, /compare ─────────────────────────────────────────


def incident_heading(incident: Incident) -> str:
    number = f"#{incident.id}" if incident.id is not None else "new"
    return (
        f"<b>{event_label(incident)}</b> — {format_place(incident.place)}\n"
        f"📅 {format_event_date(incident.date)} · incident {number}"
    )


def render_incident_card(view: IncidentView) -> str:
    """The live card: what, where, when, claims per claimant, toll, disputes, sources.

    Kept to one message (cards are edited in place), so long lists are cut with "+N more".
    """
    incident = view.incident
    lines = [f"🚨 {incident_heading(incident)}"]
    if incident.summary:
        lines.append(f"<i>{esc(incident.summary)}</i>")
    claims = [stored.claim for stored in view.claims]
    lines += ["", "<b>Claims</b>"]
    lines += [f"• {claim_line(claim)}" for claim in claims[:MAX_CARD_CLAIMS]] or ["• none yet"]
    if len(claims) > MAX_CARD_CLAIMS:
        lines.append(f"• +{len(claims) - MAX_CARD_CLAIMS} more (/compare {incident.id})")
    if view.tallies:
        lines += ["", "<b>Toll</b>"] + [f"• {tally_line(t)}" for t in view.tallies]
    if view.contradictions:
        lines += ["", "⚠️ <b>Disputed</b>"]
        lines += [f"• {contradiction_line(c.contradiction)}" for c in view.contradictions]
    lines += ["", f"<b>Sources</b>: {source_links(view)}"]
    return _fit_one_message("\n".join(lines))


def _fit_one_message(text: str) -> str:
    """The text, or as much of it as fits in one message followed by "…"."""
    if visible_length(text) <= MESSAGE_LIMIT:
        return text
    return split_message(text, limit=MESSAGE_LIMIT - 2)[0] + "\n…"


def render_incident_list(views: Sequence[IncidentView], *, title: str = "Incidents") -> str:
    """/incidents: one line per incident, newest first as given."""
    if not views:
        return f"<b>{esc(title)}</b>\nNo incidents."
    lines = [f"<b>{esc(title)}</b> ({len(views)})"]
    for view in views:
        incident = view.incident
        tolls = ", ".join(f"{t.category.value} {format_range(t.low, t.high)}" for t in view.tallies)
        flag = " ⚠️" if view.contradictions else ""
        lines.append(
            f"#{incident.id} {format_event_date(incident.date)} · {event_label(incident)} · "
            f"{format_place(incident.place)}{' · ' + tolls if tolls else ''}{flag}"
        )
    return "\n".join(lines)


def render_compare(view: IncidentView) -> str:
    """/compare: a monospace table of each claimant's figure per category."""
    claims = [stored.claim for stored in view.claims if stored.claim.scope is None]
    categories = [c for c in CATEGORY_ORDER if any(cl.category is c for cl in claims)]
    heading = f"<b>Compare</b> · {incident_heading(view.incident)}"
    if not claims:
        return f"{heading}\nNo claims recorded."
    table: dict[str, dict[Category, str]] = {}
    for claim in claims:
        cell = (
            "denial" if claim.count.is_denial else format_range(claim.count.low, claim.count.high)
        )
        table.setdefault(claim.claimant, {})[claim.category] = cell
    width = max(len("claimant"), *(len(name) for name in table))
    rows = ["claimant".ljust(width) + "".join(f" | {c.value:>9}" for c in categories)]
    rows.append("-" * len(rows[0]))
    for name, cells in table.items():
        rows.append(name.ljust(width) + "".join(f" | {cells.get(c, '-'):>9}" for c in categories))
    return f"{heading}\n<pre>{esc(chr(10).join(rows))}</pre>"


def render_sources(view: IncidentView) -> str:
    lines = [f"<b>Sources</b> · incident #{view.incident.id}"]
    for story in view.stories:
        role = "" if story.role == "main" else f" ({esc(story.role)})"
        lines.append(f"• {_link(story.url, story.title or story.url)}{role}")
    return "\n".join(lines) if view.stories else lines[0] + "\nNo sources."


# ── alerts ──────────────────────────────────────────────────────────────────────────────────


def render_contradiction(view: IncidentView | None, payload: Mapping[str, Any]) -> str:
    """Two claims side by side, the kind of dispute, and the sources."""
    category = str(payload.get("category", ""))
    kind = str(payload.get("kind", ""))
    found = _find_contradiction(view, category, kind)
    lines = [f"⚔️ <b>Contradiction</b>: {esc(category)} · {esc(kind)}"]
    if view is not None:
        lines.append(incident_heading(view.incident))
    if found is not None:
        lines += ["", f"🅰️ {claim_line(found.first)}", f"🅱️ {claim_line(found.second)}"]
        if found.summary:
            lines.append(f"<i>{esc(found.summary)}</i>")
    else:  # not (yet) in the view: fall back on the claims the alert was queued with
        lines += ["", *(f"• {claim_line(c)}" for c in _claims_from(payload))]
        if payload.get("summary"):
            lines.append(f"<i>{esc(payload['summary'])}</i>")
    if view is not None:
        lines += ["", f"<b>Sources</b>: {source_links(view)}"]
    return "\n".join(lines)


def _find_contradiction(
    view: IncidentView | None, category: str, kind: str
) -> Contradiction | None:
    if view is None:
        return None
    for stored in view.contradictions:
        found = stored.contradiction
        if found.category.value == category and found.kind.value == kind:
            return found
    return None


def _claims_from(payload: Mapping[str, Any]) -> list[Claim]:
    claims = []
    for side in ("first", "second"):
        data = payload.get(side)
        if isinstance(data, Mapping) and data.get("category") in Category._value2member_map_:
            victims = data.get("victims", VictimKind.UNSPECIFIED.value)
            claims.append(
                Claim(
                    claimant=str(data.get("claimant", "?")),
                    category=Category(data["category"]),
                    count=_count_from(data),
                    victims=VictimKind(victims)
                    if victims in VictimKind._value2member_map_
                    else VictimKind.UNSPECIFIED,
                    victims_detail=str(data.get("victims_detail", "")),
                )
            )
    return claims


def render_toll_update(view: IncidentView | None, payload: Mapping[str, Any]) -> str:
    """Same claimant, new figure: old → new."""
    old = _count_from(payload.get("old"))
    new = _count_from(payload.get("new"))
    lines = [
        f"🔁 <b>Toll update</b>: {esc(payload.get('claimant', '?'))} · "
        f"{esc(payload.get('category', '?'))} {format_count(old)} → <b>{format_count(new)}</b>"
    ]
    if view is not None:
        lines.append(incident_heading(view.incident))
        lines.append(f"<b>Sources</b>: {source_links(view)}")
    return "\n".join(lines)


def _count_from(value: object) -> CasualtyCount:
    if isinstance(value, Mapping):
        qualifier = value.get("qualifier", Qualifier.EXACT.value)
        return CasualtyCount(
            low=value.get("low"),
            high=value.get("high"),
            qualifier=Qualifier(qualifier)
            if qualifier in Qualifier._value2member_map_
            else Qualifier.EXACT,
            wording=str(value.get("wording", "")),
        )
    return CasualtyCount(low=None, high=None)


def render_relevant_story(payload: Mapping[str, Any]) -> str:
    """A relevant story that joined no incident."""
    title = str(payload.get("title") or payload.get("url") or "untitled story")
    url = str(payload.get("url", ""))
    head = _link(url, title) if url else esc(title)
    lines = [f"📰 <b>Relevant story</b>: {head}"]
    keywords = payload.get("keywords") or payload.get("matched_keywords")
    if isinstance(keywords, str):
        keywords = [k for k in keywords.split(",") if k]
    if keywords:
        lines.append("Matched: " + ", ".join(esc(k) for k in keywords))
    if payload.get("feed"):
        lines.append(f"Feed: {esc(payload['feed'])}")
    return "\n".join(lines)


def render_alert(
    kind: AlertKind, view: IncidentView | None, payload: Mapping[str, Any]
) -> list[str]:
    """Any outbox alert but the digest (which needs the day's views: :func:`render_digest`)."""
    if kind in (AlertKind.NEW_INCIDENT, AlertKind.CARD_EDIT):
        if view is None:
            raise ValueError(f"{kind.value} needs an incident view")
        return [render_incident_card(view)]
    if kind is AlertKind.CONTRADICTION:
        return split_message(render_contradiction(view, payload))
    if kind is AlertKind.UPDATE:
        return split_message(render_toll_update(view, payload))
    if kind is AlertKind.RELEVANT_STORY:
        return split_message(render_relevant_story(payload))
    raise ValueError(f"render_alert cannot render {kind.value}; use render_digest")


# ── digest and status ───────────────────────────────────────────────────────────────────────


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


def sum_tallies(views: Iterable[IncidentView]) -> dict[Category, tuple[int, int | None, int]]:
    """Per category, the sum of lows, of highs (None when any is open) and of conservatives."""
    totals: dict[Category, tuple[int, int | None, int]] = {}
    for view in views:
        for tally in view.tallies:
            low, high, conservative = totals.get(tally.category, (0, 0, 0))
            new_high = None if high is None or tally.high is None else high + tally.high
            totals[tally.category] = (
                low + (tally.low or 0),
                new_high,
                conservative + (tally.conservative or 0),
            )
    return totals


def feed_health_line(health: FeedHealth) -> str:
    ok = health.total - len(health.failing)
    line = f"📡 Feeds: {ok}/{health.total} healthy"
    if health.failing:
        line += " · failing: " + ", ".join(esc(_domain(url)) for url, _ in health.failing)
    return line


def render_digest(
    views: Sequence[IncidentView], *, day: date, feeds: FeedHealth, title: str = "Digest"
) -> str:
    """The daily digest: the day's incidents, totals as ranges, open disputes, feed health."""
    lines = [f"🗞 <b>{esc(title)}</b> · {day:%d %b %Y}", ""]
    lines.append(render_incident_list(views, title="Incidents"))
    totals = sum_tallies(views)
    if totals:
        lines += ["", "<b>Totals</b> (sum of ranges · sum of most conservative)"]
        for category in CATEGORY_ORDER:
            if category in totals:
                low, high, conservative = totals[category]
                lines.append(f"• {category.value}: {format_range(low, high)} · {conservative}")
    disputes = [(v, c) for v in views for c in v.contradictions]
    if disputes:
        lines += ["", "⚠️ <b>Open disputes</b>"]
        for view, stored in disputes:
            lines.append(f"• #{view.incident.id} {contradiction_line(stored.contradiction)}")
    lines += ["", feed_health_line(feeds)]
    return "\n".join(lines)


def _when(moment: datetime | None) -> str:
    return "never" if moment is None else f"{moment:%Y-%m-%d %H:%M} UTC"


def render_status(status: StatusSummary) -> str:
    lines = [
        "<b>Status</b>",
        f"Last poll: {_when(status.last_poll_started)}"
        f" (finished {_when(status.last_poll_finished)})",
        f"Alert queue: {status.queue_depth}"
        + (f" · ❗ {status.failed_alerts} failed in 24 h" if status.failed_alerts else ""),
        f"Today (UTC): new incidents {status.incidents_today} · stories fetched "
        f"{status.stories_today} · relevant {status.relevant_today}",
        feed_health_line(status.feeds),
    ]
    for url, error in status.feeds.failing:
        lines.append(f"• {esc(url)}: {esc(_shorten(error or 'unknown error', 200))}")
    return "\n".join(lines)


# ── Telegram HTML: escaping, length, splitting, plain text ──────────────────────────────────


def esc(value: object) -> str:
    """Escape a feed-derived value for Telegram HTML."""
    return html.escape(str(value), quote=True)


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, as Telegram counts it (an emoji outside the BMP is 2)."""
    return len(text.encode("utf-16-le")) // 2


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _visible(token: str) -> str:
    if token.startswith("<") and len(token) > 1:
        return ""
    if token.startswith("&"):
        return html.unescape(token)
    return token


def visible_length(text: str) -> int:
    """UTF-16 length of what Telegram shows: tags removed, entities decoded."""
    return sum(utf16_len(_visible(token)) for token in _tokens(text))


def _tag(token: str) -> tuple[str, bool] | None:
    """(name, is_closing) for a tag token, else None."""
    if not token.startswith("<") or len(token) < 3:
        return None
    match = _TAG_NAME.match(token)
    return (match.group(1).lower(), token.startswith("</")) if match else None


class _Splitter:
    """Packs tokens into chunks of at most ``limit`` visible units, tags balanced per chunk."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.chunks: list[str] = []
        self.open_tags: list[tuple[str, str]] = []  # (name, opening token)
        self.parts: list[str] = []
        self.length = 0

    def flush(self) -> None:
        while self.parts and self.parts[-1] == "\n":
            self.parts.pop()
        closing = "".join(f"</{name}>" for name, _ in reversed(self.open_tags))
        chunk = "".join(self.parts) + closing
        if html_to_plain(chunk).strip():
            self.chunks.append(chunk)
        self.parts = [opening for _, opening in self.open_tags]
        self.length = 0

    def add(self, token: str) -> None:
        tag = _tag(token)
        if tag is not None:
            name, closing = tag
            if closing:
                for index in range(len(self.open_tags) - 1, -1, -1):
                    if self.open_tags[index][0] == name:
                        del self.open_tags[index]
                        break
            else:
                self.open_tags.append((name, token))
            self.parts.append(token)
            return
        size = utf16_len(_visible(token))
        if self.length + size > self.limit:
            self.flush()
            if token == "\n":
                return
        self.parts.append(token)
        self.length += size

    def add_text_piecewise(self, token: str) -> None:
        """A text token longer than the room left: cut it between code points."""
        for char in token:
            self.add(char)

    def add_line(self, line: list[str]) -> None:
        size = sum(utf16_len(_visible(token)) for token in line)
        if self.length + size > self.limit and self.length:
            self.flush()
        for token in line:
            room = self.limit - self.length
            if (
                _tag(token) is None
                and utf16_len(_visible(token)) > room
                and not token.startswith("&")
            ):
                self.add_text_piecewise(token)
            else:
                self.add(token)


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split Telegram HTML into chunks of at most ``limit`` visible UTF-16 units.

    Cuts fall on line ends; a line longer than the limit is cut between characters (never
    inside a tag, an entity or a surrogate pair). Tags open at a cut are closed and reopened.
    """
    splitter = _Splitter(limit)
    line: list[str] = []
    for token in _tokens(text):
        line.append(token)
        if token == "\n":
            splitter.add_line(line)
            line = []
    if line:
        splitter.add_line(line)
    splitter.flush()
    return splitter.chunks


def html_to_plain(text: str) -> str:
    """Telegram HTML → plain text for the console; a link keeps its URL in parentheses."""
    text = re.sub(
        r'<a\s+href="([^"]*)"\s*>(.*?)</a>',
        lambda m: f"{m.group(2)} ({m.group(1)})",
        text,
        flags=re.DOTALL,
    )
    return html.unescape(re.sub(r"<[^>]*>", "", text))
