"""Hostile input: an endless "sentence" is cut into bounded pieces, and nothing is lost."""

from __future__ import annotations

import pytest

from feeds.analysis.text import MAX_SENTENCE_CHARS, split_sentences
from feeds.model.folding import fold

LONG_INPUTS = {
    "numbers": "Mali: " + " ".join(str(i % 50) for i in range(3000)),
    "commas": "À Gao, " + ", ".join(f"{i} véhicules" for i in range(900)) + ".",
    "no-spaces": "x" * 5000,
}


@pytest.mark.parametrize("text", LONG_INPUTS.values(), ids=LONG_INPUTS.keys())
def test_long_sentence_is_cut_into_bounded_pieces(text: str) -> None:
    pieces = split_sentences(text)
    assert len(pieces) > 1
    assert all(len(piece) <= MAX_SENTENCE_CHARS for piece in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_ordinary_sentences_are_not_cut() -> None:
    text = "Au moins 18 civils ont été tués dimanche, selon la CDRAP. L'armée parle de 11 morts."
    assert split_sentences(text) == [
        "Au moins 18 civils ont été tués dimanche, selon la CDRAP.",
        "L'armée parle de 11 morts.",
    ]


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Ménaka", "menaka"), ("TOMBOUCTOU", "tombouctou"), ("« Tués »", '" tues "')],
)
def test_fold_keeps_length_and_folds(text: str, folded: str) -> None:
    assert fold(text) == folded
    assert len(fold(text)) == len(text)
