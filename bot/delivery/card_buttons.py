"""The buttons under an incident card in the channel: deep links into a private chat with the
bot (``t.me/<bot>?start=compare_12``), which ``/start`` answers with the comparison or the
sources. A channel cannot take callback buttons from readers who are not its admins the way a
private chat can, and a link opens the conversation where the answer belongs."""

from __future__ import annotations

from dataclasses import dataclass

from bot.render.i18n import translator

START_ACTIONS = ("incident", "compare", "sources")


@dataclass(frozen=True, slots=True)
class CardButton:
    label: str
    start: str  # the deep link's start parameter: ``compare_12``


def card_buttons(incident_id: int, *, lang: str) -> tuple[CardButton, ...]:
    t = translator(lang)
    return (
        CardButton(t("button.compare"), f"compare_{incident_id}"),
        CardButton(t("button.sources"), f"sources_{incident_id}"),
    )


def deep_link(bot_username: str, start: str) -> str:
    return f"https://t.me/{bot_username}?start={start}"
