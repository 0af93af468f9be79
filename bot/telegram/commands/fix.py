"""/fix CLAIM claimant=… | low=… high=… | victims=…: set a claim's claimant, figure or victims.

Any of the fields, in any order, ``|`` between them optional; ``low=none`` (or ``high=none``)
opens that side ("at least 18" is ``low=18 high=none``). Claim ids are in ``/claims ID``.
"""

from __future__ import annotations

import re

from telegram import Update

from bot.render.html import esc
from bot.telegram.commands.common import Context, reply_html, reply_usage
from bot.telegram.correcting import correct, parse_id
from feeds.model import VictimKind
from feeds.model.corrections import ClaimFix
from feeds.pipeline import corrections

NAME = "fix"
DESCRIPTION = "Correct a claim's claimant, figure or victims (administrators)"
USAGE = "/fix CLAIM claimant=NAME | low=N high=N | victims=civilians"
MAX_CLAIMANT = 80
MAX_FIGURE = 1_000_000
OPEN = {"none", "null", "?", "-", "open"}
REPLIES = {
    "done": "Claim {claim} fixed ({changes}). The card and the disputes are updated.",
    "bad": "Could not read that: {problem}. Example: <code>{example}</code>",
    "victims": "victims is one of " + ", ".join(kind.value for kind in VictimKind),
    "number": "{field} must be a whole number from 0 to 1000000, or none",
    "claimant": "the claimant must be 1 to 80 characters",
    "order": "low must not be above high",
    "twice": "{field} is given twice",
}
EXAMPLE = "/fix 12 claimant=Malian army | low=11 high=11 | victims=militants"
_FIELD = re.compile(r"\b(claimant|low|high|victims)\s*=", re.IGNORECASE)


class FixError(ValueError):
    pass


def parse_fix(text: str) -> ClaimFix:
    """The fields of ``/fix`` after the claim id; :class:`FixError` says what is wrong."""
    pieces = _FIELD.split(text)
    if pieces[0].strip(" |"):
        raise FixError(REPLIES["bad"].format(problem="unknown field", example=esc(EXAMPLE)))
    values: dict[str, str] = {}
    for name, value in zip(pieces[1::2], pieces[2::2], strict=True):
        field = name.lower()
        if field in values:
            raise FixError(_bad(REPLIES["twice"].format(field=field)))
        values[field] = value.strip().strip("|").strip()
    fix = ClaimFix()
    if "claimant" in values:
        claimant = " ".join(values["claimant"].split())
        if not 0 < len(claimant) <= MAX_CLAIMANT:
            raise FixError(_bad(REPLIES["claimant"]))
        fix = ClaimFix(claimant=claimant)
    low, high = (_figure(values, field) for field in ("low", "high"))
    if low is not None and high is not None and low > high:
        raise FixError(_bad(REPLIES["order"]))
    victims = None
    if "victims" in values:
        try:
            victims = VictimKind(values["victims"].lower())
        except ValueError:
            raise FixError(_bad(REPLIES["victims"])) from None
    return ClaimFix(
        claimant=fix.claimant,
        low=low,
        high=high,
        set_low="low" in values,
        set_high="high" in values,
        victims=victims,
    )


def _figure(values: dict[str, str], field: str) -> int | None:
    if field not in values:
        return None
    text = values[field].lower()
    if text in OPEN:
        return None
    if not text.isascii() or not text.isdigit() or int(text) > MAX_FIGURE:
        raise FixError(_bad(REPLIES["number"].format(field=field)))
    return int(text)


def _bad(problem: str) -> str:
    return REPLIES["bad"].format(problem=problem, example=esc(EXAMPLE))


async def handle(update: Update, context: Context) -> None:
    args = context.args or []
    claim = parse_id(args[0]) if args else None
    if claim is None or len(args) < 2:
        await reply_usage(update, USAGE)
        return
    try:
        fix = parse_fix(" ".join(args[1:]))
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

        changes = fix_changes(done.correction.detail)
        await reply_html(update, REPLIES["done"].format(claim=claim, changes=changes))
