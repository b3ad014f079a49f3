"""The annual evaluation (两委评估评议): a community's round for a year, one table of transitions.

    (open) → open ─start_scoring→ scoring ─submit→ review ─publish→ published
                                                     │  ↑
                                              return │  │ resubmit (corrected)
                                                     ↓  │
                                                   returned

The community's 两委 opens the round over its active organizations, enters the residents' ballots
(满意 / 基本满意 / 不满意) and scores the rubric; submitting computes every organization's final
score, grade and rank (``assessment.evaluation.rubric``) and sends the round to the street, which
publishes it or returns it for correction. Published grades are kept per year and decide who counts
as high quality (较高质量). The ballots and scores of each organization: ``assessment.services.entries``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import Code
from core.permissions import require
from core.trail import record
from core.workflow import Place, StepContext, Transition, Workflow
from registry.choices import OrganizationStatus
from registry.models import Organization, Region, User

from ..evaluation import rubric
from ..evaluation.choices import EvaluationAction
from ..evaluation.choices import RoundState as S
from ..evaluation.errors import EvaluationCode
from ..evaluation.periods import EARLIEST_YEAR
from ..evaluation.permissions import COMMUNITY, STREET, round_parts
from ..evaluation.schemes import applicable_scheme
from ..models import EvaluationEntry, EvaluationRound


def round_subject(evaluation_round: EvaluationRound) -> str:
    return f"{evaluation_round.year}年度评议：{evaluation_round.community.name}"


def _check_year(year: Any) -> int:
    today = timezone.localdate()
    if isinstance(year, bool) or not isinstance(year, int) or not EARLIEST_YEAR <= year <= today.year:
        raise ValidationError(
            {
                "year": ValidationError(
                    "评议年度应在%(first)s年至%(last)s年之间",
                    code=EvaluationCode.YEAR_OUT_OF_RANGE,
                    params={"first": EARLIEST_YEAR, "last": today.year},
                )
            }
        )
    return year


@transaction.atomic
def round_open(*, actor: User, community_code: str, year: Any, ip: str | None = None) -> EvaluationRound:
    """Open a community's round for a year over its active organizations, with the rubric that
    applies to the community (copied into the round).

    Raises Region.DoesNotExist outside the actor's scope, Denied for other roles, ValidationError for
    a year outside 2000 … this year, a year already opened or a community without organizations."""
    require(actor, "evaluation.open_round", message="只有社区（村）“两委”可以开启年度评议")
    community = Region.objects.for_user(actor).get(pk=community_code)
    if not community.is_community:
        raise ValidationError({"community": ValidationError("请选择社区或村", code=Code.INVALID)})
    year = _check_year(year)
    if EvaluationRound.objects.unrestricted().filter(community=community, year=year).exists():
        raise ValidationError(
            {
                "year": ValidationError(
                    "本社区%(year)s年度的评议已开启",
                    code=EvaluationCode.DUPLICATE_ROUND,
                    params={"year": year},
                )
            }
        )
    organizations = list(
        Organization.objects.unrestricted()
        .filter(community=community, status=OrganizationStatus.ACTIVE)
        .values_list("pk", flat=True)
    )
    if not organizations:
        raise ValidationError(
            {
                "community": ValidationError(
                    "本社区没有在册组织，无需评议", code=EvaluationCode.NO_ORGANIZATIONS
                )
            }
        )
    scheme = applicable_scheme(community)
    evaluation_round = EvaluationRound.objects.create(
        community=community,
        year=year,
        scheme=scheme,
        indicators=scheme.indicators if scheme else [dict(i) for i in rubric.DEFAULT_INDICATORS],
        thresholds=scheme.thresholds if scheme else dict(rubric.DEFAULT_THRESHOLDS),
        vote_values=scheme.vote_values if scheme else dict(rubric.DEFAULT_VOTE_VALUES),
        opened_by=actor,
    )
    EvaluationEntry.objects.bulk_create(
        EvaluationEntry(round=evaluation_round, organization_id=pk) for pk in organizations
    )
    record(
        actor=actor,
        action=EvaluationAction.ROUND_OPENED,
        subject=evaluation_round,
        region=community.code,
        label=round_subject(evaluation_round),
        to_state=S.OPEN,
        ip=ip,
        details={"organizations": len(organizations), "scheme": scheme.name if scheme else ""},
    )
    return evaluation_round


# -- results ---------------------------------------------------------------------------------------------


def entry_breakdown(evaluation_round: EvaluationRound, entry: EvaluationEntry) -> dict[str, Any]:
    """An entry's scores as they enter the sum, and the final score and grade they give (None while
    incomplete): what pages show before the round is submitted."""
    indicators = rubric.indicators_of(evaluation_round.indicators)
    votes = rubric.Votes(entry.votes_satisfied, entry.votes_basic, entry.votes_unsatisfied)
    used = rubric.indicator_scores(indicators, entry.scores, votes, evaluation_round.vote_values)
    total = rubric.final_score(indicators, used)
    grade = (
        rubric.grade_of(total, rubric.thresholds_of(evaluation_round.thresholds))
        if total is not None
        else None
    )
    return {"scores": used, "final": total, "grade": grade}


def compute_results(evaluation_round: EvaluationRound) -> None:
    """Every entry's final score, grade and rank; refuses while any organization is not fully scored."""
    entries = list(
        EvaluationEntry.objects.unrestricted().filter(round=evaluation_round).select_related("organization")
    )
    results = {entry.pk: entry_breakdown(evaluation_round, entry) for entry in entries}
    incomplete = [entry.organization.name for entry in entries if results[entry.pk]["final"] is None]
    if incomplete:
        names = "、".join(incomplete[:10]) + ("等" if len(incomplete) > 10 else "")
        raise ValidationError(
            "以下%(count)s个组织尚未评分完整：%(names)s",
            code=EvaluationCode.SCORING_INCOMPLETE,
            params={"count": len(incomplete), "names": names},
        )
    places = rubric.ranks({pk: result["final"] for pk, result in results.items()})
    for entry in entries:
        entry.final_score, entry.grade = results[entry.pk]["final"], results[entry.pk]["grade"]
        entry.rank = places[entry.pk]
    EvaluationEntry.objects.unrestricted().bulk_update(entries, ["final_score", "grade", "rank"])


def _submit(context: StepContext) -> list[str]:
    compute_results(context.obj)
    context.obj.submitted_at = timezone.now()
    return ["submitted_at"]


def _review(context: StepContext) -> list[str]:
    context.obj.review_note, context.obj.reviewed_by = context.reason, context.actor
    return ["review_note", "reviewed_by"]


def _publish(context: StepContext) -> list[str]:
    context.obj.published_at = timezone.now()
    return [*_review(context), "published_at"]


def _place(evaluation_round: EvaluationRound) -> Place:
    return Place(
        region=evaluation_round.community_id, organization=None, label=round_subject(evaluation_round)
    )


EVALUATION_ROUND = Workflow(
    name="evaluation_round",
    title="年度评议",
    model=EvaluationRound,
    parts=round_parts,
    place=_place,
    related=("community",),
    transitions=(
        Transition(
            "start_scoring",
            "结束居民评议，开始评分",
            S.SCORING,
            {COMMUNITY: frozenset({S.OPEN})},
            done="居民评议已结束，请“两委”逐一评分。",
        ),
        Transition(
            "submit",
            "提交街道审核",
            S.REVIEW,
            {COMMUNITY: frozenset({S.SCORING})},
            step=_submit,
            done="已计算总分和等级，提交街道审核。",
        ),
        Transition(
            "publish",
            "审核通过并公布",
            S.PUBLISHED,
            {STREET: frozenset({S.REVIEW})},
            step=_publish,
            done="评议结果已公布。",
        ),
        Transition(
            "return",
            "退回修改",
            S.RETURNED,
            {STREET: frozenset({S.REVIEW})},
            reason_required=True,
            reason_field="review_note",
            reason_message="请填写退回修改的意见",
            reason_code=EvaluationCode.COMMENT_REQUIRED,
            step=_review,
            done="已退回社区修改。",
        ),
        Transition(
            "resubmit",
            "修改后重新提交",
            S.REVIEW,
            {COMMUNITY: frozenset({S.RETURNED})},
            step=_submit,
            done="已重新计算并提交街道审核。",
        ),
    ),
)


def round_allowed_actions(actor: User, evaluation_round: EvaluationRound) -> list[Transition]:
    return EVALUATION_ROUND.allowed(actor, evaluation_round)


def round_move(
    *, actor: User, round_id: int, action: str, review_note: str = "", ip: str | None = None
) -> EvaluationRound:
    """Take one step of the round's workflow (``start_scoring``, ``submit``, ``publish``, ``return``,
    ``resubmit``); the street's review note is the reason of a return (required) or a publication."""
    if action not in EVALUATION_ROUND.table:
        raise ValidationError({"action": ValidationError("未知的办理事项", code=Code.INVALID_CHOICE)})
    return EVALUATION_ROUND.move(actor=actor, pk=round_id, action=action, reason=review_note, ip=ip)
