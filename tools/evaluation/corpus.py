"""Reading a labelled corpus file (docs/evaluation.md, "The corpus format")."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from feeds.model import Story
from tools.evaluation.values import ClaimKey, ContradictionKey, GoldStory, normalize_claimant


def load_corpus(path: Path | str) -> list[GoldStory]:
    """Read a corpus file; the stories come back in published order."""
    stories = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                try:
                    stories.append(parse_gold_story(json.loads(line)))
                except (KeyError, ValueError) as exc:
                    raise ValueError(f"{path}:{number}: {exc!r}") from exc
    return sorted(stories, key=lambda gold: (gold.story.published, gold.id))


def parse_gold_story(row: dict) -> GoldStory:
    """One corpus line → its story and gold labels."""
    published = datetime.fromisoformat(row["published"].replace("Z", "+00:00"))
    story = Story(
        feed_url=row["feed"],
        guid=row["id"],
        url=row["url"],
        title=row.get("title", ""),
        text=row["text"],
        published=published,
        fetched=published,
        language=row.get("language", "en"),
    )
    gold = row["gold"]
    claims = tuple(
        ClaimKey(
            normalize_claimant(c["claimant"]),
            c["category"],
            c["low"],
            c["high"],
            c.get("victims", "unspecified"),
            incident=c.get("incident"),
        )
        for c in gold.get("claims", ())
    )
    contradictions = tuple(
        ContradictionKey(
            x["incident"],
            x["category"],
            x["kind"],
            frozenset(map(normalize_claimant, x["claimants"])),
        )
        for x in gold.get("contradictions", ())
    )
    incidents = tuple((i["key"], i["role"]) for i in gold.get("incidents", ()))
    return GoldStory(row["id"], story, bool(gold["relevant"]), incidents, claims, contradictions)
