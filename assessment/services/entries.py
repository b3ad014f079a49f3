"""A round's lines: the residents' ballots and the committee's scores for each organization, entered by
the community's 两委 while the round is open (ballots) or being scored (both), or returned for correction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.errors import Code, Denied, InvalidTransition
from core.trail import record
from registry.models import User

from ..evaluation import rubric
from ..evaluation.choices import EvaluationAction
from ..evaluation.errors import EvaluationCode
from ..evaluation.permissions import COMMUNITY, SCORING_STATES, VOTING_STATES, round_parts
from ..models import EvaluationEntry, EvaluationRound
from .rounds import round_subject

VOTE_FIELDS = {"votes_satisfied": "满意票", "votes_basic": "基本满意票", "votes_unsatisfied": "不满意票"}
MAX_VOTES = 1_000_000


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
