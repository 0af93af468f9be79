"""The scorer's arithmetic on hand-computed cases, the corpus's shape, the floor on its scores."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from feeds.model import (
    CasualtyCount,
    Category,
    Claim,
    Contradiction,
    ContradictionKind,
    EventDate,
    EventReport,
    EventType,
    Place,
    Qualifier,
    Role,
    Story,
    StoryAnalysis,
)
from feeds.model.outcome import EventOutcome
from tests.helpers.builders import story as build_story
from tests.helpers.paths import CORPUS as CORPUS_DIR
from tools.evaluation.corpus import load_corpus, parse_gold_story
from tools.evaluation.memory import MemoryIncidentStore, predict_corpus
from tools.evaluation.metrics import (
    b_cubed,
    compare_sets,
    contradiction_scores,
    gold_unit_languages,
    map_incidents,
    relevance_score,
    score,
)
from tools.evaluation.report import format_report
from tools.evaluation.run import run_eval
from tools.evaluation.values import (
    BCubed,
    ClaimKey,
    ContradictionKey,
    CorpusPrediction,
    GoldStory,
    Score,
    StoryPrediction,
    normalize_claimant,
)

CORPUS = CORPUS_DIR

# Floors on the corpus scores (F1, all languages, every split), checked by test_corpus_floor.
# SET HERE, conservatively, when the corpus was written (2026-11-24, issue 3). Measured then:
# relevance 0.96-1.0, claims 0.66, grouping 0.92-1.0, contradictions 0.42 (held-out) to 0.73
# (dev). Raise them at integration as the analysis improves; never lower one to let a change pass.
FLOORS = {
    "relevance_f1": 0.5,
    "claims_f1": 0.5,
    "grouping_f1": 0.5,
    "contradictions_f1": 0.3,
}
# dev_extra (issue 3, round 2): just below the scores measured on 2026-11-24 after the
# generalization of events, dates, places and matching (relevance 1.0, claims 0.95, grouping 1.0,
# contradictions 0.92).
SPLIT_FLOORS = {
    # The splits paraphrased from real reporting (issue 10). Measured 2026-12-07 after three
    # rounds of rule work on the real dev splits (maliwatch eval tests/corpus/<split>.jsonl,
    # claims / grouping / contradictions): a 0.791 / 0.909 / 0.684, b 0.832 / 0.957 / 0.895,
    # c 0.782 / 0.882 / 0.500; real_heldout, never read by the rule writers, 0.685 / 0.874 /
    # 0.571 (it was 0.609 / 0.842 / 0.294 before the rules were written for real reporting).
    "real_dev_a": {
        "relevance_f1": 0.99,
        "claims_f1": 0.785,
        "grouping_f1": 0.9,
        "contradictions_f1": 0.67,
    },
    "real_dev_b": {
        "relevance_f1": 0.99,
        "claims_f1": 0.825,
        "grouping_f1": 0.95,
        "contradictions_f1": 0.88,
    },
    "real_dev_c": {
        "relevance_f1": 0.98,
        "claims_f1": 0.775,
        "grouping_f1": 0.87,
        "contradictions_f1": 0.49,
    },
    "real_heldout": {
        "relevance_f1": 0.99,
        "claims_f1": 0.68,
        "grouping_f1": 0.87,
        "contradictions_f1": 0.56,
    },
    # dev_extra2 (issue 3, round 3): below the scores measured on 2026-11-24 after the round-3
    # rules (relevance 1.0, grouping 1.0; claims 0.92 and contradictions 0.82-0.84 while the
    # claims work of the same round was still moving them, hence the wider margin on those two).
    "dev_extra2": {
        "relevance_f1": 0.98,
        "claims_f1": 0.98,
        "grouping_f1": 0.97,
        "contradictions_f1": 0.95,
    },
    # The lead's final measurement, 2026-11-24, after three rounds of rule work (maliwatch eval
    # tests/corpus/<split>.jsonl): dev 1.0 / 0.995 / 1.0 / 1.0 (relevance, claims, grouping,
    # contradictions), held-out 1.0 / 0.861 / 1.0 / 0.818, held-out 2 (written after the rules,
    # read by no rule writer) 1.0 / 0.920 / 1.0 / 0.774. Floors sit just below.
    "dev": {
        "relevance_f1": 0.98,
        "claims_f1": 0.98,
        "grouping_f1": 0.97,
        "contradictions_f1": 0.97,
    },
    "heldout": {
        "relevance_f1": 0.97,
        "claims_f1": 0.84,
        "grouping_f1": 0.97,
        "contradictions_f1": 0.78,
    },
    "heldout2": {
        "relevance_f1": 0.97,
        "claims_f1": 0.9,
        "grouping_f1": 0.97,
        "contradictions_f1": 0.74,
    },
    "dev_extra": {
        "relevance_f1": 0.98,
        "claims_f1": 0.98,
        "grouping_f1": 0.97,
        "contradictions_f1": 0.95,
    },
}


def gold_story(sid: str, *, language: str = "en", **labels: object) -> GoldStory:
    row = {
        "id": sid,
        "feed": "https://www.example-news.com/rss",
        "url": f"https://www.example-news.com/{sid}",
        "title": "",
        "text": "text",
        "published": "2026-11-16T09:00:00Z",
        "language": language,
        "gold": {"relevant": True, **labels},
    }
    return parse_gold_story(row)


# ── precision, recall, F1 ────────────────────────────────────────────────────────────────────


def test_score_with_counts() -> None:
    figure = Score(tp=3, fp=1, fn=2)
    assert figure.precision == pytest.approx(3 / 4)
    assert figure.recall == pytest.approx(3 / 5)
    assert figure.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)


@pytest.mark.parametrize(
    ("figure", "precision", "recall", "f1"),
    [
        (Score(0, 0, 0), 1.0, 1.0, 1.0),  # nothing to find, nothing predicted
        (Score(0, 3, 0), 0.0, 1.0, 0.0),  # only false positives
        (Score(0, 0, 2), 1.0, 0.0, 0.0),  # only misses
    ],
    ids=["empty", "only-fp", "only-fn"],
)
def test_score_zero_denominators(figure: Score, precision: float, recall: float, f1: float) -> None:
    assert (figure.precision, figure.recall, figure.f1) == (precision, recall, f1)


def test_scores_add_up() -> None:
    assert Score(1, 2, 3) + Score(4, 5, 6) == Score(5, 7, 9)


def test_relevance_counts_relevant_as_positive() -> None:
    pairs = [(True, True), (True, False), (False, True), (False, False), (True, True)]
    assert relevance_score(pairs) == Score(tp=2, fp=1, fn=1)


# ── B-cubed ──────────────────────────────────────────────────────────────────────────────────


def test_b_cubed_on_a_known_clustering() -> None:
    gold = {"a": "G1", "b": "G1", "c": "G2", "d": "G2", "e": "G2"}
    predicted = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    # precision: a, b 2/3; c 1/3; d, e 2/2 -> 11/3 / 5. recall: a, b 1; c 1/3; d, e 2/3 -> 11/15.
    figure = b_cubed(gold, predicted)
    assert figure.precision == pytest.approx(11 / 15)
    assert figure.recall == pytest.approx(11 / 15)
    assert (figure.items, figure.gold_clusters, figure.predicted_clusters) == (5, 2, 2)


def test_b_cubed_one_big_cluster_has_full_recall_and_low_precision() -> None:
    gold = {"a": "G1", "b": "G1", "c": "G2", "d": "G2", "e": "G2"}
    figure = b_cubed(gold, dict.fromkeys(gold, 7))
    assert figure.precision == pytest.approx((2 * 2 / 5 + 3 * 3 / 5) / 5)  # 13/25
    assert figure.recall == 1.0


def test_b_cubed_unassigned_items_are_singletons() -> None:
    gold = {"a": "G1", "b": "G1"}
    figure = b_cubed(gold, {"a": 1})
    assert figure.precision == 1.0
    assert figure.recall == pytest.approx(0.5)
    assert figure.predicted_clusters == 2


def test_b_cubed_without_items() -> None:
    assert b_cubed({}, {}) == BCubed()


# ── claims ───────────────────────────────────────────────────────────────────────────────────


def test_claim_matching_with_null_bounds() -> None:
    at_least_18 = ClaimKey("cdrap", "killed", 18, None)
    up_to_16 = ClaimKey("medical sources", "injured", None, 16)
    gold = [at_least_18.strict(), up_to_16.strict()]
    predicted = [
        ClaimKey("cdrap", "killed", 18, None).strict(),  # same open interval: a match
        ClaimKey("medical sources", "injured", 0, 16).strict(),  # 0 is not an open low
        ClaimKey("cdrap", "killed", 18, 18).strict(),  # exact 18 is not "at least 18"
    ]
    assert compare_sets(gold, predicted) == Score(tp=1, fp=2, fn=1)


def test_loose_claim_keys_ignore_the_claimant_and_strict_ones_ignore_victims() -> None:
    gold = ClaimKey("cdrap", "killed", 18, None, "civilians")
    predicted = ClaimKey("malian army", "killed", 18, None, "unspecified")
    assert gold.strict() != predicted.strict()
    assert gold.any_claimant() == predicted.any_claimant()
    same_claimant = ClaimKey("cdrap", "killed", 18, None, "unspecified")
    assert gold.strict() == same_claimant.strict()
    assert gold.with_victims() != same_claimant.with_victims()


def test_joint_claimants_match_in_any_order_and_case() -> None:
    assert normalize_claimant("local officials + CSP-DPA") == normalize_claimant(
        "csp-dpa + Local officials"
    )
    assert normalize_claimant("CDRAP") != normalize_claimant("CDRAP + residents")


def test_claims_are_scored_per_story() -> None:
    claim = {"incident": "x", "claimant": "CDRAP", "category": "killed", "low": 18, "high": None}
    stories = [gold_story("s1", claims=[claim]), gold_story("s2")]
    key = ClaimKey("cdrap", "killed", 18, None)
    # the right claim predicted for the wrong story is a miss in s1 and a false positive in s2
    prediction = CorpusPrediction(
        {"s1": StoryPrediction(True), "s2": StoryPrediction(True, claims=(key,))}
    )
    report = score(stories, prediction)
    assert report.by_language["all"].claims == Score(tp=0, fp=1, fn=1)
    assert [d.story_id for d in report.diffs] == ["s1", "s2"]


# ── contradictions ───────────────────────────────────────────────────────────────────────────


def _contradiction(incident: str, kind: str, *claimants: str) -> dict[str, object]:
    return {"incident": incident, "category": "killed", "kind": kind, "claimants": claimants}


def test_contradiction_pairs_match_unordered_and_incidents_map_by_majority() -> None:
    stories = [
        gold_story(
            "s1",
            incidents=[{"key": "lerneb", "role": "main"}],
            contradictions=[_contradiction("lerneb", "count", "CDRAP", "Malian army")],
        ),
        gold_story("s2", incidents=[{"key": "lerneb", "role": "main"}]),
        gold_story("s3", incidents=[{"key": "other", "role": "main"}]),
    ]
    links = ((1, "main"),)
    prediction = CorpusPrediction(
        {sid: StoryPrediction(True, links=links) for sid in ("s1", "s2", "s3")},
        contradictions=(
            ContradictionKey(1, "killed", "count", frozenset({"malian army", "cdrap"})),
            ContradictionKey(1, "killed", "victims", frozenset({"malian army", "cdrap"})),
        ),
    )
    assert map_incidents(stories, prediction) == {1: "lerneb"}  # two votes against one
    strict, loose, missed, false = contradiction_scores(stories, prediction)
    assert strict == Score(tp=1, fp=1, fn=0)
    assert loose == Score(tp=1, fp=1, fn=0)
    assert [x.kind for x in false] == ["victims"]
    assert missed == []


def test_a_wrong_pair_fails_the_strict_match_only() -> None:
    stories = [
        gold_story(
            "s1",
            incidents=[{"key": "k", "role": "main"}],
            contradictions=[_contradiction("k", "count", "FLA", "Malian army")],
        )
    ]
    prediction = CorpusPrediction(
        {"s1": StoryPrediction(True, links=((4, "main"),))},
        contradictions=(ContradictionKey(4, "killed", "count", frozenset({"fla", "residents"})),),
    )
    strict, loose, missed, _ = contradiction_scores(stories, prediction)
    assert strict == Score(tp=0, fp=1, fn=1)
    assert loose == Score(tp=1, fp=0, fn=0)
    assert [x.incident for x in missed] == ["k"]


def test_any_labelled_pair_of_a_unit_is_accepted_once() -> None:
    stories = [
        gold_story(
            "s1",
            incidents=[{"key": "k", "role": "main"}],
            contradictions=[
                _contradiction("k", "count", "JNIM", "Malian army"),
                _contradiction("k", "count", "security sources", "Malian army"),
            ],
        )
    ]
    prediction = CorpusPrediction(
        {"s1": StoryPrediction(True, links=((1, "main"),))},
        contradictions=(
            ContradictionKey(1, "killed", "count", frozenset({"malian army", "security sources"})),
        ),
    )
    strict, _, _, _ = contradiction_scores(stories, prediction)
    assert strict == Score(tp=1, fp=0, fn=0)  # one unit: (incident, category, kind)


def _killed(incident: str, claimant: str, low: int) -> dict[str, object]:
    return {"incident": incident, "claimant": claimant, "category": "killed", "low": low,
            "high": low}  # fmt: skip


def _two_language_corpus() -> list[GoldStory]:
    """Unit "k" is formed by an English and a French story; unit "m" by English stories only."""
    return [
        gold_story(
            "e1",
            incidents=[{"key": "k", "role": "main"}],
            claims=[_killed("k", "FLA", 9), _killed("k", "Malian army", 3)],
            contradictions=[_contradiction("k", "count", "FLA", "Malian army")],
        ),
        gold_story(
            "f1",
            language="fr",
            incidents=[{"key": "k", "role": "main"}],
            claims=[_killed("k", "FLA", 9)],
        ),
        gold_story(
            "e2",
            incidents=[{"key": "m", "role": "main"}],
            claims=[_killed("m", "JNIM", 20), _killed("m", "residents", 7)],
            contradictions=[_contradiction("m", "count", "JNIM", "residents")],
        ),
        gold_story(  # a French story on "m" whose claim is by no claimant of the dispute
            "f2",
            language="fr",
            incidents=[{"key": "m", "role": "main"}],
            claims=[_killed("m", "MINUSMA", 5)],
        ),
    ]


def test_a_gold_unit_takes_the_languages_of_the_stories_whose_claims_form_it() -> None:
    languages = gold_unit_languages(_two_language_corpus())
    assert languages == {("k", "killed", "count"): {"en", "fr"}, ("m", "killed", "count"): {"en"}}


def test_contradictions_are_scored_per_language() -> None:
    stories = _two_language_corpus()
    links = {"e1": 1, "f1": 1, "e2": 2, "f2": 2}
    both, english = frozenset({"en", "fr"}), frozenset({"en"})
    prediction = CorpusPrediction(
        {sid: StoryPrediction(True, links=((iid, "main"),)) for sid, iid in links.items()},
        contradictions=(
            ContradictionKey(1, "killed", "count", frozenset({"fla", "malian army"}), both),
            # right unit, wrong pair: a strict fp in English only
            ContradictionKey(2, "killed", "count", frozenset({"jnim", "minusma"}), english),
            # a French-only false dispute on "m"
            ContradictionKey(2, "killed", "victims", frozenset({"minusma", "residents"}),
                             frozenset({"fr"})),
        ),
    )  # fmt: skip
    english_strict, english_loose, _, _ = contradiction_scores(stories, prediction, "en")
    french_strict, french_loose, _, _ = contradiction_scores(stories, prediction, "fr")
    every, _, _, _ = contradiction_scores(stories, prediction)
    assert (english_strict, english_loose) == (Score(1, 1, 1), Score(2, 0, 0))
    assert (french_strict, french_loose) == (Score(1, 1, 0), Score(1, 1, 0))
    assert every == Score(tp=1, fp=2, fn=1)
    report = score(stories, prediction)
    assert report.contradictions_by_language["fr"] == (french_strict, french_loose)
    table = format_report(report)
    assert "contradictions             fr      0.500  1.000  0.667   tp 1, fp 1, fn 0" in table
    assert "contradictions (any pair)  en      1.000  1.000  1.000   tp 2, fp 0, fn 0" in table


# ── the in-memory incident store ─────────────────────────────────────────────────────────────


def _story(sid: str) -> Story:
    when = datetime(2026, 11, 17, 6, 30, tzinfo=UTC)
    return build_story(
        sid,
        feed_url="https://f.example/rss",
        guid=sid,
        url=f"https://f.example/{sid}",
        title="t",
        text="x",
        published=when,
        fetched=when,
        content_hash="",
    )


def _claim(claimant: str, low: int, high: int | None) -> Claim:
    return Claim(claimant, Category.KILLED, CasualtyCount(low, high, Qualifier.EXACT))


def _event(role: Role, *claims: Claim) -> EventReport:
    place = Place("Lerneb", admin1="Timbuktu", lat=15.9, lon=-4.6)
    return EventReport(role, EventType.AIRSTRIKE, place, EventDate(date(2026, 11, 15)), claims)


def test_store_opens_joins_and_keeps_background_of_unknown_incidents_aside() -> None:
    store = MemoryIncidentStore()
    cdrap, army = _claim("CDRAP", 18, None), _claim("Malian army", 11, 11)
    dispute = Contradiction(ContradictionKind.COUNT, Category.KILLED, cdrap, army)
    first = store.apply(
        _story("a"),
        [
            EventOutcome(_event(Role.MAIN, cdrap), None),
            EventOutcome(_event(Role.BACKGROUND, army), None, open_incident=False),
        ],
    )
    assert first == ((1, "main"),)
    second = store.apply(
        _story("b"),
        [EventOutcome(_event(Role.MAIN, army, cdrap), 1, new_contradictions=(dispute,))],
    )
    assert second == ((1, "main"),)
    assert [c.claimant for c in store.incidents[1].claims] == ["CDRAP", "Malian army"]
    assert store.incidents[1].story_urls == ("https://f.example/a", "https://f.example/b")
    assert store.contradictions[1] == [dispute]
    assert len(store.incidents) == 1
    assert [x.languages for x in store.contradiction_keys()] == [frozenset({"en"})]


def test_store_keeps_one_contradiction_per_category_and_kind_as_storage_does() -> None:
    store = MemoryIncidentStore()
    cdrap, army, residents = (
        _claim("CDRAP", 18, None),
        _claim("Malian army", 11, 11),
        _claim("residents", 40, 40),
    )
    first = Contradiction(ContradictionKind.COUNT, Category.KILLED, cdrap, army)
    later = Contradiction(ContradictionKind.COUNT, Category.KILLED, residents, army)
    store.apply(_story("a"), [EventOutcome(_event(Role.MAIN, cdrap, army), None, (first,))])
    store.apply(_story("b"), [EventOutcome(_event(Role.MAIN, residents), 1, (later,))])
    assert store.contradictions[1] == [first]  # the later pair adds nothing to the unit
    assert [x.claimants for x in store.contradiction_keys()] == [
        frozenset({"cdrap", "malian army"})
    ]


def test_a_predicted_contradiction_takes_the_languages_of_its_claims_stories() -> None:
    store = MemoryIncidentStore()
    fla, army = _claim("FLA", 9, 9), _claim("Malian army", 3, 3)
    dispute = Contradiction(ContradictionKind.COUNT, Category.KILLED, fla, army)
    french = replace(_story("a"), language="fr")
    store.apply(french, [EventOutcome(_event(Role.MAIN, fla), None)])
    store.apply(_story("b"), [EventOutcome(_event(Role.MAIN, _claim("JNIM", 1, 1)), 1)])
    store.apply(
        _story("c"), [EventOutcome(_event(Role.MAIN, army), 1, new_contradictions=(dispute,))]
    )
    (key,) = store.contradiction_keys()
    assert key.incident == 1 and key.claimants == frozenset({"fla", "malian army"})
    assert key.languages == frozenset({"en", "fr"})  # not from story b: JNIM is not in the pair


def test_predict_corpus_groups_two_reports_of_one_strike() -> None:
    """Real plan_events and match_event over a hand-made analysis of two stories."""
    stories = [gold_story("s1"), gold_story("s2")]
    claims = {"s1": _claim("CDRAP", 18, None), "s2": _claim("Malian army", 11, 11)}

    def analyse(story: Story) -> StoryAnalysis:
        return StoryAnalysis(story, True, ("mali",), (_event(Role.MAIN, claims[story.guid]),))

    prediction = predict_corpus(stories, analyse=analyse)
    assert prediction.stories["s1"].main_incident == prediction.stories["s2"].main_incident
    assert prediction.stories["s2"].claims == (ClaimKey("malian army", "killed", 11, 11),)
    assert {x.kind for x in prediction.contradictions} == {"count"}


def test_a_story_whose_analysis_raises_counts_as_predicting_nothing() -> None:
    def analyse(story: Story) -> StoryAnalysis:
        raise RuntimeError("rule bug")

    prediction = predict_corpus([gold_story("s1")], analyse=analyse)
    assert prediction.stories["s1"] == StoryPrediction(False, error="RuntimeError('rule bug')")
    report = score([gold_story("s1")], prediction)
    assert report.errors == 1
    assert report.by_language["all"].relevance == Score(tp=0, fp=0, fn=1)


# ── the corpus files ─────────────────────────────────────────────────────────────────────────


def test_load_corpus_orders_by_published_and_names_the_bad_line(tmp_path: Path) -> None:
    rows = [
        {"id": "late", "feed": "f", "url": "u2", "text": "t", "published": "2026-11-18T00:00:00Z",
         "gold": {"relevant": False}},
        {"id": "early", "feed": "f", "url": "u1", "text": "t", "published": "2026-11-16T00:00:00Z",
         "gold": {"relevant": True}},
    ]  # fmt: skip
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert [g.id for g in load_corpus(path)] == ["early", "late"]
    path.write_text(json.dumps(rows[0]) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"c\.jsonl:2"):
        load_corpus(path)


SPLITS = [
    "dev",
    "dev_extra",
    "dev_extra2",
    "heldout",
    "heldout2",
    "real_dev_a",
    "real_dev_b",
    "real_dev_c",
    "real_heldout",
]


@pytest.mark.parametrize("split", SPLITS)
def test_corpus_labels_are_consistent(split: str) -> None:
    stories = load_corpus(CORPUS / f"{split}.jsonl")
    for gold in stories:
        keys = {key for key, _ in gold.incidents}
        roles = [role for _, role in gold.incidents]
        assert set(roles) <= {"main", "other", "background"}, gold.id
        assert roles.count("main") <= 1, gold.id
        assert gold.language in {"en", "fr"}, gold.id
        assert gold.relevant or not (gold.incidents or gold.claims), gold.id
        for claim in gold.claims:
            assert claim.category in {"killed", "injured", "abducted", "missing"}, gold.id
            assert claim.low is None or claim.high is None or claim.low <= claim.high, gold.id
        for x in gold.contradictions:
            assert x.incident in keys and len(x.claimants) == 2, gold.id


def test_corpus_splits_hold_different_incidents_and_enough_stories() -> None:
    """No reported incident and no story id is shared between two splits: a held-out split tests
    stories and events the rules were not tuned on (a famous older event may be recalled, as
    background, in more than one)."""
    splits = {name: load_corpus(CORPUS / f"{name}.jsonl") for name in SPLITS}
    keys = {
        name: {key for g in split for key, role in g.incidents if role != "background"}
        for name, split in splits.items()
    }
    for first in SPLITS:
        for second in SPLITS[SPLITS.index(first) + 1 :]:
            assert not keys[first] & keys[second], (first, second)
    every = [g.id for stories in splits.values() for g in stories]
    assert len(every) == len(set(every)) >= 200


# ── the floor on the product's scores ────────────────────────────────────────────────────────


@pytest.mark.parametrize("split", SPLITS)
def test_corpus_floor(split: str) -> None:
    report = run_eval(CORPUS / f"{split}.jsonl")
    every = report.by_language["all"]
    figures = {
        "relevance_f1": every.relevance.f1,
        "claims_f1": every.claims.f1,
        "grouping_f1": every.grouping.f1,
        "contradictions_f1": report.contradictions.f1,
    }
    floors = SPLIT_FLOORS.get(split, FLOORS)
    below = {name: round(value, 3) for name, value in figures.items() if value < floors[name]}
    assert not below, f"{split} below the floors {floors}: {below}\n{format_report(report)}"
