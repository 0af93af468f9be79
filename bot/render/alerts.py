"""PURE: incidents and alerts → Telegram HTML, split under Telegram's 4096-unit limit.

The public API of the renderer. Every string that comes from a feed (titles, places, claimants,
victims' wording, URLs) goes through :func:`esc`. The work is shared with pure siblings:
``bot/render/html.py`` (escaping, length, splitting, plain text), ``bot/render/claims.py`` (one
line per claim, however many stories repeat it), ``bot/render/cards.py`` (card, lists,
/compare) and ``bot/render/digest.py`` (digest, /summary, /status). Nothing here imports
telegram, httpx, sqlmodel or storage (``tests/test_layering.py``).
"""

from __future__ import annotations

from datetime import datetime

from bot.render.cards import (
    format_event_date,
    headline,
    incident_command,
    render_incident_card,
    sources_heading,
)
from bot.render.claims import (
    IncidentView,
    category_label,
    claim_line,
    count_words,
    format_count,
)
from bot.render.html import (
    esc,
    link,
    split_message,
)
from bot.render.i18n import translator
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


def alert_heading(view: IncidentView, *, lang: str) -> str:
    """Which incident an alert is about: its headline, date and tappable command."""
    incident = view.incident
    return (
        f"<b>{headline(view, lang=lang)}</b>\n"
        f"📅 {format_event_date(incident.date, lang=lang)} · {incident_command(incident)}"
    )


def render_contradiction(
    view: IncidentView | None, alert: ContradictionAlert, *, lang: str = "en"
) -> str:
    """Two claims side by side, the kind of dispute, and the sources."""
    t = translator(lang)
    category = category_label(alert.category, lang=lang)
    kind = t(f"dispute.{alert.kind.value}")
    found = _find_contradiction(view, alert)
    lines = [t("alert.contradiction", category=category, kind=kind)]
    if view is not None:
        lines.append(alert_heading(view, lang=lang))
    if found is not None:
        first, second = found.first, found.second
    else:  # not (yet) in the view: the claims the alert was queued with
        first, second = alert.first.as_claim(), alert.second.as_claim()
    lines += ["", f"🅰️ {claim_line(first, lang=lang)}", f"🅱️ {claim_line(second, lang=lang)}"]
    if view is not None:
        lines += ["", sources_heading(view, lang=lang)]
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


def render_toll_update(
    view: IncidentView | None, alert: TollUpdateAlert, *, lang: str = "en"
) -> str:
    """Same claimant, new figure: old → new, in words."""
    t = translator(lang)
    lines = [
        t(
            "alert.update",
            claimant=esc(alert.claimant),
            category=category_label(alert.category, lang=lang),
            old=count_words(alert.old, lang=lang),
            new=format_count(alert.new, lang=lang),
        )
    ]
    if view is not None:
        lines.append(alert_heading(view, lang=lang))
        lines.append(sources_heading(view, lang=lang))
    return "\n".join(lines)


def render_relevant_story(alert: RelevantStoryAlert, *, lang: str = "en") -> str:
    """A relevant story that joined no incident (only when the channel asks for them): the
    story and its outlet, no keyword dump."""
    t = translator(lang)
    title = alert.title or alert.url or t("story.untitled")
    head = link(alert.url, title) if alert.url else esc(title)
    lines = [t("alert.story", story=head)]
    if alert.feed:
        lines.append(t("alert.story_feed", feed=esc(alert.feed)))
    return "\n".join(lines)


def render_flood_summary(alert: FloodSummaryAlert, *, lang: str = "en") -> str:
    """What a feed queued beyond its budget in one cycle, in one line."""
    t = translator(lang)
    return t.plural("alert.flood", alert.held_back, feed=esc(alert.feed))


def render_alert(
    alert: Alert,
    view: IncidentView | None,
    *,
    lang: str = "en",
    changed_at: datetime | None = None,
) -> list[str]:
    """Any outbox alert but the digest (which needs the day's views: :func:`render_digest`).

    A card edit's card carries the line saying what changed and when (``changed_at``, the time
    the edit was queued)."""
    if isinstance(alert, NewIncidentAlert | CardEditAlert):
        if view is None:
            raise ValueError(f"{alert_kind(alert).value} needs an incident view")
        if isinstance(alert, CardEditAlert):
            card = render_incident_card(view, lang=lang, change=alert.change, changed_at=changed_at)
            return [card]
        return [render_incident_card(view, lang=lang)]
    if isinstance(alert, ContradictionAlert):
        return split_message(render_contradiction(view, alert, lang=lang))
    if isinstance(alert, TollUpdateAlert):
        return split_message(render_toll_update(view, alert, lang=lang))
    if isinstance(alert, RelevantStoryAlert):
        return split_message(render_relevant_story(alert, lang=lang))
    if isinstance(alert, FloodSummaryAlert):
        return split_message(render_flood_summary(alert, lang=lang))
    raise ValueError(f"render_alert cannot render {alert_kind(alert).value}; use render_digest")
