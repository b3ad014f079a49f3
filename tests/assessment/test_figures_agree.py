"""Numbers that agree: one rounding rule for every share shown, and no community counted as meeting
an indicator it has no data for."""

import pytest

from assessment.choices import Outcome
from assessment.quota.engine import Row
from assessment.quota.rules import percent, share
from assessment.templatetags.quota import as_percent, percent_of
from registry.choices import RegionLevel


@pytest.mark.parametrize(
    ("part", "whole", "shown"),
    [(16, 24, 67), (3, 7, 43), (1, 8, 13), (2, 3, 67), (1, 3, 33), (0, 5, 0), (5, 5, 100), (4, 0, 0)],
)
def test_a_share_is_rounded_half_up_to_whole_percent_everywhere(part, whole, shown):
    assert percent(part, whole) == shown
    assert percent_of(part, whole) == shown  # the cards and tables
    if whole:
        assert share(part, whole).endswith(f"（{shown}%）")  # the rules' own texts


def test_a_gap_reads_in_the_same_whole_percent():
    assert as_percent(0.245) == 25 and as_percent(0.6667) == 67 and as_percent(None) == 0


def community(*outcomes: str) -> Row:
    return Row(
        code="990101001001",
        level=RegionLevel.COMMUNITY,
        parent_code="990101001000",
        urban_rural="urban",
        organizations=3,
        results={f"r{n}": {"outcome": outcome} for n, outcome in enumerate(outcomes)},
    )


def test_an_indicator_without_data_keeps_a_community_from_meeting_all():
    assert community(Outcome.PASS, Outcome.PASS).meets_all
    assert community(Outcome.PASS, Outcome.INFO, Outcome.NOT_APPLICABLE).meets_all
    assert not community(Outcome.PASS, Outcome.NO_DATA).meets_all
    assert not community(Outcome.PASS, Outcome.FAIL).meets_all
    assert not community(Outcome.INFO).meets_all  # nothing with a target was met
