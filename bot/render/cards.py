"""PURE: the incident card, /incident, /incidents, /compare and /sources, in the reader's
language.

A card shows each claim once (:func:`bot.render.claims.group_claims`) and each outlet once, as a
link named by its domain with the number of its stories. Its headline says it all: the type,
the place, the toll's range and the dispute mark. The card's "Claims · N" and "Sources · N"
headers are also what :func:`card_edit_note` reads back for the console.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from bot.render.claims import (
    CATEGORY_ORDER,
    ClaimGroup,
    IncidentView,
    background_line,
    category_label,
    contradiction_line,
    group_cell,
    group_claims,
    group_line,
    sources_note,
    tally_line,
    tally_range,
)
from bot.render.corrections import correction_lines
from bot.render.grade import grade_label, source_grade
from bot.render.html import domain, esc, fit_one_message, link
from bot.render.i18n import LANGUAGES, place_name, translator
from feeds.model import CategoryTally, DatePrecision, EventDate, Incident, Place
from feeds.model.folding import fold_words

MAX_CARD_CLAIMS = 12
MAX_CARD_SOURCES = 8
_CARD_NUMBER = re.compile(r"incident #(\d+)")
_CHANGE = re.compile(r"^new claims from (?P<claims>.+)$|^new source: (?P<source>.+)$")


def format_place(place: Place | None, *, lang: str = "en") -> str:
    t = translator(lang)
    if place is None:
        return t("place.unknown")
    name = place_name(place.name, lang)
    region = place_name(place.admin1, lang) if place.admin1 else ""
    if region and fold_words(region) != fold_words(name):
        return f"{esc(name)} ({esc(region)})"
    return esc(name)


def format_event_date(when: EventDate | None, *, lang: str = "en") -> str:
    t = translator(lang)
    if when is None:
        return t("date.unknown")
    day = when.day
    if when.precision is DatePrecision.WEEK:
        return t("date.week", day=t.date(day))
    if when.precision is DatePrecision.MONTH:
        return t.date(day, "LLLL y")
    if when.precision is DatePrecision.YEAR:
        return f"{day:%Y}"
    return t.date(day)


def event_label(incident: Incident, *, lang: str = "en") -> str:
    return translator(lang)(f"event.{incident.event_type.value}")


def incident_number(incident: Incident, *, lang: str = "en") -> str:
    t = translator(lang)
    return t("card.number", id=incident.id) if incident.id is not None else t("card.new")


def incident_heading(incident: Incident, *, lang: str = "en") -> str:
    """Two lines: what and where, then when and which incident."""
    return (
        f"<b>{event_label(incident, lang=lang)}</b> — {format_place(incident.place, lang=lang)}\n"
        f"📅 {format_event_date(incident.date, lang=lang)} · {incident_number(incident, lang=lang)}"
    )


def toll_summary(tallies: Sequence[CategoryTally], *, lang: str = "en") -> str:
    """``11 to 21 killed, 7 injured`` (``11 à 21 tués, 7 blessés``) in category order."""
    t = translator(lang)
    ordered = sorted(tallies, key=lambda tally: CATEGORY_ORDER.index(tally.category))
    parts = []
    for tally in ordered:
        category = category_label(tally.category, lang=lang)
        if tally.no_number:
            parts.append(t("headline.toll_vague", category=category))
        else:
            parts.append(t("headline.toll", range=tally_range(tally, lang=lang), category=category))
    return ", ".join(parts)


def headline(view: IncidentView, *, lang: str = "en") -> str:
    """``Airstrike — 50 km N of Lerneb (Timbuktu) · 11 to 21 killed · contested``."""
    t = translator(lang)
    incident = view.incident
    parts = [f"{event_label(incident, lang=lang)} — {format_place(incident.place, lang=lang)}"]
    toll = toll_summary(view.tallies, lang=lang)
    parts.append(toll or t("headline.no_figure"))
    if view.contradictions:
        parts.append(t("headline.contested"))
    return " · ".join(parts)


def source_links(view: IncidentView, limit: int = MAX_CARD_SOURCES, *, lang: str = "en") -> str:
    """Each outlet once, as a link to its first story named by its domain, with its count."""
    t = translator(lang)
    outlets: dict[str, list[str]] = {}
    for story in view.stories:
        outlets.setdefault(domain(story.url), []).append(story.url)
    links = [
        link(urls[0], name) + (f" ×{len(urls)}" if len(urls) > 1 else "")
        for name, urls in list(outlets.items())[:limit]
    ]
    more = len(outlets) - limit
    if more > 0:
        links.append(t.plural("card.more_outlets", more))
    return " · ".join(links) if links else t("card.no_sources")


def sources_heading(view: IncidentView, *, lang: str = "en") -> str:
    t = translator(lang)
    count = t.plural("card.stories", len(view.stories))
    return t("card.sources_header", stories=count, links=source_links(view, lang=lang))


def change_line(change: str, when: datetime | None, *, lang: str = "en") -> str:
    """What the latest edit changed and when, from the pipeline's ``CardEditAlert.change``."""
    t = translator(lang)
    found = _CHANGE.match(change.strip())
    if found and found["claims"]:
        what = t("change.claims", source=esc(found["claims"]))
    elif found and found["source"]:
        what = t("change.source", source=esc(found["source"]))
    else:
        what = esc(change.strip()) or t("change.updated")
    return t("change.line", when=t.moment(when), what=what) if when is not None else f"✎ {what}"


def render_incident_card(
    view: IncidentView,
    *,
    lang: str = "en",
    change: str | None = None,
    changed_at: datetime | None = None,
) -> str:
    """The live card: headline, when and how well sourced, claims per claimant, toll, disputes,
    sources; on an edit, one line saying what changed and when.

    Kept to one message (cards are edited in place), so long lists are cut with "+N more".
    A card with no claim yet says so in words and lists its sources.
    """
    t = translator(lang)
    incident = view.incident
    grade = grade_label(source_grade(view), lang=lang)
    lines = [
        f"🚨 <b>{headline(view, lang=lang)}</b>",
        f"📅 {format_event_date(incident.date, lang=lang)} · {grade} · "
        f"{incident_number(incident, lang=lang)}",
    ]
    if change is not None:
        lines.append(change_line(change, changed_at, lang=lang))
    groups = group_claims(view)
    if groups:
        lines += ["", t("card.claims_header", count=len(groups))]
        lines += [f"• {group_line(group, lang=lang)}" for group in groups[:MAX_CARD_CLAIMS]]
        if len(groups) > MAX_CARD_CLAIMS:
            more = len(groups) - MAX_CARD_CLAIMS
            lines.append("• " + t("card.more_claims", count=more, id=incident.id))
    else:
        lines += ["", t("card.no_figure")]
    background = group_claims(view, background=True)
    if background:
        lines.append(background_line(background, lang=lang))
    if view.tallies:
        lines += ["", t("card.toll_header")] + [
            f"• {tally_line(tally, lang=lang)}" for tally in view.tallies
        ]
    if view.contradictions:
        lines += ["", t("card.disputed_header")]
        lines += [
            f"• {contradiction_line(c.contradiction, lang=lang)}" for c in view.contradictions
        ]
    lines += correction_lines(view, lang)  # type: ignore[arg-type]
    lines += ["", sources_heading(view, lang=lang)]
    return fit_one_message("\n".join(lines))


def _header_pattern(key: str, lang: str) -> str:
    marker = "\x00"
    text = translator(lang)(key, count=marker, stories=marker, links="")
    return re.escape(text.split(marker)[0]) + r"(\d+)"


def card_edit_note(card: str) -> str:
    """A one-line account of an edited card for the console: ``card #1 updated: 5 sources, …``
    (in English, the console's language, whatever the card's)."""
    number = _CARD_NUMBER.search(card)
    claims = sources = None
    for lang in LANGUAGES:
        claims = claims or re.search(_header_pattern("card.claims_header", lang), card)
        sources = sources or re.search(_header_pattern("card.sources_header", lang), card)
    parts = [
        sources_note(int(sources.group(1))) if sources else "",
        translator("en").plural("count.claims", int(claims.group(1))) if claims else "",
    ]
    label = f"card #{number.group(1)}" if number else "card"
    details = ", ".join(part for part in parts if part)
    return f"✎ {label} updated" + (f": {details}" if details else "")


def incident_command(incident: Incident) -> str:
    """A tappable command for the incident in any chat: ``/incident_12``."""
    return f"/incident_{incident.id}"


def render_incident_list(
    views: Sequence[IncidentView], *, title: str = "", lang: str = "en", note: str = ""
) -> str:
    """/incidents: one line per incident in the order given, each with its tappable command."""
    t = translator(lang)
    title = title or t("list.title")
    if not views:
        return f"<b>{esc(title)}</b>\n{t('list.none')}"
    lines = [f"<b>{esc(title)}</b> ({len(views)})"]
    for view in views:
        lines.append(incident_line(view, lang=lang))
    if note:
        lines += ["", note]
    return "\n".join(lines)


def incident_line(view: IncidentView, *, lang: str = "en") -> str:
    """``/incident_12 · 22 Nov 2026 · Airstrike · 50 km N of Lerneb (Timbuktu) · at least 11
    killed ⚠️``."""
    incident = view.incident
    toll = toll_summary(view.tallies, lang=lang)
    flag = " ⚠️" if view.contradictions else ""
    return (
        f"{incident_command(incident)} · {format_event_date(incident.date, lang=lang)} · "
        f"{event_label(incident, lang=lang)} · {format_place(incident.place, lang=lang)}"
        f"{' · ' + toll if toll else ''}{flag}"
    )


def compare_groups(view: IncidentView) -> list[ClaimGroup]:
    """The claims /compare shows: whole-incident (unscoped), not background, one per claim."""
    return [group for group in group_claims(view) if group.claim.scope is None]


def render_compare(view: IncidentView, *, lang: str = "en") -> str:
    """/compare: a monospace table of each claimant's figure per category (old→new)."""
    t = translator(lang)
    groups = compare_groups(view)
    categories = [c for c in CATEGORY_ORDER if any(g.claim.category is c for g in groups)]
    heading = f"<b>{t('compare.title')}</b> · {incident_heading(view.incident, lang=lang)}"
    if not groups:
        return f"{heading}\n{t('compare.none')}"
    table: dict[str, dict[object, list[str]]] = {}
    sources: dict[str, int] = {}
    for group in groups:
        cells = table.setdefault(group.claim.claimant, {})
        cells.setdefault(group.claim.category, []).append(group_cell(group, lang=lang))
        sources[group.claim.claimant] = max(sources.get(group.claim.claimant, 0), group.sources)
    claimant, sources_title = t("compare.claimant"), t("compare.sources")
    width = max(len(claimant), *(len(name) for name in table))
    labels = {c: category_label(c, lang=lang) for c in categories}
    header = claimant.ljust(width) + "".join(f" | {labels[c]:>9}" for c in categories)
    rows = [f"{header} | {sources_title}", "-" * (len(header) + 3 + len(sources_title))]
    for name, cells in table.items():
        row = "".join(f" | {'/'.join(cells.get(c, ['-'])):>9}" for c in categories)
        rows.append(f"{name.ljust(width)}{row} | {sources[name]:>{len(sources_title)}}")
    return f"{heading}\n<pre>{esc(chr(10).join(rows))}</pre>"


def render_sources(view: IncidentView, *, lang: str = "en") -> str:
    t = translator(lang)
    lines = [t("sources.title", id=view.incident.id)]
    for story in view.stories:
        role = "" if story.role == "main" else f" ({t(f'role.{story.role}')})"
        outlet = esc(domain(story.url))
        lines.append(f"• {outlet}: {link(story.url, story.title or story.url)}{role}")
    return "\n".join(lines) if view.stories else lines[0] + "\n" + t("sources.none")
