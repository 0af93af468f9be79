"""/fix CLAIM claimant=… | low=… high=… | victims=…: set a claim's claimant, figure or victims.

Any of the fields, in any order, ``|`` between them optional; ``low=none`` (or ``high=none``)
opens that side ("at least 18" is ``low=18 high=none``). Claim ids are in ``/claims ID``.
"""

from __future__ import annotations

import re

from telegram import Update

from bot.render.html import esc
from bot.render.i18n import Translator, translator
from bot.telegram.commands.common import Context, reply_html, reply_usage
from bot.telegram.correcting import correct, parse_id
from bot.telegram.language import translator_of
from feeds.model import VictimKind
from feeds.model.corrections import ClaimFix
from feeds.pipeline import corrections

NAME = "fix"
DESCRIPTION = "Correct a claim's claimant, figure or victims (administrators)"
USAGE = "/fix CLAIM claimant=NAME | low=N high=N | victims=civilians"
MAX_CLAIMANT = 80
MAX_FIGURE = 1_000_000
OPEN = {"none", "null", "?", "-", "open"}
_FIELD = re.compile(r"\b(claimant|low|high|victims)\s*=", re.IGNORECASE)


class FixError(ValueError):
    pass


def parse_fix(text: str, lang: str = "en") -> ClaimFix:
    """The fields of ``/fix`` after the claim id; :class:`FixError` says what is wrong (in the
    reader's language ``lang``; the field names stay as typed)."""
    t = translator(lang)
    pieces = _FIELD.split(text)
    if pieces[0].strip(" |"):
        raise FixError(_bad(t, t("fix.unknown_field")))
    values: dict[str, str] = {}
    for name, value in zip(pieces[1::2], pieces[2::2], strict=True):
        field = name.lower()
        if field in values:
            raise FixError(_bad(t, t("fix.twice", field=field)))
        values[field] = value.strip().strip("|").strip()
    fix = ClaimFix()
    if "claimant" in values:
        claimant = " ".join(values["claimant"].split())
        if not 0 < len(claimant) <= MAX_CLAIMANT:
            raise FixError(_bad(t, t("fix.claimant")))
        fix = ClaimFix(claimant=claimant)
    low, high = (_figure(values, field, t) for field in ("low", "high"))
    if low is not None and high is not None and low > high:
        raise FixError(_bad(t, t("fix.order")))
    victims = None
    if "victims" in values:
        try:
            victims = VictimKind(values["victims"].lower())
        except ValueError:
            kinds = ", ".join(kind.value for kind in VictimKind)
            raise FixError(_bad(t, t("fix.victims", kinds=kinds))) from None
    return ClaimFix(
        claimant=fix.claimant,
        low=low,
        high=high,
        set_low="low" in values,
        set_high="high" in values,
        victims=victims,
    )


def _figure(values: dict[str, str], field: str, t: Translator) -> int | None:
    if field not in values:
        return None
    text = values[field].lower()
    if text in OPEN:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > MAX_FIGURE:
        raise FixError(_bad(t, t("fix.number", field=field)))
    return int(text)


def _bad(t: Translator, problem: str) -> str:
    return t("fix.bad", problem=problem, example=esc(t("cmd.fix.example")))


async def handle(update: Update, context: Context) -> None:
    args = context.args or []
    claim = parse_id(args[0]) if args else None
    if claim is None or len(args) < 2:
        await reply_usage(update, USAGE, context)
        return
    t = await translator_of(update, context)
    try:
        fix = parse_fix(" ".join(args[1:]), t.lang)
    except FixError as error:
        await reply_html(update, str(error))
        return
    done = await correct(
        update,
        context,
        f"/fix {claim}",
        lambda session, who, now: corrections.fix(
            session=session, claim_id=claim, fix=fix, by=who, now=now
        ),
    )
    if done is not None:
        from bot.render.corrections import fix_changes

        changes = fix_changes(done.correction.detail, t.lang)
        await reply_html(update, t("fix.done", claim=claim, changes=changes))
