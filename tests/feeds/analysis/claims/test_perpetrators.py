"""The perpetrator is who did it, never who gives the figure (issue 10), in EN and FR.

Every sentence here is invented for the rule it shows.
"""

from __future__ import annotations

import pytest

from feeds.analysis.claims.perpetrators import sentence_perpetrator, story_perpetrators
from tests.helpers.claim_rows import claims_in, make_story

GROUPS = {"separatist": "CSP-DPA", "armed group": "JNIM"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # the agent of a passive or of a noun of the act
        (
            "Eleven herders were shot dead by Malian soldiers near Nara, witnesses said.",
            "Malian army",
        ),
        (
            "Onze éleveurs ont été abattus par des militaires près de Nara, selon des témoins.",
            "Malian army",
        ),
        ("The raid on the fair was claimed by JNIM on Monday.", "JNIM"),
        ("L'embuscade a été revendiquée lundi par le JNIM.", "JNIM"),
        ("The massacre was attributed to the Islamic State in the Sahel.", "IS Sahel"),
        ("Le massacre est imputé à l'État islamique au Sahel par les autorités.", "IS Sahel"),
        # the subject of an attack verb, joint when joined by "and"/"et"
        (
            "A rights group says the army and Wagner killed 40 villagers.",
            "Malian army + Wagner / Africa Corps",
        ),
        (
            "Selon une ONG, l'armée et Wagner ont tué 40 villageois.",
            "Malian army + Wagner / Africa Corps",
        ),
        ("The rebels attacked the camp before dawn.", "CSP-DPA"),
        ("Les rebelles ont attaqué le camp avant l'aube.", "CSP-DPA"),
        # an accusation
        ("Amnesty accused the Malian army of executing nine men.", "Malian army"),
        ("Le collectif accuse l'armée d'avoir exécuté neuf hommes.", "Malian army"),
        # nobody named, or only speakers named: none
        ("Gunmen killed seven traders, the mayor said.", None),
        ("Des hommes armés ont tué sept commerçants, a indiqué le maire.", None),
        ("The army said 12 soldiers were killed.", None),
        ("L'armée a annoncé que douze soldats ont été tués.", None),
    ],
)
def test_sentence_perpetrator(sentence: str, expected: str | None) -> None:
    assert sentence_perpetrator(sentence, GROUPS) == expected


def test_a_sentence_without_one_takes_the_nearest_before_else_the_storys_first() -> None:
    sentences = [
        "Nine villagers were killed, the mayor said.",
        "The attack was claimed by JNIM.",
        "Two more bodies were found later.",
    ]
    assert story_perpetrators(sentences, GROUPS) == ["JNIM", "JNIM", "JNIM"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Human Rights Watch says soldiers and Wagner killed 300 people in the village.", "en"),
        ("Selon Human Rights Watch, des soldats et Wagner ont tué 300 personnes au village.", "fr"),
    ],
)
def test_the_accused_is_the_perpetrator_and_the_speaker_the_claimant(
    text: str, language: str
) -> None:
    [found] = claims_in(make_story(text, language=language))
    assert found.claim.claimant == "Human Rights Watch"
    assert found.claim.perpetrator == "Malian army + Wagner / Africa Corps"
