"""PURE: the incident card, /incident, /incidents, /compare and /sources.

A card shows each claim once (:func:`bot.render.claims.group_claims`) and each outlet once, as a
link named by its domain with the number of its stories. The card's "Claims · N" and
"Sources · N stories" headers are also what :func:`card_edit_note` reads back for the console.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.render.claims import (
    CATEGORY_ORDER,
    ClaimGroup,
    IncidentView,
    background_line,
    contradiction_line,
    format_range,
    group_cell,
    group_claims,
    group_line,
    sources_note,
    tally_line,
)
from bot.render.corrections import correction_lines
from bot.render.html import domain, esc, fit_one_message, link
from feeds.model import DatePrecision, EventDate, Incident, Place

MAX_CARD_CLAIMS = 12
MAX_CARD_SOURCES = 8
_CARD_NUMBER = re.compile(r"incident #(\d+)")
_CARD_CLAIMS = re.compile(r"<b>Claims</b> · (\d+)")
_CARD_SOURCES = re.compile(r"<b>Sources</b> · (\d+) stor")


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


def incident_heading(incident: Incident) -> str:
    number = f"#{incident.id}" if incident.id is not None else "new"
    return (
        f"<b>{event_label(incident)}</b> — {format_place(incident.place)}\n"
        f"📅 {format_event_date(incident.date)} · incident {number}"
    )


def source_links(view: IncidentView, limit: int = MAX_CARD_SOURCES) -> str:
    """Each outlet once, as a link to its first story named by its domain, with its count."""
    outlets: dict[str, list[str]] = {}
    for story in view.stories:
        outlets.setdefault(domain(story.url), []).append(story.url)
    links = [
        link(urls[0], name) + (f" ×{len(urls)}" if len(urls) > 1 else "")
        for name, urls in list(outlets.items())[:limit]
    ]
    more = len(outlets) - limit
    if more > 0:
        links.append(f"+{more} more outlets")
    return " · ".join(links) if links else "none yet"


def sources_heading(view: IncidentView) -> str:
    count = len(view.stories)
    return f"<b>Sources</b> · {count} {'story' if count == 1 else 'stories'}: {source_links(view)}"


def render_incident_card(view: IncidentView) -> str:
    """The live card: what, where, when, claims per claimant, toll, disputes, sources.

    Kept to one message (cards are edited in place), so long lists are cut with "+N more".
    """
    incident = view.incident
    lines = [f"🚨 {incident_heading(incident)}"]
    if incident.summary:
        lines.append(f"<i>{esc(incident.summary)}</i>")
    groups = group_claims(view)
    lines += ["", f"<b>Claims</b> · {len(groups)}"]
    lines += [f"• {group_line(group)}" for group in groups[:MAX_CARD_CLAIMS]] or ["• none yet"]
    if len(groups) > MAX_CARD_CLAIMS:
        lines.append(f"• +{len(groups) - MAX_CARD_CLAIMS} more (/compare {incident.id})")
    background = group_claims(view, background=True)
    if background:
        lines.append(background_line(background))
    if view.tallies:
        lines += ["", "<b>Toll</b>"] + [f"• {tally_line(t)}" for t in view.tallies]
    if view.contradictions:
        lines += ["", "⚠️ <b>Disputed</b>"]
        lines += [f"• {contradiction_line(c.contradiction)}" for c in view.contradictions]
    lines += correction_lines(view)  # type: ignore[arg-type]
    lines += ["", sources_heading(view)]
    return fit_one_message("\n".join(lines))


def card_edit_note(card: str) -> str:
    """A one-line account of an edited card for the console: ``card #1 updated: 5 sources, …``."""
    number, claims, sources = (
        pattern.search(card) for pattern in (_CARD_NUMBER, _CARD_CLAIMS, _CARD_SOURCES)
    )
    parts = [
        sources_note(int(sources.group(1))) if sources else "",
        _plural(int(claims.group(1)), "claim") if claims else "",
    ]
    label = f"card #{number.group(1)}" if number else "card"
    details = ", ".join(part for part in parts if part)
    return f"✎ {label} updated" + (f": {details}" if details else "")


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


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


def compare_groups(view: IncidentView) -> list[ClaimGroup]:
    """The claims /compare shows: whole-incident (unscoped), not background, one per claim."""
    return [group for group in group_claims(view) if group.claim.scope is None]


def render_compare(view: IncidentView) -> str:
    """/compare: a monospace table of each claimant's figure per category (old→new)."""
    groups = compare_groups(view)
    categories = [c for c in CATEGORY_ORDER if any(g.claim.category is c for g in groups)]
    heading = f"<b>Compare</b> · {incident_heading(view.incident)}"
    if not groups:
        return f"{heading}\nNo claims recorded."
    table: dict[str, dict[object, list[str]]] = {}
    sources: dict[str, int] = {}
    for group in groups:
        cells = table.setdefault(group.claim.claimant, {})
        cells.setdefault(group.claim.category, []).append(group_cell(group))
        sources[group.claim.claimant] = max(sources.get(group.claim.claimant, 0), group.sources)
    width = max(len("claimant"), *(len(name) for name in table))
    header = "claimant".ljust(width) + "".join(f" | {c.value:>9}" for c in categories)
    rows = [header + " | sources", "-" * (len(header) + 10)]
    for name, cells in table.items():
        row = "".join(f" | {'/'.join(cells.get(c, ['-'])):>9}" for c in categories)
        rows.append(f"{name.ljust(width)}{row} | {sources[name]:>7}")
    return f"{heading}\n<pre>{esc(chr(10).join(rows))}</pre>"


def render_sources(view: IncidentView) -> str:
    lines = [f"<b>Sources</b> · incident #{view.incident.id}"]
    for story in view.stories:
        role = "" if story.role == "main" else f" ({esc(story.role)})"
        outlet = esc(domain(story.url))
        lines.append(f"• {outlet}: {link(story.url, story.title or story.url)}{role}")
    return "\n".join(lines) if view.stories else lines[0] + "\nNo sources."
