"""The rule kinds a quota policy is built from.

A rule is evaluated at its *anchor* level (community, street or district) from that region's
facts, then summed up the tree: each rule keeps a tally over the anchor regions below an area
and turns it into the area's result. Levels below the anchor have no result for the rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.core.exceptions import ValidationError

from registry.choices import RegionLevel

from ..choices import Outcome, RuleKind
from ..errors import AssessmentCode


@dataclass
class Facts:
    """What is known of one region as of the report date; ``None`` means no data."""

    code: str
    level: RegionLevel
    urban: bool = True
    is_township: bool = False
    organizations: int = 0
    brands: int = 0
    by_tier: Mapping[str, int] = field(default_factory=dict)
    by_category: Mapping[str, int] = field(default_factory=dict)
    counts: dict[str, int | None] = field(default_factory=dict)
    # The same sources summed over the region's whole subtree (the region itself included).
    within: dict[str, int] = field(default_factory=dict)


@dataclass
class Result:
    outcome: Outcome
    text: str
    value: float | None = None
    target: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "outcome": str(self.outcome),
            "text": self.text,
            "value": self.value,
            "target": self.target,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    kind: str = "int"  # int | bool | categories | choice
    default: Any = 0
    minimum: int = 0
    maximum: int = 1000
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Category codes and names as configured: the rules name categories by code."""

    names: Mapping[str, str]
    core: tuple[str, ...]
    featured: tuple[str, ...]
    ids: Mapping[int, str] = field(default_factory=dict)

    def label(self, code: str) -> str:
        return self.names.get(code, code)


def share(met: int, total: int) -> str:
    return f"{met}/{total}（{met * 100 // total}%）" if total else "0/0"


def round1(value: float) -> float:
    return round(value + 1e-9, 1)


class RuleType:
    kind: ClassVar[RuleKind]
    anchor: ClassVar[RegionLevel] = RegionLevel.COMMUNITY
    params: ClassVar[tuple[Param, ...]] = ()
    unit: ClassVar[str] = "个社区"

    def sources(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        """Named data sources the rule needs besides the organization register."""
        return ()

    def anchor_for(self, params: Mapping[str, Any]) -> RegionLevel:
        """The level the rule is evaluated at; a rule may let its policy choose it."""
        return self.anchor

    def clean(self, raw: Mapping[str, Any], vocabulary: Vocabulary) -> dict[str, Any]:
        """Parameters checked and completed with defaults; errors are keyed by parameter name."""
        cleaned: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for param in self.params:
            value = raw.get(param.name, param.default)
            try:
                cleaned[param.name] = clean_param(param, value, vocabulary)
            except ValueError as error:
                errors[param.name] = str(error)
        unknown = sorted(set(raw) - {param.name for param in self.params})
        if unknown:
            errors["params"] = f"未知参数：{'、'.join(unknown)}"
        if errors:
            raise ValidationError(
                {
                    name: ValidationError(message, code=AssessmentCode.INVALID_PARAM)
                    for name, message in errors.items()
                }
            )
        return cleaned

    def describe(self, params: Mapping[str, Any], vocabulary: Vocabulary) -> str:
        raise NotImplementedError

    def evaluate(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> Result:
        raise NotImplementedError

    def tally(self, tally: Counter, result: Result, facts: Facts) -> None:
        """Add one anchor region's result to the tally of an area above it."""
        if result.outcome in (Outcome.PASS, Outcome.FAIL):
            tally["total"] += 1
            tally["met"] += result.outcome == Outcome.PASS

    def summarize_area(
        self, params: Mapping[str, Any], tally: Counter, facts: Facts, vocabulary: Vocabulary
    ) -> Result:
        """An area's result above the anchor; by default its tally's alone, whatever the area holds."""
        return self.summarize(params, tally, vocabulary)

    def summarize(self, params: Mapping[str, Any], tally: Counter, vocabulary: Vocabulary) -> Result:
        met, total = tally["met"], tally["total"]
        if not total:
            return Result(Outcome.NOT_APPLICABLE, "无评估对象")
        outcome = Outcome.PASS if met == total else Outcome.FAIL
        return Result(outcome, f"{share(met, total)}{self.unit}达标", value=met, target=total)


def clean_param(param: Param, value: Any, vocabulary: Vocabulary) -> Any:
    if param.kind == "bool":
        if not isinstance(value, bool):
            raise ValueError(f"“{param.label}”应为是或否")
        return value
    if param.kind == "choice":
        if value not in dict(param.choices):
            raise ValueError(f"“{param.label}”应为{'、'.join(label for _, label in param.choices)}之一")
        return value
    if param.kind == "categories":
        if not isinstance(value, list) or not value:
            raise ValueError(f"“{param.label}”至少选择一个类别")
        unknown = [str(code) for code in value if code not in vocabulary.names]
        if unknown:
            raise ValueError(f"“{param.label}”中有未知的类别：{'、'.join(unknown)}")
        return list(dict.fromkeys(value))
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"“{param.label}”应为整数")
    if not param.minimum <= value <= param.maximum:
        raise ValueError(f"“{param.label}”应在 {param.minimum} 到 {param.maximum} 之间")
    return value
