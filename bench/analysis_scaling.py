"""How analysis time grows with a story's length, on hostile (number-heavy) and ordinary text.

Baseline: the time per kilobyte of a 1 KB story, measured in the same run. A ratio near 1 at
16 KB means linear growth; before the sentence cap a number-heavy 9 KB item took ~30 s.

    .venv/bin/python bench/analysis_scaling.py
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from feeds.analysis.relevance import load_default_watchlist
from feeds.analysis.story import analyse_story
from feeds.model import Story

SIZES_KB = (1, 4, 16)
ORDINARY = (
    "Au moins 18 civils ont été tués dimanche dans une frappe sur un marché au nord de Lerneb, "
    "selon la CDRAP. L'armée affirme avoir neutralisé 11 terroristes dans un refuge. "
)


def hostile(size: int) -> str:
    words, total = [], 6
    number = 0
    while total < size:
        word = str(number % 50)
        words.append(word)
        total += len(word) + 1
        number += 1
    return "Mali: " + " ".join(words)


def ordinary(size: int) -> str:
    return (ORDINARY * (size // len(ORDINARY) + 1))[:size]


def seconds_for(text: str) -> float:
    now = datetime.now(UTC)
    story = Story(
        feed_url="https://bench.example/rss", guid="g", url="https://bench.example/a",
        title="Mali : attaque meurtrière près de Gao", text=text, published=now, fetched=now,
    )  # fmt: skip
    watch = load_default_watchlist()
    started = time.perf_counter()
    analyse_story(story, watch=watch)
    return time.perf_counter() - started


def main() -> None:
    seconds_for(ordinary(500))  # warm-up: compile the patterns, load the gazetteer
    print(f"{'text':<9} {'size':>6} {'seconds':>8} {'s/KB':>7} {'vs 1 KB':>8}")
    for name, make in (("hostile", hostile), ("ordinary", ordinary)):
        baseline = None
        for kb in SIZES_KB:
            took = seconds_for(make(kb * 1024))
            per_kb = took / kb
            baseline = baseline or per_kb
            print(f"{name:<9} {kb:>4}KB {took:>8.3f} {per_kb:>7.3f} {per_kb / baseline:>7.2f}x")


if __name__ == "__main__":
    main()
