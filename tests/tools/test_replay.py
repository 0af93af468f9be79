"""The replay (tools/evaluation/replay.py): a corpus served as loopback feeds, polled day by day
by the real pipeline into SQLite, exported as JSONL and scored like ``maliwatch eval``."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import main as cli_main
from feeds.ingest.parse import parse_feed
from tests.helpers.paths import CORPUS
from tools.evaluation.corpus import load_corpus, parse_gold_story
from tools.evaluation.memory import predict_corpus
from tools.evaluation.metrics import score
from tools.evaluation.replay import (
    NOT_STORED,
    STORED_IRRELEVANT,
    STORED_RELEVANT,
    ReplayRun,
    format_summary,
    poll_times,
    prediction_from_export,
    replay_corpus,
)
from tools.evaluation.replay_feeds import feed_language, rss_document
from tools.evaluation.report import format_report
from tools.evaluation.values import ClaimKey, ContradictionKey, GoldStory

OUTLET_A = "https://apnews.com/hub/africa.rss"
OUTLET_B = "https://www.rfi.fr/fr/afrique/rss"
A1_URL = "https://apnews.com/article/mali-lerneb-market-airstrike"


def _gold(relevant: bool = True, **labels: Any) -> dict[str, Any]:
    return {"relevant": relevant, "incidents": [], "claims": [], "contradictions": [], **labels}


def _claim(claimant: str, category: str, low: int, high: int | None, victims: str) -> dict:
    return {"incident": "lerneb", "claimant": claimant, "category": category, "low": low,
            "high": high, "victims": victims}  # fmt: skip


MAIN = [{"key": "lerneb", "role": "main"}]
DISPUTE = [
    {
        "incident": "lerneb",
        "category": "killed",
        "kind": kind,
        "claimants": ["CDRAP", "Malian army"],
    }
    for kind in ("count", "victims")
]
# Two outlets over two days: the strike told in English and in French on day 1 (the French
# story repeats two of the English one's figures), a follow-up on day 2, and on day 2 a
# football story that is not about Mali.
SMALL_CORPUS = [
    {"id": "t-a1", "feed": OUTLET_A, "language": "en", "published": "2026-11-16T09:00:00Z",
     "url": A1_URL + "?utm_source=rss#top",  # the pipeline stores the canonical link
     "title": "Mali: airstrike on a market near Lerneb kills 18, rebels say",
     "text": "An airstrike on a market about 50 kilometers north of Lerneb in Mali's Timbuktu "
             "region on Sunday killed at least 18 civilians, the CDRAP, a Tuareg separatist "
             "group, said on Monday.\n\nMali's army said on X that it had struck a terrorist "
             "refuge in the area and killed 11 terrorists.",
     "gold": _gold(incidents=MAIN, contradictions=DISPUTE, claims=[
         _claim("CDRAP", "killed", 18, None, "civilians"),
         _claim("Malian army", "killed", 11, 11, "militants")])},
    {"id": "t-b1", "feed": OUTLET_B, "language": "fr", "published": "2026-11-16T15:00:00Z",
     "url": "https://www.rfi.fr/fr/afrique/20261116-mali-frappe-foire-lerneb",
     "title": "Mali : une frappe sur une foire au nord de Lerneb",
     "text": "Une frappe de l'armée malienne sur une foire à 50 kilomètres au nord de Lerneb, "
             "dans la région de Tombouctou, a tué au moins 18 civils dimanche, selon le "
             "CDRAP.\n\nL'armée affirme avoir tué 11 terroristes.",
     "gold": _gold(incidents=MAIN, contradictions=DISPUTE, claims=[
         _claim("CDRAP", "killed", 18, None, "civilians"),
         _claim("Malian army", "killed", 11, 11, "militants")])},
    {"id": "t-a2", "feed": OUTLET_A, "language": "en", "published": "2026-11-17T10:00:00Z",
     "url": "https://apnews.com/article/mali-lerneb-toll-rises",
     "title": "Toll from Mali market airstrike rises to 21, rebels say",
     "text": "The toll from Sunday's airstrike on a market 50 kilometers north of Lerneb in "
             "Mali has risen to 21 dead, the CDRAP said on Tuesday. Nine people were wounded, "
             "the group said.",
     "gold": _gold(incidents=MAIN, claims=[
         _claim("CDRAP", "killed", 21, 21, "civilians"),
         _claim("CDRAP", "injured", 9, 9, "civilians")])},
    {"id": "t-b2", "feed": OUTLET_B, "language": "fr", "published": "2026-11-17T12:00:00Z",
     "url": "https://www.rfi.fr/fr/afrique/20261117-football-senegal",
     "title": "Football : le Sénégal bat la Côte d'Ivoire",
     "text": "Le Sénégal a battu la Côte d'Ivoire deux buts à un mardi à Dakar en match "
             "amical. Sadio Mané a marqué le second but.",
     "gold": _gold(relevant=False)},
]  # fmt: skip


def small_stories() -> list[GoldStory]:
    stories = [parse_gold_story(row) for row in SMALL_CORPUS]
    return sorted(stories, key=lambda gold: (gold.story.published, gold.id))


@pytest.fixture(scope="module")
def small_run() -> ReplayRun:
    return replay_corpus(small_stories())


# ── the feeds ───────────────────────────────────────────────────────────────────────────────


def test_a_feed_round_trip_keeps_each_story_as_the_corpus_has_it() -> None:
    stories = [g for g in small_stories() if g.story.feed_url == OUTLET_A]
    body = rss_document(OUTLET_A, stories, language=feed_language(stories))
    fetched = datetime(2026, 11, 17, 23, 59, 59, tzinfo=UTC)

    parsed = parse_feed(body, feed_url="http://127.0.0.1:1/feeds/1.xml", fetched=fetched)

    assert [s.guid for s in parsed.stories] == ["t-a2", "t-a1"]  # newest first, guid = id
    by_guid = {s.guid: s for s in parsed.stories}
    for gold in stories:
        story = by_guid[gold.id]
        assert story.text == gold.story.text  # paragraphs survive as <p>
        assert story.title == gold.story.title
        assert story.published == gold.story.published
        assert story.language == "en"
    assert by_guid["t-a1"].url == A1_URL  # tracking parameter and fragment gone


def test_a_feed_declares_a_language_only_when_its_stories_share_one() -> None:
    stories = small_stories()
    assert feed_language(s for s in stories if s.story.feed_url == OUTLET_B) == "fr"
    assert feed_language(stories) is None
    assert b"<language>" not in rss_document(OUTLET_A, stories, language=None)


def test_polls_run_at_the_end_of_each_publication_day_or_after_each_story() -> None:
    stories = small_stories()
    assert poll_times(stories) == [
        datetime(2026, 11, 16, 23, 59, 59, tzinfo=UTC),
        datetime(2026, 11, 17, 23, 59, 59, tzinfo=UTC),
    ]
    assert poll_times(stories, "story") == [g.story.published for g in stories]
    with pytest.raises(ValueError, match="schedule"):
        poll_times(stories, "hour")


# ── the whole replay on a small corpus ──────────────────────────────────────────────────────


def test_the_replay_predicts_relevance_links_claims_and_contradictions(
    small_run: ReplayRun,
) -> None:
    stories = small_run.prediction.stories
    assert {sid: p.relevant for sid, p in stories.items()} == {
        "t-a1": True, "t-b1": True, "t-a2": True, "t-b2": False,
    }  # fmt: skip
    ((incident, role),) = stories["t-a1"].links
    assert role == "main"
    assert stories["t-b1"].links == stories["t-a2"].links == ((incident, "main"),)
    assert stories["t-b2"].links == () and stories["t-b2"].claims == ()

    strike_18 = ClaimKey("cdrap", "killed", 18, None, "civilians")
    army_11 = ClaimKey("malian army", "killed", 11, 11, "militants")
    # The French story repeats two English figures: one export claim with two sources each,
    # and both stories get them.
    assert set(stories["t-a1"].claims) == {
        strike_18,
        army_11,
        ClaimKey("cdrap", "killed", 18, 18, "civilians"),  # the headline
    }
    assert set(stories["t-b1"].claims) == {strike_18, army_11}
    assert set(stories["t-a2"].claims) == {
        ClaimKey("cdrap", "killed", 21, 21, "civilians"),
        ClaimKey("cdrap", "injured", 9, 9, "civilians"),
    }
    pair = frozenset({"cdrap", "malian army"})
    assert set(small_run.prediction.contradictions) == {
        ContradictionKey(incident, "killed", "count", pair),
        ContradictionKey(incident, "killed", "victims", pair),
    }
    assert all(x.languages == {"en", "fr"} for x in small_run.prediction.contradictions)
    assert small_run.fates == {
        "t-a1": STORED_RELEVANT, "t-b1": STORED_RELEVANT, "t-a2": STORED_RELEVANT,
        "t-b2": STORED_IRRELEVANT,
    }  # fmt: skip
    assert small_run.polls == 2 and small_run.poll_totals["feeds_ok"] == 4


def test_a_claim_read_in_two_stories_is_one_export_claim_with_two_sources(
    small_run: ReplayRun,
) -> None:
    (incident,) = small_run.export_lines
    shared = [c for c in incident["claims"] if len(c["sources"]) > 1]
    assert {c["claimant"] for c in shared} == {"CDRAP", "Malian army"}
    assert all(c["sources"][0] == A1_URL for c in shared)


def test_the_replay_scores_like_the_in_memory_eval_on_the_small_corpus(
    small_run: ReplayRun,
) -> None:
    stories = small_stories()
    replayed = format_report(score(stories, small_run.prediction, "small"))
    in_memory = format_report(score(stories, predict_corpus(stories), "small"))
    assert replayed.splitlines() == in_memory.splitlines()
    assert "tp 6, fp 1, fn 0" in replayed  # the headline's "kills 18" is read as exact 18
    assert "grouping (B-cubed)         all     1.000  1.000  1.000" in replayed


def test_the_summary_counts_and_names_no_story(small_run: ReplayRun) -> None:
    summary = format_summary(small_run)
    assert "4 stories, 2 polls, 1 incidents and 0 loose stories exported" in summary
    assert f"{STORED_RELEVANT}: 3" in summary and f"{NOT_STORED} (" in summary
    for row in SMALL_CORPUS:  # safe on a held-out split: no id, no link, no title
        assert row["id"] not in summary
        assert row["url"].split("?")[0] not in summary
        assert row["title"] not in summary


# ── reading an export (pure) ────────────────────────────────────────────────────────────────


def _export_claim(claimant: str, low: int, sources: list[str]) -> dict[str, Any]:
    return {"claimant": claimant, "category": "killed", "low": low, "high": low,
            "victims": "civilians", "story_url": sources[0], "sources": sources}  # fmt: skip


def test_prediction_from_export_reads_incidents_and_loose_stories() -> None:
    stories = small_stories()
    b1 = "https://www.rfi.fr/fr/afrique/20261116-mali-frappe-foire-lerneb"
    a2 = "https://apnews.com/article/mali-lerneb-toll-rises"
    lines = [
        {"id": 7,
         "stories": [{"url": A1_URL, "role": "main"}, {"url": b1, "role": "other"},
                     {"url": "https://elsewhere.example/x", "role": "main"}],
         "claims": [_export_claim("CDRAP", 18, [A1_URL, b1]),
                    _export_claim("Malian army", 11, [b1])],
         "contradictions": [{"kind": "count", "category": "killed", "claims": [0, 1]}]},
        {"incident": None, "story": {"url": a2, "claims": [_export_claim("CDRAP", 21, [a2])]}},
    ]  # fmt: skip

    prediction = prediction_from_export(stories, lines)

    p = prediction.stories
    assert p["t-a1"].links == ((7, "main"),) and p["t-b1"].links == ((7, "other"),)
    assert p["t-a1"].claims == (ClaimKey("cdrap", "killed", 18, 18, "civilians"),)
    assert set(p["t-b1"].claims) == {
        ClaimKey("cdrap", "killed", 18, 18, "civilians"),
        ClaimKey("malian army", "killed", 11, 11, "civilians"),
    }
    assert p["t-a2"].relevant and p["t-a2"].links == ()
    assert p["t-a2"].claims == (ClaimKey("cdrap", "killed", 21, 21, "civilians"),)
    assert not p["t-b2"].relevant
    (dispute,) = prediction.contradictions
    assert dispute == ContradictionKey(7, "killed", "count", frozenset({"cdrap", "malian army"}))
    # the languages of the stories that brought either claimant's claim: a1 (en), b1 (fr)
    assert dispute.languages == {"en", "fr"}


# ── the dev split: the replay against the in-memory evaluation ──────────────────────────────

# On dev the in-memory evaluation scores claims F1 0.995 and grouping 1.000; the replay 0.986 and
# 1.000. The whole gap is explained (and checked below): claims that the pipeline stores with
# no incident for a story that is also linked to an incident (a recalled, unknown event's
# figures) appear in no export line. 0.02 allows about four such claims out of dev's 106 and
# no more: reading only ``story_url`` instead of every claim's ``sources`` fails it.
DEV_TOLERANCE = 0.02


@pytest.fixture(scope="module")
def dev_runs() -> tuple[list[GoldStory], Any, ReplayRun]:
    stories = load_corpus(CORPUS / "dev.jsonl")
    return stories, predict_corpus(stories), replay_corpus(stories)


def test_the_dev_replay_is_close_to_the_in_memory_eval(
    dev_runs: tuple[list[GoldStory], Any, ReplayRun],
) -> None:
    stories, in_memory, run = dev_runs
    memory_scores = score(stories, in_memory).by_language["all"]
    replay_scores = score(stories, run.prediction).by_language["all"]
    assert replay_scores.relevance == memory_scores.relevance
    assert abs(replay_scores.claims.f1 - memory_scores.claims.f1) < DEV_TOLERANCE
    assert abs(replay_scores.grouping.f1 - memory_scores.grouping.f1) < DEV_TOLERANCE
    assert set(run.fates.values()) <= {STORED_RELEVANT, STORED_IRRELEVANT}


def test_every_claim_the_dev_replay_misses_is_one_the_export_cannot_show(
    dev_runs: tuple[list[GoldStory], Any, ReplayRun],
) -> None:
    stories, in_memory, run = dev_runs
    missing = {
        gold.id: {c.strict() for c in in_memory.stories[gold.id].claims}
        - {c.strict() for c in run.prediction.stories[gold.id].claims}
        for gold in stories
    }
    missing = {sid: keys for sid, keys in missing.items() if keys}
    assert missing  # the known gap: if it closes, tighten DEV_TOLERANCE
    for sid, keys in missing.items():
        assert keys <= {c.strict() for c in run.unexported_claims.get(sid, ())}, sid
    for gold in stories:  # and the replay invents no claim the analysis did not make
        replayed = {c.strict() for c in run.prediction.stories[gold.id].claims}
        assert replayed <= {c.strict() for c in in_memory.stories[gold.id].claims}, gold.id


# ── the command line ────────────────────────────────────────────────────────────────────────


def test_maliwatch_eval_replay_prints_the_same_table_as_maliwatch_eval(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MALIWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    corpus = tmp_path / "small.jsonl"
    corpus.write_text("".join(json.dumps(row) + "\n" for row in SMALL_CORPUS), encoding="utf-8")

    assert cli_main(["eval", str(corpus)]) == 0
    in_memory = capsys.readouterr().out
    assert cli_main(["eval", "--replay", str(corpus)]) == 0
    replayed = capsys.readouterr().out

    assert "grouping (B-cubed)" in replayed
    assert replayed == in_memory
