"""Rules judged per street or district rather than per community: a federation in every street, and
incubation bases in every district or street."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from registry.choices import RegionLevel

from ..choices import Outcome, RuleKind
from . import sources
from .rules import Facts, Param, Result, RuleType, Vocabulary, share


class StreetFederation(RuleType):
    """A federation in every street; townships where possible (Beijing) or also required."""

    kind = RuleKind.STREET_FEDERATION
    anchor = RegionLevel.STREET
    unit = "个街道（乡镇）"
    params = (
        Param(
            "townships",
            "乡镇",
            kind="choice",
            default="optional",
            choices=(("optional", "具备条件的乡镇建立"), ("required", "乡镇也须建立")),
        ),
    )

    def sources(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        return (sources.FEDERATIONS,)

    def describe(self, params: Mapping[str, Any], vocabulary: Vocabulary) -> str:
        if params["townships"] == "required":
            return "每个街道和乡镇成立社区社会组织联合会"
        return "每个街道成立社区社会组织联合会，具备条件的乡镇也成立"

    def tally(self, tally: Counter, result: Result, facts: Facts) -> None:
        super().tally(tally, result, facts)
        tally["townships_without"] += result.outcome == Outcome.INFO

    def summarize(self, params: Mapping[str, Any], tally: Counter, vocabulary: Vocabulary) -> Result:
        result = super().summarize(params, tally, vocabulary)
        waiting = tally["townships_without"]
        if not waiting:
            return result
        note = f"{waiting} 个乡镇尚未成立（具备条件的建立）"
        if result.outcome == Outcome.NOT_APPLICABLE:
            return Result(Outcome.INFO, note, value=0)
        result.text = f"{result.text}；另有{note}"
        return result

    def evaluate(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> Result:
        if facts.counts.get(sources.FEDERATIONS):
            return Result(Outcome.PASS, "已成立联合会", value=1, target=1)
        if facts.is_township and params["townships"] == "optional":
            return Result(Outcome.INFO, "乡镇，尚未成立联合会（具备条件的建立）", value=0)
        return Result(Outcome.FAIL, "尚未成立联合会", value=0, target=1)


class IncubationBases(RuleType):
    """Incubation bases operating on the report's day in every district (Jinzhong: 每县至少1-2个) or in
    every street (Beijing: 街道乡镇级培育孵化机构). A region's bases are those of its level and below
    (a county's street bases serve it too); a base above the anchor level counts for its own area."""

    kind = RuleKind.INCUBATION_BASES
    anchor = RegionLevel.DISTRICT
    unit = "个区县"
    LEVELS = {
        "district": (RegionLevel.DISTRICT, "个区县", "每个县（区、市）"),
        "street": (RegionLevel.STREET, "个街道（乡镇）", "每个街道（乡镇）"),
    }
    params = (
        Param("minimum", "孵化基地至少", default=1, minimum=1, maximum=20),
        Param(
            "level",
            "评估层级",
            kind="choice",
            default="district",
            choices=(("district", "每个区县"), ("street", "每个街道（乡镇）")),
        ),
    )

    def sources(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        return (sources.INCUBATION_BASES,)

    def anchor_for(self, params: Mapping[str, Any]) -> RegionLevel:
        return self.LEVELS[params.get("level", "district")][0]

    def describe(self, params: Mapping[str, Any], vocabulary: Vocabulary) -> str:
        each = self.LEVELS[params.get("level", "district")][2]
        return f"{each}建有不少于 {params['minimum']} 个社区社会组织孵化基地"

    def evaluate(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> Result:
        value = facts.within.get(sources.INCUBATION_BASES) or 0
        outcome = Outcome.PASS if value >= params["minimum"] else Outcome.FAIL
        return Result(
            outcome, f"{value} 个（目标 {params['minimum']}）", value=value, target=params["minimum"]
        )

    def summarize_area(
        self, params: Mapping[str, Any], tally: Counter, facts: Facts, vocabulary: Vocabulary
    ) -> Result:
        met, total = tally["met"], tally["total"]
        if not total:
            return Result(Outcome.NOT_APPLICABLE, "无评估对象")
        unit = self.LEVELS[params.get("level", "district")][1]
        outcome = Outcome.PASS if met == total else Outcome.FAIL
        result = Result(outcome, f"{share(met, total)}{unit}达标", value=met, target=total)
        own = facts.counts.get(sources.INCUBATION_BASES) or 0
        if own:
            result.text += f"；另有{RegionLevel(facts.level).label}级孵化基地 {own} 个"
            result.detail["own_bases"] = own
        return result
