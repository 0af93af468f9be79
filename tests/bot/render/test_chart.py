"""The /compare chart is a PNG that depends on the claims drawn."""

from __future__ import annotations

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
