"""The rule kinds a quota policy is built from.

A rule is evaluated at its *anchor* level (community, street or district) from that region's
facts, then summed up the tree: each rule keeps a tally over the anchor regions below an area
and turns it into the area's result. Levels below the anchor have no result for the rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError

from registry.choices import RegionLevel

from ..choices import Outcome, RuleKind
from ..errors import AssessmentCode


@dataclass(frozen=True)
class Need:
    """A measure a rule reads (``core.measures``), with the parameters its provider is asked with: the
    annual-activity rule asks for organizations with N projects and M trainings, the 5+X rule for the
    high-quality organizations of one category. The engine asks each distinct need once and files
    the figures under its ``key``."""

    name: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, name: str, **params: Any) -> Need:
        return cls(name, tuple(sorted(params.items())))

    @property
    def key(self) -> str:
        """The measure's name, and its parameters when it has some (``annual_activity?projects=1``)."""
        if not self.params:
            return self.name
        return self.name + "?" + "&".join(f"{name}={value}" for name, value in self.params)


def need_of(source: str | Need) -> Need:
    """A rule names a measure by name alone when it asks it without parameters."""
    return source if isinstance(source, Need) else Need(source)


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

    def count(self, source: str | Need) -> int:
        """A measure's figure for this region (0 where the measure counted nothing here)."""
        return self.counts.get(need_of(source).key) or 0


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


def percent(part: float, whole: float) -> int:
    """A share in whole percent, halves rounded up: the one rounding rule of every figure shown
    (16/24 → 67%, 3/7 → 43%), on cards, in tables and in exports alike."""
    if not whole:
        return 0
    exact = Decimal(str(part)) * 100 / Decimal(str(whole))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def share(met: int, total: int) -> str:
    return f"{met}/{total}（{percent(met, total)}%）" if total else "0/0"


def round1(value: float) -> float:
    return round(value + 1e-9, 1)


class RuleType:
    kind: ClassVar[RuleKind]
    anchor: ClassVar[RegionLevel] = RegionLevel.COMMUNITY
    params: ClassVar[tuple[Param, ...]] = ()
    unit: ClassVar[str] = "个社区"

    def sources(self, params: Mapping[str, Any]) -> tuple[str | Need, ...]:
        """The measures the rule needs besides the organization register: by name, or as a ``Need``
        carrying the parameters the measure is to be asked with."""
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
