"""The /compare chart is a PNG that depends on the claims drawn."""

from __future__ import annotations

import pytest

from bot.render.chart import render_claim_ranges
from feeds.model import CasualtyCount, Category, Claim, Qualifier
from tests.helpers.samples import ARMY, CDRAP
from tests.helpers.telegram import png_size

DENIAL = Claim("Malian army", Category.INJURED, CasualtyCount(0, 0, Qualifier.DENIAL))


def test_chart_is_a_png_sized_for_its_rows() -> None:
    two = render_claim_ranges([CDRAP, ARMY], title="Incident #12")
    three = render_claim_ranges([CDRAP, ARMY, DENIAL], title="Incident #12")
    assert two.startswith(b"\x89PNG\r\n\x1a\n") and three.startswith(b"\x89PNG\r\n\x1a\n")
    (width_two, height_two), (width_three, height_three) = png_size(two), png_size(three)
    assert width_two == width_three == 700
    assert height_three > height_two


def test_chart_changes_with_the_figures() -> None:
    assert render_claim_ranges([CDRAP], title="t") != render_claim_ranges([ARMY], title="t")


def test_one_panel_per_category_and_open_intervals_are_short_arrows() -> None:
    from matplotlib.patches import FancyArrowPatch, Rectangle

    from bot.render.chart import chart_caption, claim_figure

    few = Claim("UN", Category.KILLED, CasualtyCount(2, None, Qualifier.AT_LEAST, "at least 2"))
    many = Claim("JNIM", Category.KILLED, CasualtyCount(301, None, Qualifier.AT_LEAST))
    injured = Claim("UN", Category.INJURED, CasualtyCount(4, 4))
    figure = claim_figure([few, many, injured], title="t", lang="fr")
    killed, wounded = figure.axes
    assert killed.get_title(loc="left") == "tués" and wounded.get_title(loc="left") == "blessés"
    assert killed.get_xlim()[1] > 301 and wounded.get_xlim()[1] < 20  # each its own axis
    bars = [p for p in killed.patches if isinstance(p, Rectangle)]
    assert bars == []  # open intervals are no bars running to the edge
    arrows = [
        a for a in killed.texts if isinstance(getattr(a, "arrow_patch", None), FancyArrowPatch)
    ]
    assert len(arrows) == 2
    spans = sorted((a.xyann[0], a.xy[0]) for a in arrows)  # (start, head) in data units
    assert spans[0][0] == 2 and spans[1][0] == 301  # each starts at its own low
    assert spans[0][1] - spans[0][0] == pytest.approx(spans[1][1] - spans[1][0])  # same length
    assert spans[0][1] < 100  # "at least 2" stays near 2
    caption = chart_caption([few, injured], incident_id=3, lang="en")
    assert caption.startswith("Incident #3: each claimant's figure, one panel per category")
    assert "arrow" in caption
