"""`maliwatch demo`: sample templates, the loopback sample server, and the whole run."""

from __future__ import annotations

import io
import os
import re
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from bot.cli.demo import SAMPLE_DIR, SampleFeedServer, render_sample
from bot.settings import load_settings
from feeds.clock import FixedClock
from feeds.ingest.parse import parse_feed

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # a Tuesday

TEMPLATE = """<rss version="2.0"><channel><title>T</title>
<item><title>old</title><pubDate>{{rfc822:50}}</pubDate><link>{{base}}/old</link></item>
<item><title>new on {{weekday_en:26}} / {{jour_fr:26}}</title><pubDate>{{rfc822:2}}</pubDate>
<link>{{base}}/new</link></item>
</channel></rss>"""


def test_render_fills_dates_relative_to_now() -> None:
    xml = render_sample(TEMPLATE, now=NOW, base="http://127.0.0.1:9")
    assert "Tue, 24 Nov 2026 10:00:00 GMT" in xml
    assert "Sun, 22 Nov 2026 10:00:00 GMT" in xml
    assert "new on Monday / lundi" in xml
    assert "http://127.0.0.1:9/new" in xml
    assert "{{" not in xml


def test_render_backlog_edition_leaves_out_recent_items() -> None:
    xml = render_sample(TEMPLATE, now=NOW, base="http://x", min_age_hours=48)
    assert "<title>old</title>" in xml
    assert "new on" not in xml


def test_render_rejects_an_unknown_placeholder() -> None:
    with pytest.raises(ValueError, match="days_ago"):
        render_sample("<a>{{days_ago:3}}</a>", now=NOW, base="http://x")


@pytest.mark.parametrize("path", sorted(SAMPLE_DIR.glob("*.xml")), ids=lambda p: p.name)
def test_every_sample_feed_parses_into_stories(path: Path) -> None:
    xml = render_sample(path.read_text(encoding="utf-8"), now=NOW, base="http://127.0.0.1:1")
    parsed = parse_feed(xml.encode(), feed_url=f"http://127.0.0.1:1/{path.name}", fetched=NOW)
    assert parsed.bozo_error is None
    assert len(parsed.stories) >= 2
    assert all(story.published < NOW for story in parsed.stories)


def test_sample_server_serves_with_etags_on_loopback() -> None:
    with SampleFeedServer(now=NOW) as server:
        url, _name = server.feed_urls()[0]
        assert url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(url, timeout=5) as response:
            etag = response.headers["ETag"]
            assert b"<rss" in response.read()
        request = urllib.request.Request(url, headers={"If-None-Match": etag})
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=5)
        assert caught.value.code == 304
        caught.value.close()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{server.base_url}/../pyproject.toml", timeout=5)
        assert missing.value.code == 404
        missing.value.close()


@pytest.fixture
def demo_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("MALIWATCH_", "TELEGRAM_")):
            monkeypatch.delenv(name)
    return tmp_path


def run_demo_output() -> tuple[int, str]:
    from bot.cli.demo import run_demo

    out = io.StringIO()
    code = run_demo(load_settings(), console=Console(file=out, width=110), clock=FixedClock(NOW))
    return code, out.getvalue()


def test_demo_shows_the_lerneb_incident_and_its_contradiction(demo_dir: Path) -> None:
    code, output = run_demo_output()

    assert code == 0
    assert (demo_dir / "data" / "demo.db").exists()
    assert "Lerneb" in output
    assert "CDRAP" in output and "Malian army" in output
    assert re.search(r"contradict", output, re.IGNORECASE)
    assert "21" in output  # CDRAP's toll update
    assert re.search(r"alerts sent\s+[1-9]", output)


def test_demo_is_repeatable(demo_dir: Path) -> None:
    first = run_demo_output()[1]
    second = run_demo_output()[1]

    def counts(text: str) -> list[str]:
        return re.findall(r"(?:stories new|incidents new|alerts sent)\s+(\d+)", text)

    assert counts(first) == counts(second)
    assert counts(first)


def test_demo_reads_like_an_analyst_expects(demo_dir: Path) -> None:
    """Outlets by their own domains (the feeds are on loopback, the links are not), each claim
    once with its sources, edits as one line, and plain Mali news only counted in the digest."""
    _, output = run_demo_output()
    alerts = output.split("summary")[0]
    card = alerts.split("message 2")[0]

    assert "127.0.0.1" not in alerts.split("cycle 2: alerts", 1)[1]
    # "The Tuareg rights group ... said seven other people were wounded": CDRAP's, not the outlet's
    # (Radio Tombouctou's "au moins 18 morts et sept blessés" shares the qualifier: 7+, §2)
    assert re.search(r"• CDRAP : (?:7 → )?(?:au moins )?7 “sept” blessés civils", card)
    # "seven" (wire) and "sept" [7+] (radio) are one statement worded two ways, not an update
    assert re.search(r"• CDRAP : \S+ → ", card) is None
    assert "CDRAP · blessés" not in alerts
    # "three of the wounded had died" is an increment inside the new toll of 21, not a toll
    assert "→ three" not in card
    assert re.search(r"• tués : 11 à 21 · estimation la plus prudente 11", card)
    # the headline says it all (MALIWATCH_LANGUAGE defaults to French): type, place, toll, dispute
    assert "Frappe aérienne — 50 km au N de Lerneb (Tombouctou) · 11 à 21 tués" in card
    assert re.search(r"^🚨 Frappe aérienne .* · 11 à 21 tués.* · contesté$", card, re.MULTILINE)
    assert re.search(r"• residents : ", card) is None  # "La CDRAP maintient son bilan" is CDRAP's
    assert "sahel-wire.example <https://www.sahel-wire.example/" in card
    claims = [line for line in card.splitlines() if line.startswith("• ")]
    assert len(claims) == len(set(claims))
    assert re.search(r"• CDRAP : au moins 18 → .*21.* tués civils .* · \d sources", card)
    assert re.search(r"✎ card #1 updated: \d+ sources, \d+ claims", alerts)
    assert "Relevant story" not in alerts and "📰 Article" not in alerts
    assert "cotton" not in output and "rentrée" not in output
    assert re.search(r"📰 [1-9] autres? articles? sur le Mali", output)
