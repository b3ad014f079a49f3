"""The Party-building coverage rule (Hainan: 党的组织和工作有效覆盖)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from ..choices import Outcome, RuleKind
from . import sources
from .rules import Facts, Need, Param, Result, RuleType, Vocabulary, round1, share


class PartyBuilding(RuleType):
    """Party organizations and Party work reach the organizations (Hainan: 推进党的组织和工作有效覆盖;
    鼓励社区党员担任社区社会组织负责人): the share of a community's organizations with an independent
    or joint Party organization, and with a Party-member leader."""

    kind = RuleKind.PARTY_BUILDING
    params = (
        Param("organizations", "建立党组织（含联合党支部）的组织比例不低于（%）", default=100, maximum=100),
        Param("leaders", "负责人为党员的组织比例不低于（%）", default=0, maximum=100),
    )

    def sources(self, params: Mapping[str, Any]) -> tuple[str | Need, ...]:
        return (sources.PARTY_ORGANIZATIONS, sources.PARTY_LEADERS)

    def describe(self, params: Mapping[str, Any], vocabulary: Vocabulary) -> str:
        text = f"每个社区建立党组织（含联合党支部）的社区社会组织不低于 {params['organizations']}%"
        if params["leaders"]:
            text += f"，负责人为党员的不低于 {params['leaders']}%"
        return text

    def evaluate(self, params: Mapping[str, Any], facts: Facts, vocabulary: Vocabulary) -> Result:
        total = facts.organizations
        if not total:
            return Result(Outcome.NOT_APPLICABLE, "无在册组织")
        covered, leaders = facts.count(sources.PARTY_ORGANIZATIONS), facts.count(sources.PARTY_LEADERS)
        meets = (
            covered * 100 >= params["organizations"] * total and leaders * 100 >= params["leaders"] * total
        )
        text = f"党组织覆盖 {share(covered, total)}"
        if params["leaders"]:
            text += f"，党员负责人 {share(leaders, total)}"
        value = round1(covered * 100 / total)
        detail = {"organizations": total, "covered": covered, "leaders": leaders}
        return Result(Outcome.PASS if meets else Outcome.FAIL, text, value, params["organizations"], detail)

    def tally(self, tally: Counter, result: Result, facts: Facts) -> None:
        super().tally(tally, result, facts)
        for name in ("organizations", "covered", "leaders"):
            tally[name] += result.detail.get(name, 0)

    def summarize(self, params: Mapping[str, Any], tally: Counter, vocabulary: Vocabulary) -> Result:
        result = super().summarize(params, tally, vocabulary)
        if tally["organizations"]:
            result.text += f"；党组织覆盖 {share(tally['covered'], tally['organizations'])}"
            result.detail = {name: tally[name] for name in ("organizations", "covered", "leaders")}
        return result
