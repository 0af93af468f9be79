"""What /subscribe, /unsubscribe and /subscriptions share: private chats only, the argument
read as ``region|place|keyword VALUE`` (accent-insensitive; a region by any of its names:
Tombouctou or Timbuktu, Ségou or Segou), and the words of the replies in the reader's language
(the catalogues' ``subscription.*`` messages)."""

from __future__ import annotations

import functools
from typing import Any

from telegram import Update

from bot.render.html import esc
from bot.render.i18n import Translator, place_name, translator
from bot.telegram.commands.common import reply_html, reply_usage
from bot.telegram.language import translator_of
from feeds.analysis.places.gazetteer import load_gazetteer
from feeds.model.folding import fold_words
from feeds.model.subscriptions import MAX_VALUE, Subscription, SubscriptionKind


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


def parse_subscription(args: list[str], chat_id: str, lang: str = "en") -> Subscription | None:
    """The subscription the arguments name; None for a usage answer; :class:`SubscriptionError`
    with the reply when the value cannot be used."""
    if len(args) < 2:
        return None
    t = translator(lang)
    try:
        kind = SubscriptionKind(args[0].lower())
    except ValueError:
        return None
    text = " ".join(" ".join(args[1:]).split())
    if len(text) > MAX_VALUE:
        raise SubscriptionError(t("subscription.too_long", limit=MAX_VALUE))
    value = fold_words(text)
    if not value:
        return None
    if kind is SubscriptionKind.REGION:
        admin1 = regions().get(value) or regions().get(value.removesuffix(" region"))
        if admin1 is None:
            raise SubscriptionError(
                t("subscription.unknown_region", value=esc(text), regions=esc(region_list()))
            )
        return Subscription(chat_id=chat_id, kind=kind, value=fold_words(admin1), display=admin1)
    return Subscription(chat_id=chat_id, kind=kind, value=value, display=text)


def private_chat_id(update: Update) -> str | None:
    chat = update.effective_chat
    return str(chat.id) if chat is not None and chat.type == "private" else None


def describe(subscription: Subscription, lang: str = "en") -> str:
    """``region “Timbuktu”`` / ``la région « Tombouctou »`` (a region in the reader's spelling)."""
    t = translator(lang)
    shown = subscription.display or subscription.value
    if subscription.kind is SubscriptionKind.REGION:
        shown = place_name(shown, t.lang)
    return t(
        "subscription.what",
        kind=t(f"subscription.kind.{subscription.kind.value}"),
        value=esc(shown),
    )


async def subscription_asked(
    update: Update, context: Any, usage: str
) -> tuple[Subscription, Translator] | None:
    """The subscription a /subscribe or /unsubscribe names in a private chat, with the reader's
    translator; None once the reader has been answered (not private, bad value, usage)."""
    t = await translator_of(update, context)
    chat_id = private_chat_id(update)
    if chat_id is None:
        await reply_html(update, t("subscription.private_only"))
        return None
    try:
        subscription = parse_subscription(context.args or [], chat_id, t.lang)
    except SubscriptionError as error:
        await reply_html(update, str(error))
        return None
    if subscription is None:
        await reply_usage(update, usage, context)
        return None
    return subscription, t
