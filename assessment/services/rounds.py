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
as high quality (较高质量).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import Code, Denied, InvalidTransition
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
from ..evaluation.permissions import COMMUNITY, SCORING_STATES, STREET, VOTING_STATES, round_parts
from ..evaluation.schemes import applicable_scheme
from ..models import EvaluationEntry, EvaluationRound

VOTE_FIELDS = {"votes_satisfied": "满意票", "votes_basic": "基本满意票", "votes_unsatisfied": "不满意票"}
MAX_VOTES = 1_000_000


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


# -- ballots and scores --------------------------------------------------------------------------------


def _locked_entry(actor: User, round_id: int, organization_id: Any, rule: str, states: frozenset[str]) -> Any:
    """The round (locked, in the actor's scope) and its line of this organization, for the 两委."""
    evaluation_round = (
        EvaluationRound.objects.for_user(actor)
        .select_for_update(of=("self",))
        .select_related("community")
        .get(pk=round_id)
    )
    if COMMUNITY not in round_parts(actor, evaluation_round):
        raise Denied("只有本社区（村）“两委”可以登记评议", code=Code.ROLE_NOT_ALLOWED)
    if evaluation_round.state not in states:
        raise InvalidTransition(
            "当前状态为“%(state)s”，不能办理“%(action)s”",
            params={"state": evaluation_round.get_state_display(), "action": rule},
        )
    entry = (
        EvaluationEntry.objects.unrestricted()
        .select_for_update()
        .select_related("organization")
        .filter(
            round=evaluation_round,
            organization_id=organization_id if str(organization_id).isdigit() else None,
        )
        .first()
    )
    if entry is None:
        raise ValidationError(
            {"organization": ValidationError("该组织不在本次评议名单中", code=EvaluationCode.NOT_IN_ROUND)}
        )
    return evaluation_round, entry


def _clean_votes(counts: Mapping[str, Any]) -> dict[str, int]:
    cleaned, errors = {}, {}
    for name, label in VOTE_FIELDS.items():
        raw = counts.get(name, 0)
        value = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
        if value is None and isinstance(raw, str) and raw.strip().isdigit():
            value = int(raw.strip())
        if value is None or not 0 <= value <= MAX_VOTES:
            errors[name] = ValidationError(f"{label}应为不小于0的整数", code=EvaluationCode.NEGATIVE)
        else:
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def entry_record_votes(
    *, actor: User, round_id: int, organization_id: Any, votes: Mapping[str, Any], ip: str | None = None
) -> EvaluationEntry:
    """Enter the residents' ballots for one organization (counts of 满意 / 基本满意 / 不满意)."""
    evaluation_round, entry = _locked_entry(actor, round_id, organization_id, "登记评议票数", VOTING_STATES)
    cleaned = _clean_votes(votes)
    for name, value in cleaned.items():
        setattr(entry, name, value)
    entry.save(update_fields=list(cleaned))
    record(
        actor=actor,
        action=EvaluationAction.VOTES_RECORDED,
        subject=entry,
        region=evaluation_round.community_id,
        organization=entry.organization_id,
        label=f"{round_subject(evaluation_round)}·{entry.organization.name}",
        ip=ip,
        details=cleaned,
    )
    return entry


def clean_scores(indicators: list[rubric.Indicator], scores: Mapping[str, Any]) -> dict[str, int | float]:
    """The committee's scores: each indicator from 0 to its maximum, one decimal at most; a blank is
    "not scored yet". Errors are keyed ``scores.<indicator code>``."""
    known = {indicator.code: indicator for indicator in indicators}
    unknown = sorted(set(scores) - set(known))
    if unknown:
        raise ValidationError(
            {
                "scores": ValidationError(
                    "未知的评议指标：%(codes)s",
                    code=EvaluationCode.UNKNOWN_INDICATOR,
                    params={"codes": "、".join(unknown)},
                )
            }
        )
    cleaned, errors = {}, {}
    for code, indicator in known.items():
        raw = scores.get(code)
        if raw in (None, ""):
            continue
        value = rubric.decimal_of(raw)
        if value is None or value < 0:
            errors[f"scores.{code}"] = ValidationError(
                f"“{indicator.name}”的得分应为不小于0的数", code=Code.INVALID
            )
        elif value > indicator.max_score:
            errors[f"scores.{code}"] = ValidationError(
                "“%(name)s”的得分不能超过满分%(max)s分",
                code=EvaluationCode.SCORE_ABOVE_MAXIMUM,
                params={"name": indicator.name, "max": rubric.number(indicator.max_score)},
            )
        elif not rubric.has_one_decimal_at_most(value):
            errors[f"scores.{code}"] = ValidationError(
                f"“{indicator.name}”的得分至多保留一位小数", code=EvaluationCode.SCORE_PRECISION
            )
        else:
            cleaned[code] = rubric.number(value)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def entry_score(
    *,
    actor: User,
    round_id: int,
    organization_id: Any,
    scores: Mapping[str, Any],
    comment: str = "",
    ip: str | None = None,
) -> EvaluationEntry:
    """The 两委 scores one organization on the round's rubric (blank indicators stay unscored)."""
    evaluation_round, entry = _locked_entry(actor, round_id, organization_id, "评分", SCORING_STATES)
    cleaned = clean_scores(rubric.indicators_of(evaluation_round.indicators), scores)
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ValidationError({"comment": ValidationError("评议意见不能超过2000个字", code=Code.TOO_LONG)})
    entry.scores, entry.comment = cleaned, comment
    entry.scored_by, entry.scored_at = actor, timezone.now()
    entry.save(update_fields=["scores", "comment", "scored_by", "scored_at"])
    record(
        actor=actor,
        action=EvaluationAction.ENTRY_SCORED,
        subject=entry,
        region=evaluation_round.community_id,
        organization=entry.organization_id,
        label=f"{round_subject(evaluation_round)}·{entry.organization.name}",
        ip=ip,
        details={"scores": cleaned},
    )
    return entry


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
