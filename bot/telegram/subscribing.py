"""What /subscribe, /unsubscribe and /subscriptions share: private chats only, the argument
read as ``region|place|keyword VALUE`` (accent-insensitive; a region by any of its names:
Tombouctou or Timbuktu, Ségou or Segou), and the English replies (:data:`TEXT`)."""

from __future__ import annotations

import functools

from telegram import Update

from bot.render.html import esc
from feeds.analysis.places.gazetteer import load_gazetteer
from feeds.model.folding import fold_words
from feeds.model.subscriptions import MAX_VALUE, Subscription, SubscriptionKind

TEXT = {
    "private_only": "Subscriptions are for private chats: write to me directly.",
    "unknown_region": "“{value}” is not a region of Mali. Regions: {regions}. "
    "For a town or village, use <code>/subscribe place NAME</code>.",
    "too_long": "That is too long: at most {limit} characters.",
    "kinds": "region, place or keyword",
}


class SubscriptionError(ValueError):
    pass


@functools.cache
def regions() -> dict[str, str]:
    """Every name of a region (folded) → its ``admin1`` as incidents carry it. A region carved
    out in 2023 whose incidents still carry the old region's name is not among them."""
    found: dict[str, str] = {}
    for entry in load_gazetteer().entries:
        if entry.kind != "region" or entry.country != "Mali" or not entry.admin1:
            continue
        names = {fold_words(name) for name in (entry.name, *entry.area_names)}
        if fold_words(entry.admin1) not in names:
            continue
        for name in names:
            found[name] = entry.admin1
    return found


def region_list() -> str:
    return ", ".join(sorted(set(regions().values())))


def parse_subscription(args: list[str], chat_id: str) -> Subscription | None:
    """The subscription the arguments name; None for a usage answer; :class:`SubscriptionError`
    with the reply when the value cannot be used."""
    if len(args) < 2:
        return None
    try:
        kind = SubscriptionKind(args[0].lower())
    except ValueError:
        return None
    text = " ".join(" ".join(args[1:]).split())
    if len(text) > MAX_VALUE:
        raise SubscriptionError(TEXT["too_long"].format(limit=MAX_VALUE))
    value = fold_words(text)
    if not value:
        return None
    if kind is SubscriptionKind.REGION:
        admin1 = regions().get(value) or regions().get(value.removesuffix(" region"))
        if admin1 is None:
            raise SubscriptionError(
                TEXT["unknown_region"].format(value=esc(text), regions=esc(region_list()))
            )
        return Subscription(chat_id=chat_id, kind=kind, value=fold_words(admin1), display=admin1)
    return Subscription(chat_id=chat_id, kind=kind, value=value, display=text)


def private_chat_id(update: Update) -> str | None:
    chat = update.effective_chat
    return str(chat.id) if chat is not None and chat.type == "private" else None


def describe(subscription: Subscription) -> str:
    return f"{subscription.kind.value} “{esc(subscription.display or subscription.value)}”"
