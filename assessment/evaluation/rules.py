"""The configurable rules of work reports and the annual evaluation.

Defaults follow the policy texts (DOMAIN.md §6); a deployment changes them with the
``EVALUATION_RULES`` setting. The rubric and the grade thresholds are configured per area as data
(``EvaluationScheme``), not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from .choices import Grade, PeriodKind


@dataclass(frozen=True)
class EvaluationRules:
    # How often organizations report to their community, and how long after a period ends a
    # missing report is shown as overdue on the workbench.
    report_period: str = PeriodKind.HALF
    report_grace_days: int = 30
    # High quality (较高质量): this grade or better in the last published round …
    high_quality_grade: str = Grade.GOOD
    # … of the as-of year or the year before it (a round of 2025, published early 2026, holds
    # through 2026; a grade older than that no longer counts).
    high_quality_years: int = 2
    # Activities listed in one work report, at most.
    max_activities: int = 50


def current_rules() -> EvaluationRules:
    overrides = getattr(settings, "EVALUATION_RULES", {}) or {}
    return EvaluationRules(**overrides)
