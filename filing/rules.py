"""The configurable rules of filing: deadlines in working days and the filing conditions.

Defaults come from the local rules the platform ships with (DOMAIN.md §4); a deployment
changes them with FILING_* settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class FilingRules:
    opinion_working_days: int = 5  # the community committee's first opinion
    decision_working_days: int = 10  # the street's decision, counted from the opinion
    change_working_days: int = 7  # a change must be filed within this many working days of the fact
    deregistration_days: int = 30  # calendar days after dissolving
    certificate_years: int = 3
    renewal_notice_days: int = 60  # renewal (换发) is reminded this many days before expiry
    min_members: int = 10
    # Dormancy (僵尸型): no work report to the community for this many years running.
    no_report_years: int = 2
    due_soon_working_days: int = 2
    # Organization forms a name may end with: place + community + field + form (社/站/队/中心/组 …).
    name_suffixes: tuple[str, ...] = (
        "社",
        "站",
        "队",
        "中心",
        "组",
        "协会",
        "理事会",
        "会",
        "团",
        "室",
        "坊",
        "班",
    )
    # Not community social organizations, whatever else they are (DOMAIN.md §4).
    excluded_name_words: tuple[str, ...] = (
        "业主委员会",
        "业委会",
        "居民委员会",
        "村民委员会",
        "居委会",
        "村委会",
        "公司",
        "有限",
        "商行",
        "门市",
    )


def current_rules() -> FilingRules:
    overrides = getattr(settings, "FILING_RULES", {}) or {}
    return FilingRules(**overrides)
