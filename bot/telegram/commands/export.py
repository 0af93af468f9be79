"""/export [jsonl|csv]: the incidents as a file (the format of docs/export.md)."""

from __future__ import annotations

import io

from sqlmodel import Session
from telegram import Update

from bot.telegram.commands.common import Context, clock_of, reply_usage, run_db
from bot.telegram.language import translator_of
from storage.io.export import export_incidents

NAME = "export"
DESCRIPTION = "Download the incidents as JSON lines or CSV"
USAGE = "/export [jsonl|csv]"
# the /export argument → (storage.io.export format, file extension); csv is the ACLED-style table
FORMATS = {"jsonl": ("jsonl", "jsonl"), "csv": ("acled-csv", "csv")}


async def handle(update: Update, context: Context) -> None:
    args = context.args or []
    fmt = args[0].lower() if args else "jsonl"
    if len(args) > 1 or fmt not in FORMATS or update.effective_message is None:
        await reply_usage(update, USAGE, context)
        return
    t = await translator_of(update, context)

    def write(session: Session) -> tuple[bytes, int]:
        buffer = io.StringIO()
        export_incidents(session=session, fmt=FORMATS[fmt][0], out=buffer)
        text = buffer.getvalue()
        rows = text.count("\n") - (1 if fmt == "csv" else 0)
        return text.encode("utf-8"), max(rows, 0)

    data, count = await run_db(context, write)
    now = clock_of(context).now()
    name = f"maliwatch-{now:%Y%m%d-%H%M}.{FORMATS[fmt][1]}"
    caption = t.plural(f"export.caption_{fmt}", count, when=f"{now:%Y-%m-%d %H:%M} UTC")
    await update.effective_message.reply_document(document=data, filename=name, caption=caption)
