"""The alert samples in docs/telegram.md, generated from the renderer (and checked by a test).

Regenerate after changing the renderer: ``.venv/bin/python -m tests.helpers.docs_samples``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from bot.render.alerts import render_alert
from bot.render.cards import render_compare, render_incident_card
from bot.render.digest import FeedHealth, render_digest
from bot.render.html import html_to_plain
from bot.telegram.commands.help import help_text
from feeds.model import CasualtyCount, ContradictionKind, Qualifier
from tests.helpers.paths import ROOT
from tests.helpers.samples import (
    contradiction_alert,
    lerneb_view,
    relevant_alert,
    reported_view,
    update_alert,
)

DOC = ROOT / "docs" / "telegram.md"
EDITED = datetime(2026, 11, 23, 8, 5, tzinfo=UTC)
START, END = "<!-- samples:start -->", "<!-- samples:end -->"


def _block(title: str, text: str, language: str = "text") -> str:
    return f"### {title}\n\n```{language}\n{text}\n```\n"


def render_samples() -> str:
    view = lerneb_view()
    contradiction = contradiction_alert(kind=ContradictionKind.VICTIMS)
    update = update_alert(
        "CDRAP",
        CasualtyCount(18, None, Qualifier.AT_LEAST, "at least 18"),
        CasualtyCount(25, None, Qualifier.AT_LEAST, "at least 25"),
    )
    story = relevant_alert(
        "Mali: drone strike reported near Ménaka",
        "https://www.example-news.com/mali/menaka",
        feed="Example News — Sahel",
        keywords=("ménaka", "drone"),
    )
    health = FeedHealth(total=12, failing=(("https://feeds.example.org/sahel.xml", "HTTP 503"),))
    reported = reported_view()  # four stories from three outlets, one figure updated
    card = render_incident_card(reported)
    carte = render_incident_card(reported, lang="fr")
    edited = render_incident_card(
        reported, lang="fr", change="new source: radio-tombouctou.example", changed_at=EDITED
    )
    parts = [
        _block("New incident: the live card (Telegram HTML as sent)", card, "html"),
        _block("New incident: the live card, English (as shown)", html_to_plain(card)),
        _block("Nouvel incident : la fiche, en français (telle qu'affichée)", html_to_plain(carte)),
        _block("The card edited when a story joins (French channel)", html_to_plain(edited)),
        _block(
            "Contradiction",
            html_to_plain(render_alert(contradiction, view)[0]),
        ),
        _block(
            "Toll update (sent silently)",
            html_to_plain(render_alert(update, view)[0]),
        ),
        _block(
            "Relevant story (violence no incident could take; plain news is only counted)",
            html_to_plain(render_alert(story, None)[0]),
        ),
        _block(
            "Daily digest",
            html_to_plain(
                render_digest([view], day=date(2026, 11, 24), feeds=health, other_stories=3)
            ),
        ),
        _block("/compare table (a PNG chart follows it)", html_to_plain(render_compare(reported))),
        _block(
            "Résumé du jour (French digest)",
            html_to_plain(
                render_digest(
                    [view], day=date(2026, 11, 24), feeds=health, other_stories=3, lang="fr"
                )
            ),
        ),
        _block("/help", html_to_plain(help_text())),
        _block("/aide", html_to_plain(help_text("fr"))),
    ]
    return "\n".join(parts)


def documented_samples(text: str) -> str:
    match = re.search(re.escape(START) + r"\n(.*)\n" + re.escape(END), text, re.DOTALL)
    return match.group(1) if match else ""


def write_samples() -> None:
    text = DOC.read_text(encoding="utf-8")
    body = f"{START}\n{render_samples()}\n{END}"
    DOC.write_text(
        re.sub(re.escape(START) + r".*" + re.escape(END), lambda _: body, text, flags=re.DOTALL),
        encoding="utf-8",
    )


if __name__ == "__main__":
    write_samples()
