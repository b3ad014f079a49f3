"""The quarter of the quarterly statistics table: checked on its fields, never in the future."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessment.statistics import (
    last_completed_quarter,
    quarter_of,
    quarterly_statistics,
)
from tests.conftest import Tree

NO_TRAINING = "尚无能力培训记录"


@pytest.mark.parametrize(
    ("year", "quarter", "field", "message"),
    [
        (2025, 5, "quarter", "季度应为1至4"),
        (2025, 0, "quarter", "季度应为1至4"),
        (1999, 1, "year", "年度应在2000年至"),
        (timezone.localdate().year + 1, 1, "year", "年度应在2000年至"),
    ],
)
def test_a_bad_period_is_refused_on_its_field(
    tree: Tree, year: int, quarter: int, field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        quarterly_statistics(region=tree.street_a, year=year, quarter=quarter)

    assert list(raised.value.message_dict) == [field]
    assert raised.value.message_dict[field][0].startswith(message)


def test_a_quarter_that_has_not_begun_is_refused() -> None:
    with pytest.raises(ValidationError) as raised:
        quarter_of(year=2026, quarter=4, today=datetime.date(2026, 8, 1))

    assert raised.value.message_dict == {"quarter": ["所选季度尚未开始"]}
    assert quarter_of(year=2026, quarter=3, today=datetime.date(2026, 8, 1)).start == datetime.date(
        2026, 7, 1
    )


def test_the_last_completed_quarter_crosses_the_year() -> None:
    assert last_completed_quarter(datetime.date(2026, 2, 1)).code == "2025Q4"
    assert last_completed_quarter(datetime.date(2026, 11, 22)).code == "2026Q3"
