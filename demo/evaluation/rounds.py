"""The evaluation demo's rounds: last year's, published, in every community with organizations; this
year's in 幸福里社区, being scored; and the brands, their designations and a street's selection."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils import timezone

from assessment import services
from assessment.evaluation.choices import BrandState
from assessment.models import BrandDesignation, EvaluationEntry, EvaluationRound, Selection, ServiceProject
from registry.models import Organization, Region

from .actors import Actors
from .plan import OrganizationPlan, ballots, indicator_scores

IN_PROGRESS = "990101001001"  # 幸福里社区, the community of the demo account community_a
SELECTING_STREET = "990101001000"  # 江滨街道
REVOKED_IN = "990101002"  # 望湖街道: one of its brands was revoked


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _score_round(
    evaluation_round: EvaluationRound, plans: Mapping[int, OrganizationPlan], committee, *, share: float = 1.0
):
    """Ballots for every organization, then the committee's scores for the first ``share`` of them."""
    entries = list(
        EvaluationEntry.objects.unrestricted().filter(round=evaluation_round).select_related("organization")
    )
    for entry in entries:
        services.entry_record_votes(
            actor=committee,
            round_id=evaluation_round.pk,
            organization_id=entry.organization_id,
            votes=ballots(entry.organization.name, plans[entry.organization_id].base),
        )
    services.round_move(actor=committee, round_id=evaluation_round.pk, action="start_scoring")
    for entry in entries[: round(len(entries) * share)]:
        services.entry_score(
            actor=committee,
            round_id=evaluation_round.pk,
            organization_id=entry.organization_id,
            scores=indicator_scores(entry.organization.name, plans[entry.organization_id].base),
        )


def seed_rounds(communities: list[str], plans: Mapping[int, OrganizationPlan], actors: Actors) -> int:
    """Last year's round in every community with organizations, scored, reviewed and published in
    February of this year."""
    today = timezone.localdate()
    year = today.year - 1
    published = 0
    for number, code in enumerate(communities):
        if EvaluationRound.objects.unrestricted().filter(community_id=code, year=year).exists():
            continue
        committee = actors.committee(code)
        evaluation_round = services.round_open(actor=committee, community_code=code, year=year)
        _score_round(evaluation_round, plans, committee)
        services.round_move(actor=committee, round_id=evaluation_round.pk, action="submit")
        services.round_move(
            actor=actors.street(code), round_id=evaluation_round.pk, action="publish", review_note="审核通过"
        )
        day = min(today, datetime.date(today.year, 2, 10 + number % 15))
        EvaluationRound.objects.unrestricted().filter(pk=evaluation_round.pk).update(
            opened_at=_moment(datetime.date(year, 12, 1)),
            submitted_at=_moment(day - datetime.timedelta(days=7)),
            published_at=_moment(day),
        )
        published += 1
    return published


def seed_round_in_progress(plans: Mapping[int, OrganizationPlan], actors: Actors) -> None:
    """This year's round of 幸福里社区: ballots in, half of the organizations scored."""
    year = timezone.localdate().year
    if EvaluationRound.objects.unrestricted().filter(community_id=IN_PROGRESS, year=year).exists():
        return
    committee = actors.committee(IN_PROGRESS)
    evaluation_round = services.round_open(actor=committee, community_code=IN_PROGRESS, year=year)
    _score_round(evaluation_round, plans, committee, share=0.5)


def seed_brands(organizations: list[Organization], actors: Actors) -> int:
    """Each brand organization of the city designated by the office that manages it, in April; one
    brand of 望湖街道 revoked since."""
    today = timezone.localdate()
    designated_on = min(today, datetime.date(today.year, 4, 15))
    already = set(BrandDesignation.objects.unrestricted().values_list("organization_id", flat=True))
    created = 0
    for organization in organizations:
        if not organization.is_brand or organization.pk in already:
            continue
        data = {
            "year": designated_on.year,
            "designated_on": designated_on,
            "reason": f"{organization.name}年度评议优秀，服务成效突出，群众认可度高。",
        }
        services.brand_designate(
            actor=actors.brand_office(organization), organization_id=organization.pk, data=data
        )
        created += 1
    revocable = next(
        (
            o
            for o in organizations
            if o.is_brand and o.community_id.startswith(REVOKED_IN) and o.tier != "registered"
        ),
        None,
    )
    if created and revocable is not None:
        designation = BrandDesignation.objects.unrestricted().get(
            organization=revocable, state=BrandState.ACTIVE
        )
        services.brand_revoke(
            actor=actors.brand_office(revocable),
            designation_id=designation.pk,
            reason="负责人变更后活动明显减少，经街道复核撤销品牌认定。",
        )
    return created


def seed_selection(actors: Actors) -> None:
    """江滨街道's selection of last year's brands and model project cases, with its results."""
    today = timezone.localdate()
    street = Region.objects.unrestricted().get(code=SELECTING_STREET)
    title = f"{today.year - 1}年度江滨街道品牌社区社会组织和优秀典型项目案例评选"
    if Selection.objects.unrestricted().filter(region=street, title=title).exists():
        return
    office = actors.streets.get(SELECTING_STREET, actors.admin)
    held_on = min(today, datetime.date(today.year, 3, 20))
    selection = services.selection_record(
        actor=office,
        data={
            "title": title,
            "year": today.year - 1,
            "held_on": held_on,
            "note": "经社区推荐、街道评审产生。",
        },
    )
    brands = BrandDesignation.objects.unrestricted().filter(
        organization__community__code__startswith="990101001", state=BrandState.ACTIVE
    )
    for designation in brands[:3]:
        services.award_record(
            actor=office,
            selection_id=selection.pk,
            data={"kind": "brand", "organization": designation.organization_id},
        )
    projects = ServiceProject.objects.unrestricted().filter(
        organization__community__code__startswith="990101001"
    )
    for project in projects.order_by("-beneficiaries")[:2]:
        services.award_record(
            actor=office,
            selection_id=selection.pk,
            data={
                "kind": "project",
                "organization": project.organization_id,
                "project": project.pk,
                "title": "优秀典型项目案例",
            },
        )
