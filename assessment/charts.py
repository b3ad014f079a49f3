"""The data the quota dashboards draw with ECharts (assessment/static/assessment/dashboard.js):
plain lists and numbers read from a snapshot's rows, handed to the page with ``json_script``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from registry.choices import RegionLevel, UrbanRural

from .choices import Outcome, RuleKind
from .models import QuotaReportRow
from .selectors import TrendPoint

OUTCOME_COLORS = {
    Outcome.PASS: "#198754",
    Outcome.FAIL: "#dc3545",
    Outcome.NO_DATA: "#adb5bd",
    Outcome.INFO: "#0d6efd",
    Outcome.NOT_APPLICABLE: "#e9ecef",
}


def rule_of_kind(rules: Iterable[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    return next((rule for rule in rules if rule["kind"] == kind), None)


def average_chart(rules: list[dict[str, Any]], children: list[QuotaReportRow]) -> dict[str, Any] | None:
    """Urban and rural averages per child region against the targets of the averages rule."""
    rule = rule_of_kind(rules, RuleKind.AVERAGE_ORGANIZATIONS)
    if rule is None or not children:
        return None
    names, urban, rural = [], [], []
    for child in children:
        result = child.results.get(rule["key"]) or {}
        detail = result.get("detail") or {}
        if child.level == RegionLevel.COMMUNITY:
            is_rural = child.urban_rural == UrbanRural.RURAL
            urban.append(None if is_rural else result.get("value"))
            rural.append(result.get("value") if is_rural else None)
        else:
            urban.append(detail.get("urban", {}).get("average"))
            rural.append(detail.get("rural", {}).get("average"))
        names.append(child.region.name)
    if not any(value is not None for value in urban + rural):
        return None
    return {
        "regions": names,
        "urban": urban,
        "rural": rural,
        "urbanTarget": rule["params"].get("urban"),
        "ruralTarget": rule["params"].get("rural"),
        "highQuality": bool(rule["params"].get("high_quality_only")),
    }


def heat_chart(rules: list[dict[str, Any]], children: list[QuotaReportRow]) -> dict[str, Any] | None:
    """Child regions × rules, each cell the outcome's index into ``Outcome``."""
    index = {outcome.value: position for position, outcome in enumerate(Outcome)}
    shown = [rule for rule in rules if any(rule["key"] in child.results for child in children)]
    if not shown:
        return None
    cells = [
        {"value": [x, y, index[result["outcome"]]], "text": result["text"]}
        for y, child in enumerate(children)
        for x, rule in enumerate(shown)
        if (result := child.results.get(rule["key"]))
    ]
    return {
        "regions": [child.region.name for child in children],
        "rules": [rule["label"] for rule in shown],
        "cells": cells,
    }


def percent_met(result: dict[str, Any] | None) -> float | None:
    if not result or result["outcome"] not in (Outcome.PASS, Outcome.FAIL):
        return None
    value, target = result.get("value"), result.get("target")
    if value is None or not target:
        return None
    return min(100.0, round(value * 100 / target, 1))


def trend_chart(
    rules: list[dict[str, Any]], points: list[TrendPoint], community: bool
) -> dict[str, Any] | None:
    """Per rule with a target: the share met (%) over the snapshots; averages (or, without an
    averages rule, the number of organizations) as counts on a second axis."""
    if len(points) < 2:
        return None
    series = []
    for rule in rules:
        results = [point.results.get(rule["key"]) for point in points]
        if rule["kind"] == RuleKind.TRACKING:
            continue
        if rule["kind"] == RuleKind.AVERAGE_ORGANIZATIONS and not community:
            for kind, label in (("urban", "城市社区平均"), ("rural", "农村社区平均")):
                data = [((r or {}).get("detail") or {}).get(kind, {}).get("average") for r in results]
                series.append({"name": label, "axis": 1, "data": data})
        elif rule["kind"] == RuleKind.AVERAGE_ORGANIZATIONS:
            series.append({"name": "组织数", "axis": 1, "data": [(r or {}).get("value") for r in results]})
        else:
            series.append({"name": rule["label"], "axis": 0, "data": [percent_met(r) for r in results]})
    if not any(line["axis"] == 1 for line in series):
        series.append({"name": "在册组织数", "axis": 1, "data": [point.organizations for point in points]})
    series = [line for line in series if any(value is not None for value in line["data"])]
    return {"dates": [point.as_of.isoformat() for point in points], "series": series}


def chart_data(
    rules: list[dict[str, Any]],
    children: list[QuotaReportRow],
    points: list[TrendPoint],
    community: bool,
) -> dict[str, Any]:
    return {
        "outcomes": [
            {"value": outcome.value, "label": outcome.label, "color": OUTCOME_COLORS[outcome]}
            for outcome in Outcome
        ],
        "averages": average_chart(rules, children),
        "heat": heat_chart(rules, children),
        "trend": trend_chart(rules, points, community),
    }
