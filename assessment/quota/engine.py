"""Evaluating a policy's rules over a jurisdiction, set-based.

A constant number of queries whatever the size of the area: one for the regions, one for the
organization counts of every community (conditional counts grouped by community) and one per
further measure a rule needs, asked once for each distinct set of parameters (``rules.Need``: the
annual-activity rule's own numbers, the high-quality organizations of one category). Everything
above the communities is summed up in memory by
code prefix, so a province of 25,000 communities costs the same handful of queries as a street.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from registry.choices import CategoryGroup, RegionLevel, UrbanRural
from registry.divisions import ancestor_codes
from registry.models import Category, Region

from ..choices import Outcome
from . import sources
from .kinds import RULE_TYPES
from .rules import Facts, Need, Result, Vocabulary, need_of

Progress = Callable[[int, str], None]

# Township-level codes (digits 7–9) from 100 up are towns (镇) and townships (乡), below are
# sub-districts (街道): the statistical division code rule (GB/T 10114).
FIRST_TOWNSHIP_NUMBER = 100


@dataclass(frozen=True)
class FrozenRule:
    """A rule as it was evaluated: kept in the snapshot, so later edits of the policy don't alter it."""

    key: str
    kind: str
    params: Mapping[str, Any]
    label: str
    description: str

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "kind": self.kind,
            "params": dict(self.params),
            "label": self.label,
            "description": self.description,
        }


@dataclass
class Row:
    code: str
    level: RegionLevel
    parent_code: str
    urban_rural: str
    organizations: int
    results: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)

    @property
    def passed(self) -> int:
        return sum(result["outcome"] == Outcome.PASS for result in self.results.values())

    @property
    def failed(self) -> int:
        return sum(result["outcome"] == Outcome.FAIL for result in self.results.values())

    @property
    def meets_all(self) -> bool:
        """Every rule with a target is met (and there is at least one such rule). A rule that could
        not be judged for want of data is not met: an unknown is never counted as a success."""
        outcomes = [result["outcome"] for result in self.results.values()]
        return Outcome.PASS in outcomes and Outcome.FAIL not in outcomes and Outcome.NO_DATA not in outcomes

    @property
    def shortfall(self) -> float:
        """How far the region is from its targets: the mean relative gap over rules with a target."""
        gaps = [gap for result in self.results.values() if (gap := gap_of(result)) is not None]
        return round(sum(gaps) / len(gaps), 4) if gaps else 0.0


def gap_of(result: Mapping[str, Any]) -> float | None:
    if result["outcome"] == Outcome.PASS:
        return 0.0
    if result["outcome"] != Outcome.FAIL:
        return None
    value, target = result["value"], result["target"]
    if value is None or not target:
        return 1.0
    return max(0.0, 1.0 - value / target)


def vocabulary() -> Vocabulary:
    rows = list(Category.objects.values_list("pk", "code", "name", "group", "is_active"))
    return Vocabulary(
        names={code: name for _, code, name, _, _ in rows},
        core=tuple(code for _, code, _, group, active in rows if group == CategoryGroup.CORE and active),
        featured=tuple(code for _, code, _, group, _ in rows if group == CategoryGroup.FEATURED),
        ids={pk: code for pk, code, _, _, _ in rows},
    )


def is_township(code: str) -> bool:
    return int(code[6:9]) >= FIRST_TOWNSHIP_NUMBER


def evaluate(
    rules: Iterable[FrozenRule],
    region: Region,
    as_of: datetime.date,
    progress: Progress | None = None,
) -> list[Row]:
    """Every region of the jurisdiction with each rule's result, communities first."""
    rules = list(rules)
    say = progress or (lambda percent, stage: None)
    words = vocabulary()
    cutoff = sources.cutoff_of(as_of)
    say(5, "读取区划")
    regions = list(
        Region.objects.unrestricted()
        .filter(code__startswith=region.prefix)
        .values_list("code", "level", "parent_id", "urban_rural")
        .order_by("-level", "code")
    )
    # The regions of the report each region rolls up into, worked out once.
    codes = {code for code, *_ in regions}
    areas = {code: [above for above in ancestor_codes(code) if above in codes] for code in codes}
    say(15, "统计组织数量")
    facts = gather_facts(regions, rules, region.prefix, cutoff, words, areas)
    say(60, "逐级评估指标")
    rows = {code: new_row(facts[code], parent, urban_rural) for code, _, parent, urban_rural in regions}
    for rule in rules:
        apply_rule(rule, facts, rows, areas, words)
    say(85, "汇总统计数")
    roll_up_counts(rows, facts, areas)
    return list(rows.values())


def gather_facts(
    regions: list[tuple[str, int, str | None, str]],
    rules: list[FrozenRule],
    prefix: str,
    cutoff: datetime.datetime,
    words: Vocabulary,
    areas: Mapping[str, list[str]],
) -> dict[str, Facts]:
    organizations = sources.organization_counts(prefix, cutoff, words.ids)
    extra = {
        need.key: sources.count_by_region(need.name, prefix, cutoff, dict(need.params))
        for need in needs(rules)
        if sources.is_available(need.name)
    }
    within = {name: subtree_totals(counts, areas) for name, counts in extra.items()}
    facts = {}
    levels = {level: RegionLevel(level) for level in RegionLevel.values}
    for code, level, _, urban_rural in regions:
        orgs = organizations.get(code) or sources.OrganizationCounts()
        facts[code] = Facts(
            code=code,
            level=levels[level],
            urban=urban_rural != UrbanRural.RURAL,
            is_township=level == RegionLevel.STREET and is_township(code),
            organizations=orgs.total,
            brands=orgs.brands,
            by_tier=orgs.by_tier,
            by_category=orgs.by_category,
            counts={name: counts.get(code, 0) for name, counts in extra.items()},
            within={name: totals.get(code, 0) for name, totals in within.items()},
        )
    return facts


def subtree_totals(counts: Mapping[str, int], areas: Mapping[str, list[str]]) -> Counter:
    """Each region's count summed with those of every region below it."""
    totals: Counter = Counter()
    for code, n in counts.items():
        for target in (code, *areas.get(code, ())):
            totals[target] += n
    return totals


def needs(rules: Iterable[FrozenRule]) -> set[Need]:
    """Every distinct measure the rules ask for, each with its parameters: one query each."""
    return {need_of(source) for rule in rules for source in RULE_TYPES[rule.kind].sources(rule.params)}


def new_row(facts: Facts, parent: str | None, urban_rural: str) -> Row:
    return Row(
        code=facts.code,
        level=facts.level,
        parent_code=parent or "",
        urban_rural=urban_rural,
        organizations=facts.organizations,
    )


def apply_rule(
    rule: FrozenRule,
    facts: Mapping[str, Facts],
    rows: dict[str, Row],
    areas: Mapping[str, list[str]],
    words: Vocabulary,
) -> None:
    rule_type = RULE_TYPES[rule.kind]
    anchor = rule_type.anchor_for(rule.params)
    names = [need_of(source).name for source in rule_type.sources(rule.params)]
    missing = [name for name in names if not sources.is_available(name)]
    if missing:
        result = Result(Outcome.NO_DATA, f"无数据：{sources.missing_reason(missing[0])}").as_json()
        for row in rows.values():
            if row.level <= anchor:
                row.results[rule.key] = result
        return
    # Each anchor region is tallied into the nearest area above it only; the areas' tallies are then
    # added up the tree, deepest first (a tally is a sum, so this is the same as tallying into every
    # area above, at a fraction of the calls).
    tallies: dict[str, Counter] = defaultdict(Counter)
    for code, fact in facts.items():
        if fact.level != anchor:
            continue
        result = rule_type.evaluate(rule.params, fact, words)
        rows[code].results[rule.key] = result.as_json()
        if areas[code]:
            rule_type.tally(tallies[areas[code][0]], result, fact)
    above = sorted((code for code, row in rows.items() if row.level < anchor), key=lambda c: -rows[c].level)
    for code in above:
        if areas[code] and code in tallies:
            tallies[areas[code][0]].update(tallies[code])
    for code in above:
        summary = rule_type.summarize_area(rule.params, tallies[code], facts[code], words)
        rows[code].results[rule.key] = summary.as_json()


def roll_up_counts(rows: dict[str, Row], facts: Mapping[str, Facts], areas: Mapping[str, list[str]]) -> None:
    """Every region's tracking counts: its own, plus those of every region below it.

    Regions come deepest first, so each one's total is complete before it is added to the
    nearest region above it."""
    totals: dict[str, dict[str, int]] = defaultdict(dict)
    for code in sorted(facts, key=lambda code: -facts[code].level):
        total = totals[code]
        add_to(total, own_counts(facts[code]))
        if areas[code]:
            add_to(totals[areas[code][0]], total)
    for code, row in rows.items():
        row.counts = dict(totals[code])
        row.organizations = totals[code].get("organizations", 0)


def add_to(total: dict[str, int], counts: Mapping[str, int]) -> None:
    """``Counter.update`` without its cost: zeros are kept as keys, as there."""
    get = total.get
    for name, n in counts.items():
        total[name] = get(name, 0) + n


def own_counts(fact: Facts) -> dict[str, int]:
    counts = {name: n for name, n in fact.counts.items() if n}
    if fact.level != RegionLevel.COMMUNITY:
        return counts
    kind = "urban_communities" if fact.urban else "rural_communities"
    own = {"organizations": fact.organizations, "brands": fact.brands, "communities": 1, kind: 1}
    own.update((f"tier:{tier}", n) for tier, n in fact.by_tier.items() if n)
    own.update((f"category:{code}", n) for code, n in fact.by_category.items() if n)
    add_to(counts, own)
    return counts
