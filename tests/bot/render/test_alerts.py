"""The pure renderer: escaping, content of each message, and splitting under Telegram's limit.

Every rendered message is checked with the same HTML parser the Bot API emulator uses, so "it
parses" means what Telegram would accept.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import date

import pytest

from bot.render.alerts import render_alert
from bot.render.cards import render_compare, render_incident_card, render_incident_list
from bot.render.claims import format_range
from bot.render.digest import FeedHealth, StatusSummary, render_digest, render_status
from bot.render.html import html_to_plain, split_message, utf16_len, visible_length
from feeds.model import (
    CasualtyCount,
    Category,
    ContradictionKind,
    EventDate,
    Qualifier,
    VictimKind,
)
from tests.helpers.samples import (
    contradiction_alert,
    figure,
    lerneb_view,
    relevant_alert,
    update_alert,
)
from tests.helpers.telegram_html import EntityParseError, parse_html

HOSTILE = '<script>alert("x")</script> & Co'


def assert_telegram_accepts(text: str, limit: int = 4096) -> str:
    plain, _ = parse_html(text)
    assert utf16_len(plain) <= limit
    assert plain.strip()
    return plain


@pytest.mark.parametrize(
    ("low", "high", "english", "french"),
    [
        (18, None, "at least 18", "au moins 18"),
        (11, 11, "11", "11"),
        (None, 10, "up to 10", "jusqu'à 10"),
        (80, 120, "80 to 120", "80 à 120"),
        (None, None, "unknown", "inconnu"),
    ],
)
def test_format_range_in_words_of_the_reader(
    low: int | None, high: int | None, english: str, french: str
) -> None:
    assert format_range(low, high) == english
    assert format_range(low, high, lang="fr") == french


def test_card_shows_claims_toll_disputes_and_sources() -> None:
    card = render_incident_card(lerneb_view())
    plain = assert_telegram_accepts(card)
    assert "Airstrike — 50 km N of Lerneb (Timbuktu)" in plain
    assert "22 Nov 2026" in plain
    assert "CDRAP: killed at least 18 civilians “people”" in plain
    assert "Malian army: killed 11 militants “terrorists”" in plain
    assert "killed: at least 11 · most conservative 11" in plain
    for cryptic in ("[18+]", "11+", "[11]"):
        assert cryptic not in plain
    assert plain.splitlines()[0] == (
        "🚨 Airstrike — 50 km N of Lerneb (Timbuktu) · at least 11 killed · contested"
    )
    assert "Airstrike on a market" not in plain  # no italic line repeating the headline
    assert "killed, count: CDRAP vs Malian army" in plain
    assert "killed, victims: CDRAP vs Malian army" in plain
    _, entities = parse_html(card)
    links = [e["url"] for e in entities if e["type"] == "text_link"]
    assert links == ["https://www.example-news.com/mali/lerneb-strike?a=1&b=2"]


def test_a_huge_card_stays_one_message() -> None:
    view = lerneb_view(claimant="C" * 3000)
    long_sources = tuple(
        replace(view.stories[0], url=f"https://example.org/{'x' * 500}/{n}") for n in range(8)
    )
    card = render_incident_card(replace(view, stories=long_sources))
    plain = assert_telegram_accepts(card)
    assert plain.endswith("…") and "CCCC" in plain


def test_feed_strings_are_escaped_everywhere() -> None:
    view = lerneb_view(claimant=HOSTILE)
    rendered = [
        render_incident_card(view),
        render_compare(view),
        *render_alert(contradiction_alert(), view),
        *render_alert(relevant_alert(HOSTILE, "http://x/?a&b"), None),
        render_digest([view], day=date(2026, 11, 24), feeds=FeedHealth(1)),
    ]
    for text in rendered:
        plain = assert_telegram_accepts(text)
        assert HOSTILE in plain
    assert_telegram_accepts(render_incident_list([view]))


def test_compare_is_a_monospace_table() -> None:
    text = render_compare(lerneb_view())
    plain, entities = parse_html(text)
    assert [e["type"] for e in entities if e["type"] == "pre"] == ["pre"]
    rows = plain.split("claimant", 1)[1].splitlines()
    assert any(re.search(r"CDRAP\s+\|\s+18\+", row) for row in rows)
    assert any(re.search(r"Malian army\s+\|\s+11", row) for row in rows)


def test_contradiction_alert_puts_both_claims_side_by_side() -> None:
    [text] = render_alert(contradiction_alert(kind=ContradictionKind.VICTIMS), lerneb_view())
    plain = assert_telegram_accepts(text)
    assert "Contradiction: killed · victims" in plain
    assert plain.index("CDRAP: killed") < plain.index("Malian army: killed")


def test_contradiction_not_in_the_view_uses_the_queued_claims() -> None:
    injured, soldiers = Category.INJURED, VictimKind.SOLDIERS
    claim = figure("UN", 4, 4, category=injured, victims=soldiers)
    other = figure(
        "JNIM", 30, None, category=injured, victims=soldiers, qualifier=Qualifier.MORE_THAN
    )
    alert = contradiction_alert(injured, first=claim, second=other)
    [text] = render_alert(alert, lerneb_view())
    plain = assert_telegram_accepts(text)
    assert "UN: injured 4 soldiers" in plain and "JNIM: injured at least 30 soldiers" in plain


def test_toll_update_shows_old_and_new() -> None:
    old = CasualtyCount(5, 5)
    new = CasualtyCount(9, None, Qualifier.AT_LEAST, "at least 9")
    [text] = render_alert(update_alert("UN", old, new), lerneb_view())
    assert "Toll update: UN · killed 5 → at least 9" in assert_telegram_accepts(text)
    assert "[9+]" not in text


def test_digest_lists_each_incident_by_event_date_never_sums_and_links_them() -> None:
    older = replace(
        lerneb_view(12),
        incident=replace(lerneb_view(12).incident, date=EventDate(date(2026, 11, 20))),
    )
    views = [older, lerneb_view(13)]  # #12 was updated last, but #13's event is the latest
    health = FeedHealth(total=3, failing=(("https://a.example.org/rss", "HTTP 500"),))
    plain = assert_telegram_accepts(render_digest(views, day=date(2026, 11, 24), feeds=health))
    assert "Totals" not in plain and "22" not in plain.replace("22 Nov", "")  # no sum
    lines = [line for line in plain.splitlines() if line.startswith("/incident_")]
    assert [line.split(" · ")[0] for line in lines] == ["/incident_13", "/incident_12"]
    assert all(line.endswith("at least 11 killed ⚠️") for line in lines)
    assert "/incident_13 killed, count: CDRAP vs Malian army" in plain
    assert "Feeds: 2/3 healthy · failing: a.example.org" in plain


def test_status_names_failing_feeds_and_why() -> None:
    status = StatusSummary(
        last_poll_started=None,
        last_poll_finished=None,
        feeds=FeedHealth(2, (("https://b.example.org/feed", "timed out after 20s"),)),
        queue_depth=4,
        incidents_today=1,
        stories_today=30,
        relevant_today=3,
        failed_alerts=2,
    )
    plain = assert_telegram_accepts(render_status(status))
    assert "Last poll: never" in plain
    assert "Alert queue: 4 · ❗ 2 failed in 24 h" in plain
    assert "Today (UTC): new incidents 1 · stories fetched 30 · relevant 3" in plain
    assert "https://b.example.org/feed: timed out after 20s" in plain


def test_html_to_plain_keeps_link_targets() -> None:
    text = 'A <b>b</b> &amp; <a href="https://x.org/?a=1&amp;b=2">link</a>'
    assert html_to_plain(text) == "A b & link <https://x.org/?a=1&b=2>"


def test_html_to_plain_shows_a_bare_url_once() -> None:
    text = '<a href="https://x.org/a">https://x.org/a</a> and <a href="https://y.org/"><b>y</b></a>'
    assert html_to_plain(text) == "https://x.org/a and y <https://y.org/>"


# ── splitting ──


def test_short_message_is_one_chunk_unchanged() -> None:
    card = render_incident_card(lerneb_view())
    assert split_message(card) == [card]


def test_length_is_counted_after_entity_parsing() -> None:
    text = "&amp;" * 4096
    assert visible_length(text) == 4096
    assert split_message(text) == [text]
    assert len(split_message(text + "&lt;")) == 2


def test_emoji_count_two_units_and_are_never_cut() -> None:
    line = "😀" * 3000  # 6000 UTF-16 units on one line
    chunks = split_message(f"<b>{line}</b>")
    assert len(chunks) == 2
    plains = [assert_telegram_accepts(chunk) for chunk in chunks]
    assert "".join(plains) == line
    assert all(chunk.startswith("<b>") and chunk.endswith("</b>") for chunk in chunks)


def test_table_split_reopens_pre_on_every_chunk() -> None:
    rows = "\n".join(f"claimant {n:04d} 🇲🇱 | killed | {n}+" for n in range(400))
    chunks = split_message(f"<b>Compare</b>\n<pre>{rows}</pre>")
    assert len(chunks) > 1
    for chunk in chunks:
        _, entities = parse_html(chunk)
        assert any(e["type"] == "pre" for e in entities)
        assert_telegram_accepts(chunk)
    cut_rows = [line for chunk in chunks for line in html_to_plain(chunk).splitlines()]
    assert len([line for line in cut_rows if line.startswith("claimant")]) == 400


def _random_html(rng: random.Random, lines: int) -> str:
    words = ["Ménaka", "&amp;", "&lt;x&gt;", "😀", "🇲🇱", "tués", "killed", "18", "&#x27;"]
    out = []
    for _ in range(lines):
        tag = rng.choice(["b", "i", "code", None])
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        out.append(f"<{tag}>{text}</{tag}>" if tag else text)
    body = "\n".join(out)
    return (
        f'<i>intro</i>\n<a href="https://x.org/?a&amp;b">{body}</a>' if rng.random() < 0.5 else body
    )


@pytest.mark.parametrize("seed", range(12))
def test_every_chunk_parses_fits_and_nothing_is_lost(seed: int) -> None:
    rng = random.Random(seed)
    limit = rng.choice([40, 97, 300, 4096])
    text = _random_html(rng, rng.randint(5, 300))
    chunks = split_message(text, limit=limit)
    plains = [assert_telegram_accepts(chunk, limit) for chunk in chunks]
    original, _ = parse_html(text)
    squash = re.compile(r"\s+")
    assert squash.sub("", "".join(plains)) == squash.sub("", original)


def test_unbalanced_markup_is_detected_by_the_checker() -> None:
    with pytest.raises(EntityParseError):
        parse_html("<b>open")


def test_docs_samples_are_up_to_date() -> None:
    from tests.helpers.docs_samples import DOC, documented_samples, render_samples

    documented = documented_samples(DOC.read_text(encoding="utf-8"))
    assert documented == render_samples(), "run: .venv/bin/python -m tests.helpers.docs_samples"
