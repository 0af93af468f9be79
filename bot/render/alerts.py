"""PURE: incidents and alerts → Telegram HTML, split under Telegram's 4096-unit limit.

The public API of the renderer. Every string that comes from a feed (titles, places, claimants,
victims' wording, URLs) goes through :func:`esc`. The work is shared with pure siblings:
``bot/render/html.py`` (escaping, length, splitting, plain text), ``bot/render/claims.py`` (one
line per claim, however many stories repeat it), ``bot/render/cards.py`` (card, lists,
/compare) and ``bot/render/digest.py`` (digest, /summary, /status). Nothing here imports
telegram, httpx, sqlmodel or storage (``tests/test_layering.py``).
"""

from __future__ import annotations

from bot.render.cards import (
    incident_heading,
    render_incident_card,
    sources_heading,
)
from bot.render.claims import (
    IncidentView,
    claim_line,
    format_count,
)
from bot.render.html import (
    esc,
    link,
    split_message,
)
from feeds.model import (
    Contradiction,
)
from feeds.model.alerts import (
    Alert,
    CardEditAlert,
    ContradictionAlert,
    FloodSummaryAlert,
    NewIncidentAlert,
    RelevantStoryAlert,
    TollUpdateAlert,
    alert_kind,
)

# ── alerts ──────────────────────────────────────────────────────────────────────────────────


def render_contradiction(view: IncidentView | None, alert: ContradictionAlert) -> str:
    """Two claims side by side, the kind of dispute, and the sources."""
    category, kind = alert.category.value, alert.kind.value
    found = _find_contradiction(view, alert)
    lines = [f"⚔️ <b>Contradiction</b>: {esc(category)} · {esc(kind)}"]
    if view is not None:
        lines.append(incident_heading(view.incident))
    if found is not None:
        lines += ["", f"🅰️ {claim_line(found.first)}", f"🅱️ {claim_line(found.second)}"]
        if found.summary:
            lines.append(f"<i>{esc(found.summary)}</i>")
    else:  # not (yet) in the view: the claims the alert was queued with
        lines += ["", *(f"• {claim_line(f.as_claim())}" for f in (alert.first, alert.second))]
        if alert.summary:
            lines.append(f"<i>{esc(alert.summary)}</i>")
    if view is not None:
        lines += ["", sources_heading(view)]
    return "\n".join(lines)


def _find_contradiction(
    view: IncidentView | None, alert: ContradictionAlert
) -> Contradiction | None:
    if view is None:
        return None
    for stored in view.contradictions:
        found = stored.contradiction
        if found.category is alert.category and found.kind is alert.kind:
            return found
    return None


def render_toll_update(view: IncidentView | None, alert: TollUpdateAlert) -> str:
    """Same claimant, new figure: old → new."""
    lines = [
        f"🔁 <b>Toll update</b>: {esc(alert.claimant)} · "
        f"{esc(alert.category.value)} {format_count(alert.old)} → <b>{format_count(alert.new)}</b>"
    ]
    if view is not None:
        lines.append(incident_heading(view.incident))
        lines.append(sources_heading(view))
    return "\n".join(lines)


def render_relevant_story(alert: RelevantStoryAlert) -> str:
    """A relevant story that joined no incident."""
    title = alert.title or alert.url or "untitled story"
    head = link(alert.url, title) if alert.url else esc(title)
    lines = [f"📰 <b>Relevant story</b>: {head}"]
    if alert.feed:
        lines.append(f"Feed: {esc(alert.feed)}")
    return "\n".join(lines)


def render_flood_summary(alert: FloodSummaryAlert) -> str:
    """What a feed queued beyond its budget in one cycle, in one line."""
    return (
        f"📦 <b>{alert.held_back} more alerts held back</b> from {esc(alert.feed)} "
        "(too many in one poll); they are in the digest and in /incidents."
    )


def render_alert(alert: Alert, view: IncidentView | None) -> list[str]:
    """Any outbox alert but the digest (which needs the day's views: :func:`render_digest`)."""
    if isinstance(alert, NewIncidentAlert | CardEditAlert):
        if view is None:
            raise ValueError(f"{alert_kind(alert).value} needs an incident view")
        return [render_incident_card(view)]
    if isinstance(alert, ContradictionAlert):
        return split_message(render_contradiction(view, alert))
    if isinstance(alert, TollUpdateAlert):
        return split_message(render_toll_update(view, alert))
    if isinstance(alert, RelevantStoryAlert):
        return split_message(render_relevant_story(alert))
    if isinstance(alert, FloodSummaryAlert):
        return split_message(render_flood_summary(alert))
    raise ValueError(f"render_alert cannot render {alert_kind(alert).value}; use render_digest")
