"""The rule kinds of DOMAIN §7, each with its parameters, evaluation and roll-up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError

from registry.choices import RegionLevel, Tier

from ..choices import Outcome, RuleKind
from ..errors import AssessmentCode
from . import sources
from .area_rules import IncubationBases, StreetFederation
from .party_building import PartyBuilding
from .rules import Facts, Need, Param, Result, RuleType, Vocabulary, round1, share

URBAN_TARGET = Param("urban", "城市社区目标", default=0, maximum=500)
RURAL_TARGET = Param("rural", "农村社区目标", default=0, maximum=500)


def no_data(source: str) -> Result:
    return Result(Outcome.NO_DATA, f"无数据：{sources.missing_reason(source)}")


class CategoryCoverage(RuleType):
    """5+X: at least one active organization in each listed category and N of the featured kind;
    Taicang counts high-quality organizations only (具有较高质量的…各不少于1个)."""

    kind = RuleKind.CATEGORY_COVERAGE
    params = (
        Param("categories", "须覆盖的类别", kind="categories", default=None),
        Param("featured_min", "特色类组织至少", default=1, maximum=50),
        Param("high_quality_only", "只计较高质量组织", kind="bool", default=False),
    )

    def clean(self, raw: Mapping[str, Any], vocabulary: Vocabulary) -> dict[str, Any]:
        raw = dict(raw)
        if raw.get("categories") is None:
            raw["categories"] = list(vocabulary.core)
        return super().clean(raw, vocabulary)

    def sources(self, params: Mapping[str, Any]) -> tuple[str | Need, ...]:
        if not params["high_quality_only"]:
            return ()
        by_category = tuple(Need.of(sources.HIGH_QUALITY, category=code) for code in params["categories"])
        return (*by_category, Need.of(sources.HIGH_QUALITY, featured=True))

    def describe(self, params: Mapping[str, Any], vocabulary: Vocabulary) -> str:
        names = "、".join(vocabulary.label(code) for code in params["categories"])
        featured = f"，特色类不少于 {params['featured_min']} 个" if params["featured_min"] else ""
        quality = "较高质量的" if params["high_quality_only"] else ""
        return f"每个社区在{names}中各有不少于 1 个{quality}在册组织{featured}"

    def counts(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> tuple[dict, int]:
        """Organizations per listed category and of the featured kind: all, or the high-quality ones."""
        if params["high_quality_only"]:
            by_category = {
                code: facts.count(Need.of(sources.HIGH_QUALITY, category=code))
                for code in params["categories"]
            }
            return by_category, facts.count(Need.of(sources.HIGH_QUALITY, featured=True))
        featured = sum(facts.by_category.get(code, 0) for code in vocabulary.featured)
        return dict(facts.by_category), featured

    def evaluate(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> Result:
        by_category, featured = self.counts(params, facts, vocabulary)
        missing = [code for code in params["categories"] if not by_category.get(code)]
        featured_short = featured < params["featured_min"]
        target = len(params["categories"]) + bool(params["featured_min"])
        value = target - len(missing) - featured_short
        if not missing and not featured_short:
            return Result(Outcome.PASS, "类别齐全", value=value, target=target)
        lacking = [vocabulary.label(code) for code in missing] + (["特色类"] if featured_short else [])
        codes = missing + (["featured"] if featured_short else [])
        quality = "较高质量的" if params["high_quality_only"] else ""
        return Result(
            Outcome.FAIL,
            f"缺{quality}{'、'.join(lacking)}",
            value=value,
            target=target,
            detail={"missing": codes},
        )

    def tally(self, tally: Counter, result: Result, facts: Facts) -> None:
        super().tally(tally, result, facts)
        for code in result.detail.get("missing", ()):
            tally[f"missing:{code}"] += 1

    def summarize(self, params: Mapping[str, Any], tally: Counter, vocabulary: Vocabulary) -> Result:
        result = super().summarize(params, tally, vocabulary)
        missing = {key.split(":", 1)[1]: n for key, n in tally.items() if key.startswith("missing:")}
        result.detail["missing"] = dict(sorted(missing.items(), key=lambda item: (-item[1], item[0])))
        return result


class AverageOrganizations(RuleType):
    """Urban and rural communities each average at least N organizations (optionally high-quality)."""

    kind = RuleKind.AVERAGE_ORGANIZATIONS
    params = (
        URBAN_TARGET,
        RURAL_TARGET,
        Param("high_quality_only", "只计较高质量组织", kind="bool", default=False),
    )

    def sources(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        return (sources.HIGH_QUALITY,) if params["high_quality_only"] else ()

    def describe(self, params: Mapping[str, Any], vocabulary: Vocabulary) -> str:
        what = "较高质量的社区社会组织" if params["high_quality_only"] else "社区社会组织"
        return f"城市社区平均不少于 {params['urban']} 个、农村社区平均不少于 {params['rural']} 个{what}"

    def count(self, params: Mapping[str, Any], facts: Facts) -> int:
        if params["high_quality_only"]:
            return facts.count(sources.HIGH_QUALITY)
        return facts.organizations

    def evaluate(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> Result:
        target = params["urban"] if facts.urban else params["rural"]
        value = self.count(params, facts)
        outcome = Outcome.PASS if value >= target else Outcome.FAIL
        return Result(outcome, f"{value} 个（目标 {target}）", value=value, target=target)

    def tally(self, tally: Counter, result: Result, facts: Facts) -> None:
        kind = "urban" if facts.urban else "rural"
        tally[f"{kind}_communities"] += 1
        tally[f"{kind}_organizations"] += int(result.value or 0)

    def summarize(self, params: Mapping[str, Any], tally: Counter, vocabulary: Vocabulary) -> Result:
        parts, detail, failing = [], {}, False
        total_n = total_orgs = total_target = 0
        for kind, label in (("urban", "城市"), ("rural", "农村")):
            n, orgs = tally[f"{kind}_communities"], tally[f"{kind}_organizations"]
            if not n:
                continue
            average = round1(orgs / n)
            detail[kind] = {"average": average, "target": params[kind], "communities": n}
            failing |= orgs < params[kind] * n
            parts.append(f"{label} {average}/{params[kind]}")
            total_n, total_orgs, total_target = (
                total_n + n,
                total_orgs + orgs,
                total_target + params[kind] * n,
            )
        if not total_n:
            return Result(Outcome.NOT_APPLICABLE, "无评估对象")
        outcome = Outcome.FAIL if failing else Outcome.PASS
        value, target = round1(total_orgs / total_n), round1(total_target / total_n)
        return Result(outcome, "，".join(parts), value=value, target=target, detail=detail)


class BrandOrganizations(RuleType):
    """Brand organizations per community (Beijing: 每个社区培育不少于2个) and per street (一街多品);
    a target of 0 is not assessed."""

    kind = RuleKind.BRAND_ORGANIZATIONS
    params = (
        Param("minimum", "每个社区品牌组织至少", default=2, minimum=0, maximum=50),
        Param("street_minimum", "每个街道（乡镇）品牌组织至少", default=0, minimum=0, maximum=500),
    )

    def clean(self, raw: Mapping[str, Any], vocabulary: Vocabulary) -> dict[str, Any]:
        cleaned = super().clean(raw, vocabulary)
        if not cleaned["minimum"] and not cleaned["street_minimum"]:
            raise ValidationError(
                {
                    "minimum": ValidationError(
                        "社区和街道（乡镇）的品牌组织目标至少填写一项", code=AssessmentCode.INVALID_PARAM
                    )
                }
            )
        return cleaned

    def describe(self, params: Mapping[str, Any], vocabulary: Vocabulary) -> str:
        parts = []
        if params["minimum"]:
            parts.append(f"每个社区培育不少于 {params['minimum']} 个品牌社区社会组织")
        if params["street_minimum"]:
            parts.append(f"每个街道（乡镇）不少于 {params['street_minimum']} 个（一街多品）")
        return "，".join(parts)

    def evaluate(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> Result:
        minimum = params["minimum"]
        if not minimum:
            return Result(Outcome.INFO, f"{facts.brands} 个", value=facts.brands)
        outcome = Outcome.PASS if facts.brands >= minimum else Outcome.FAIL
        return Result(outcome, f"{facts.brands} 个（目标 {minimum}）", facts.brands, minimum)

    def tally(self, tally: Counter, result: Result, facts: Facts) -> None:
        super().tally(tally, result, facts)
        tally[f"street:{facts.code[:9]}"] += facts.brands

    def summarize(self, params: Mapping[str, Any], tally: Counter, vocabulary: Vocabulary) -> Result:
        communities = super().summarize(params, tally, vocabulary) if params["minimum"] else None
        if not params["street_minimum"]:
            return communities  # type: ignore[return-value]
        streets = self.street_result(params["street_minimum"], tally)
        if communities is None or communities.outcome == Outcome.NOT_APPLICABLE:
            return streets
        failing = Outcome.FAIL in (communities.outcome, streets.outcome)
        communities.outcome = Outcome.FAIL if failing else Outcome.PASS
        communities.text = f"{communities.text}；{streets.text}"
        communities.detail["streets"] = {"value": streets.value, "target": streets.target}
        return communities

    @staticmethod
    def street_result(minimum: int, tally: Counter) -> Result:
        brands = [n for key, n in tally.items() if key.startswith("street:")]
        if len(brands) == 1:
            outcome = Outcome.PASS if brands[0] >= minimum else Outcome.FAIL
            return Result(outcome, f"本街道品牌组织 {brands[0]} 个（目标 {minimum}）", brands[0], minimum)
        met = sum(n >= minimum for n in brands)
        outcome = Outcome.PASS if met == len(brands) else Outcome.FAIL
        text = f"{share(met, len(brands))}个街道（乡镇）品牌组织达到 {minimum} 个"
        return Result(outcome, text, value=met, target=len(brands))


class SocialWorkers(RuleType):
    kind = RuleKind.SOCIAL_WORKERS
    params = (URBAN_TARGET, RURAL_TARGET)

    def sources(self, params: Mapping[str, Any]) -> tuple[str, ...]:
        return (sources.SOCIAL_WORKERS,)

    def describe(self, params: Mapping[str, Any], vocabulary: Vocabulary) -> str:
        return f"每个城市社区有 {params['urban']} 名以上、每个农村社区有 {params['rural']} 名以上社会工作人才"

    def evaluate(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> Result:
        value = facts.counts.get(sources.SOCIAL_WORKERS) or 0
        target = params["urban"] if facts.urban else params["rural"]
        outcome = Outcome.PASS if value >= target else Outcome.FAIL
        return Result(outcome, f"{value} 名（目标 {target}）", value=value, target=target)


class AnnualActivity(RuleType):
    """Every organization carries out a service project and its leaders attend a training each year.

    "A year" is the twelve months up to the report date, so a report dated in January still sees
    last year's projects and trainings; the rule's own numbers are handed to the measure."""

    kind = RuleKind.ANNUAL_ACTIVITY
    params = (
        Param("projects", "每个组织每年服务项目至少", default=1, minimum=1, maximum=20),
        Param("trainings", "负责人每年参加培训至少", default=1, minimum=1, maximum=20),
    )

    def need(self, params: Mapping[str, Any]) -> Need:
        return Need.of(sources.ANNUAL_ACTIVITY, projects=params["projects"], trainings=params["trainings"])

    def sources(self, params: Mapping[str, Any]) -> tuple[str | Need, ...]:
        return (self.need(params),)

    def describe(self, params: Mapping[str, Any], vocabulary: Vocabulary) -> str:
        return (
            f"每个组织每年开展不少于 {params['projects']} 个服务项目，"
            f"负责人及骨干每年参加不少于 {params['trainings']} 次能力培训（统计日前12个月）"
        )

    def evaluate(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> Result:
        if not facts.organizations:  # nobody to meet it: not a pass by default
            return Result(Outcome.NOT_APPLICABLE, "无在册组织")
        meeting = facts.count(self.need(params))
        outcome = Outcome.PASS if meeting >= facts.organizations else Outcome.FAIL
        text = f"{share(meeting, facts.organizations)}个组织达到要求"
        return Result(outcome, text, value=meeting, target=facts.organizations)


class Tracking(RuleType):
    """The national plan's figures, tracked without a target."""

    kind = RuleKind.TRACKING
    anchor = RegionLevel.COMMUNITY

    def describe(self, params: Mapping[str, Any], vocabulary: Vocabulary) -> str:
        return "统计监测：按管理方式、类别和城乡分类统计社区社会组织数量"

    def evaluate(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> Result:
        return self.text_of(facts.organizations, facts.by_tier)

    def tally(self, tally: Counter, result: Result, facts: Facts) -> None:
        tally["organizations"] += facts.organizations
        for tier, n in facts.by_tier.items():
            tally[f"tier:{tier}"] += n

    def summarize(self, params: Mapping[str, Any], tally: Counter, vocabulary: Vocabulary) -> Result:
        by_tier = {tier: tally[f"tier:{tier}"] for tier in Tier.values}
        return self.text_of(tally["organizations"], by_tier)

    @staticmethod
    def text_of(total: int, by_tier: Mapping[str, int]) -> Result:
        tiers = "，".join(f"{Tier(tier).label} {by_tier.get(tier, 0)}" for tier in Tier.values)
        return Result(Outcome.INFO, f"共 {total} 个（{tiers}）", value=total)


RULE_TYPES: dict[str, RuleType] = {
    rule_type.kind: rule_type
    for rule_type in (
        CategoryCoverage(),
        AverageOrganizations(),
        BrandOrganizations(),
        SocialWorkers(),
        StreetFederation(),
        IncubationBases(),
        AnnualActivity(),
        PartyBuilding(),
        Tracking(),
    )
}
