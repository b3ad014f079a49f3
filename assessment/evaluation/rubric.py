"""The rubric's arithmetic: indicators, weights, residents' votes, the final score and the grade.

A rubric is a list of indicators (党建引领, 内部治理 …), each with a weight (the weights add up to 100)
and a maximum score. The community's 两委 scores each indicator from 0 to its maximum; at most one
indicator may take its score from the residents' votes instead (居民满意度): the vote score is the
mean value of the ballots (满意 100, 基本满意 60, 不满意 0 by default), scaled to the indicator's
maximum. Without any ballot the committee scores that indicator like the others.

    final score = Σ weight × score / maximum          (0 … 100)

Every figure shown is rounded half up to one decimal, and what is shown is what is added up and
graded: an indicator score derived from the votes is rounded before it enters the sum, and the
grade is read from the rounded final score, boundaries included (90.0 is 优秀 when 优秀 starts at 90).
Equal final scores share a rank (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from core.errors import Code

from .choices import Grade, Vote
from .errors import EvaluationCode

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)
MAX_INDICATORS = 20


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    weight: Decimal
    max_score: Decimal
    from_votes: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "weight": number(self.weight),
            "max_score": number(self.max_score),
            "from_votes": self.from_votes,
        }


@dataclass(frozen=True)
class Thresholds:
    """The lowest final score of each grade but the last."""

    excellent: Decimal
    good: Decimal
    passing: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"excellent": number(self.excellent), "good": number(self.good), "pass": number(self.passing)}


@dataclass(frozen=True)
class Votes:
    satisfied: int = 0
    basic: int = 0
    unsatisfied: int = 0

    @property
    def total(self) -> int:
        return self.satisfied + self.basic + self.unsatisfied


DEFAULT_INDICATORS = (
    {"code": "party", "name": "党建引领", "weight": 20, "max_score": 100, "from_votes": False},
    {"code": "governance", "name": "内部治理", "weight": 20, "max_score": 100, "from_votes": False},
    {"code": "activities", "name": "活动开展", "weight": 20, "max_score": 100, "from_votes": False},
    {"code": "results", "name": "服务成效", "weight": 20, "max_score": 100, "from_votes": False},
    {"code": "satisfaction", "name": "居民满意度", "weight": 20, "max_score": 100, "from_votes": True},
)
DEFAULT_THRESHOLDS = {"excellent": 90, "good": 75, "pass": 60}
DEFAULT_VOTE_VALUES = {Vote.SATISFIED.value: 100, Vote.BASIC.value: 60, Vote.UNSATISFIED.value: 0}


def number(value: Decimal) -> int | float:
    """A decimal as JSON stores it: an integer when it is whole."""
    return int(value) if value == value.to_integral_value() else float(value)


def rounded(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


# Digits before the point of the largest figure any form here takes (amounts, hours, scores);
# beyond it ``quantize`` to the figure's decimal places would overflow the decimal context.
MAX_INTEGER_DIGITS = 15


def decimal_of(raw: Any) -> Decimal | None:
    """A number as a Decimal (from JSON, a form or an API), or None when it is not one, or is one
    no figure could hold (``1e400``)."""
    if isinstance(raw, bool) or raw is None or raw == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value.adjusted() >= MAX_INTEGER_DIGITS:
        return None
    return value


def has_one_decimal_at_most(value: Decimal) -> bool:
    return value == value.quantize(ONE_DECIMAL)


# -- reading a rubric ---------------------------------------------------------------------------------


def indicators_of(raw: Sequence[Mapping[str, Any]]) -> list[Indicator]:
    """Stored indicators (already checked) as objects."""
    return [
        Indicator(
            code=item["code"],
            name=item["name"],
            weight=Decimal(str(item["weight"])),
            max_score=Decimal(str(item["max_score"])),
            from_votes=bool(item.get("from_votes")),
        )
        for item in raw
    ]


def thresholds_of(raw: Mapping[str, Any]) -> Thresholds:
    return Thresholds(
        excellent=Decimal(str(raw["excellent"])),
        good=Decimal(str(raw["good"])),
        passing=Decimal(str(raw["pass"])),
    )


# -- checking a rubric ----------------------------------------------------------------------------------


def _indicator_errors(position: int, item: Any) -> tuple[Indicator | None, list[str]]:
    if not isinstance(item, Mapping):
        return None, [f"第{position}项指标格式有误"]
    errors = []
    name = str(item.get("name") or "").strip()
    if not name or len(name) > 20:
        errors.append(f"第{position}项指标须填写名称（不超过20个字）")
    weight, top = decimal_of(item.get("weight")), decimal_of(item.get("max_score"))
    if weight is None or not (0 < weight <= HUNDRED) or not has_one_decimal_at_most(weight):
        errors.append(f"第{position}项指标的权重应为大于0、不超过100的数（至多一位小数）")
    if top is None or not (0 < top <= 1000) or not has_one_decimal_at_most(top):
        errors.append(f"第{position}项指标的满分应为大于0、不超过1000的数（至多一位小数）")
    code = slugify(str(item.get("code") or "")).replace("-", "_")[:32] or f"i{position}"
    if errors:
        return None, errors
    return Indicator(code, name, weight, top, bool(item.get("from_votes"))), []  # type: ignore[arg-type]


def clean_indicators(raw: Any) -> list[Indicator]:
    """Indicators checked: named, weighted and capped, codes and names unique, at most one scored
    by the votes, the weights adding up to 100. Raises ValidationError on ``indicators``."""
    if not isinstance(raw, list | tuple) or not raw:
        raise _error("至少设置一项评议指标", EvaluationCode.NO_INDICATORS)
    if len(raw) > MAX_INDICATORS:
        raise _error(f"评议指标不能超过{MAX_INDICATORS}项", EvaluationCode.TOO_MANY)
    indicators, messages = [], []
    for position, item in enumerate(raw, start=1):
        indicator, errors = _indicator_errors(position, item)
        messages += errors
        if indicator is not None:
            indicators.append(indicator)
    if messages:
        raise ValidationError({"indicators": [ValidationError(m, code=Code.INVALID) for m in messages]})
    if len({i.code for i in indicators}) < len(indicators) or len({i.name for i in indicators}) < len(
        indicators
    ):
        raise _error("指标的名称或代码重复", EvaluationCode.DUPLICATE_INDICATOR)
    if sum(i.from_votes for i in indicators) > 1:
        raise _error("至多一项指标按居民评议票数计分", EvaluationCode.VOTE_INDICATORS)
    total = sum((i.weight for i in indicators), Decimal(0))
    if total != HUNDRED:
        raise _error(f"各项指标的权重之和应为100，现为{number(total)}", EvaluationCode.WEIGHTS_SUM)
    return indicators


def clean_thresholds(raw: Any) -> Thresholds:
    """Grade thresholds checked: 0 ≤ 合格 < 良好 < 优秀 ≤ 100. Raises ValidationError on ``thresholds``."""
    values = {
        key: decimal_of(raw.get(key)) if isinstance(raw, Mapping) else None for key in DEFAULT_THRESHOLDS
    }
    if any(value is None or not has_one_decimal_at_most(value) for value in values.values()):
        raise _error("请填写优秀、良好、合格的分数线（至多一位小数）", Code.INVALID, field="thresholds")
    excellent, good, passing = values["excellent"], values["good"], values["pass"]
    if not (Decimal(0) <= passing < good < excellent <= HUNDRED):  # type: ignore[operator]
        raise _error(
            "分数线应满足 0 ≤ 合格 < 良好 < 优秀 ≤ 100", EvaluationCode.THRESHOLDS_ORDER, field="thresholds"
        )
    return Thresholds(excellent, good, passing)  # type: ignore[arg-type]


def clean_vote_values(raw: Any) -> dict[str, int]:
    """The value of each ballot, 0 … 100, 满意 ≥ 基本满意 ≥ 不满意.

    Raises ValidationError on ``vote_values``."""
    values = {key: decimal_of(raw.get(key)) if isinstance(raw, Mapping) else None for key in Vote.values}
    if any(v is None or v != v.to_integral_value() or not 0 <= v <= 100 for v in values.values()):
        raise _error("各类评议票的分值应为0到100的整数", Code.INVALID, field="vote_values")
    if not values["satisfied"] >= values["basic"] >= values["unsatisfied"]:  # type: ignore[operator]
        raise _error(
            "分值应满足 满意 ≥ 基本满意 ≥ 不满意", EvaluationCode.THRESHOLDS_ORDER, field="vote_values"
        )
    return {key: int(value) for key, value in values.items()}  # type: ignore[arg-type]


def _error(message: str, code: str, *, field: str = "indicators") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# -- scoring ------------------------------------------------------------------------------------------


def vote_score(votes: Votes, values: Mapping[str, int]) -> Decimal | None:
    """The ballots' mean value (0 … 100), unrounded; None without any ballot."""
    if not votes.total:
        return None
    points = votes.satisfied * values["satisfied"] + votes.basic * values["basic"]
    points += votes.unsatisfied * values["unsatisfied"]
    return Decimal(points) / Decimal(votes.total)


def indicator_scores(
    indicators: Sequence[Indicator],
    committee: Mapping[str, Any],
    votes: Votes,
    values: Mapping[str, int],
) -> dict[str, Decimal | None]:
    """The score each indicator enters the sum with: the committee's, or for the vote indicator the
    rounded vote score scaled to its maximum when there are ballots; None where none is known."""
    from_ballots = vote_score(votes, values)
    scores: dict[str, Decimal | None] = {}
    for indicator in indicators:
        if indicator.from_votes and from_ballots is not None:
            scores[indicator.code] = rounded(indicator.max_score * from_ballots / HUNDRED)
        else:
            scores[indicator.code] = decimal_of(committee.get(indicator.code))
    return scores


def final_score(indicators: Sequence[Indicator], scores: Mapping[str, Decimal | None]) -> Decimal | None:
    """Σ weight × score / maximum, rounded half up to one decimal; None while a score is missing."""
    if any(scores.get(indicator.code) is None for indicator in indicators):
        return None
    total = sum(
        (i.weight * scores[i.code] / i.max_score for i in indicators),  # type: ignore[operator]
        Decimal(0),
    )
    return rounded(total)


def grade_of(score: Decimal, thresholds: Thresholds) -> Grade:
    if score >= thresholds.excellent:
        return Grade.EXCELLENT
    if score >= thresholds.good:
        return Grade.GOOD
    if score >= thresholds.passing:
        return Grade.PASS
    return Grade.FAIL


def ranks(totals: Mapping[Any, Decimal]) -> dict[Any, int]:
    """Competition ranking: equal scores share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(totals.values(), reverse=True)
    first_place = {}
    for position, score in enumerate(ordered, start=1):
        first_place.setdefault(score, position)
    return {key: first_place[score] for key, score in totals.items()}
