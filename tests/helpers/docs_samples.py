"""The alert samples in docs/telegram.md, generated from the renderer (and checked by a test).

Regenerate after changing the renderer: ``.venv/bin/python -m tests.helpers.docs_samples``.
"""

from __future__ import annotations

import re
from datetime import date

from bot.render.alerts import render_alert
from bot.render.cards import render_compare, render_incident_card
from bot.render.digest import FeedHealth, render_digest
from bot.render.html import html_to_plain
from bot.telegram.commands.help import help_text
from feeds.model import AlertKind
from tests.helpers.paths import ROOT
from tests.helpers.samples import lerneb_view, reported_view

DOC = ROOT / "docs" / "telegram.md"
START, END = "<!-- samples:start -->", "<!-- samples:end -->"


def _block(title: str, text: str, language: str = "text") -> str:
    return f"### {title}\n\n```{language}\n{text}\n```\n"


def render_samples() -> str:
    view = lerneb_view()
    contradiction = {"category": "killed", "kind": "victims"}
    update = {
        "claimant": "CDRAP",
        "category": "killed",
        "old": {"low": 18, "high": None, "qualifier": "at_least", "wording": "at least 18"},
        "new": {"low": 25, "high": None, "qualifier": "at_least", "wording": "at least 25"},
    }
    story = {
        "title": "Mali: drone strike reported near Ménaka",
        "url": "https://www.example-news.com/mali/menaka",
        "keywords": ["ménaka", "drone"],
        "feed": "Example News — Sahel",
    }
    health = FeedHealth(total=12, failing=(("https://feeds.example.org/sahel.xml", "HTTP 503"),))
    reported = reported_view()  # four stories from three outlets, one figure updated
    card = render_incident_card(reported)
    parts = [
        _block("New incident: the live card (Telegram HTML as sent)", card, "html"),
        _block("New incident: the live card (as shown)", html_to_plain(card)),
        _block(
            "Contradiction",
            html_to_plain(render_alert(AlertKind.CONTRADICTION, view, contradiction)[0]),
        ),
        _block(
            "Toll update (sent silently)",
            html_to_plain(render_alert(AlertKind.UPDATE, view, update)[0]),
        ),
        _block(
            "Relevant story (violence no incident could take; plain news is only counted)",
            html_to_plain(render_alert(AlertKind.RELEVANT_STORY, None, story)[0]),
        ),
        _block(
            "Daily digest",
            html_to_plain(
                render_digest([view], day=date(2026, 11, 24), feeds=health, other_stories=3)
            ),
        ),
        _block("/compare table (a PNG chart follows it)", html_to_plain(render_compare(reported))),
        _block("/help", html_to_plain(help_text())),
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
