"""The evaluation builder: work reports, projects, trainings, rounds, brands, in one go."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.db.models import Count, Q

from assessment.evaluation.choices import Grade
from assessment.models import BrandDesignation, EvaluationEntry, ServiceProject, TrainingAttendee, WorkReport
from demo.city import CITY_PREFIX
from demo.seeding import Part
from registry.models import Organization

from .activity import seed_party_leaders, seed_projects, seed_reports, seed_trainings
from .actors import actors
from .plan import PARTIAL, community_profiles, organization_plan
from .rounds import seed_brands, seed_round_in_progress, seed_rounds, seed_selection


def seed_evaluation() -> Part:
    """Seed the evaluation part of the demo (see ``demo.evaluation``); needs the demo city and its
    accounts (``seed_city``, ``seed_filing``)."""
    who = actors()
    organizations = list(
        Organization.objects.unrestricted()
        .active()
        .filter(community__code__startswith=CITY_PREFIX)
        .select_related("community", "category")
        .order_by("community_id", "name_pinyin", "pk")
    )
    profiles = community_profiles()
    plans = {
        o.pk: organization_plan(o.name, profiles.get(o.community_id, PARTIAL), brand=o.is_brand)
        for o in organizations
    }
    communities = sorted({o.community_id for o in organizations})
    seed_party_leaders(organizations, plans, who)
    seed_reports(organizations, plans, who)
    seed_projects(organizations, plans, who)
    seed_trainings(organizations, plans, who)
    seed_rounds(communities, plans, who)
    seed_round_in_progress(plans, who)
    seed_brands(organizations, who)
    seed_selection(who)
    return Part(summary=summary_lines)


def summary_lines() -> Sequence[str]:
    in_city = Q(organization__community__code__startswith=CITY_PREFIX)
    entries = EvaluationEntry.objects.unrestricted().filter(in_city)
    grades = Counter(entries.filter(round__state="published").values_list("grade", flat=True))
    rounds = entries.values("round__state").annotate(n=Count("round", distinct=True))
    by_state = {row["round__state"]: row["n"] for row in rounds}
    spread = "，".join(f"{Grade(grade).label} {grades.get(grade, 0)}" for grade in Grade.values)
    published = by_state.pop("published", 0)
    brands = Counter(BrandDesignation.objects.unrestricted().filter(in_city).values_list("state", flat=True))
    reports = WorkReport.objects.unrestricted().filter(in_city).count()
    projects = ServiceProject.objects.unrestricted().filter(in_city).count()
    trained = TrainingAttendee.objects.unrestricted().filter(region__code__startswith=CITY_PREFIX).count()
    return [
        f"  年度评议：已公布 {published} 个社区（{spread}），进行中 {sum(by_state.values())} 个",
        f"  工作报告：{reports} 份；服务项目：{projects} 个；能力培训：{trained} 人次",
        f"  品牌组织认定：有效 {brands.get('active', 0)} 个，已撤销 {brands.get('revoked', 0)} 个",
    ]
