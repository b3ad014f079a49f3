from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.errors import Code, field_error
from core.permissions import can
from core.trail import record
from registry.errors import RegistryCode
from registry.models import Region, User

from ..choices import AssessmentAuditAction
from ..errors import AssessmentCode
from ..models import QuotaPolicy, QuotaRule
from ..quota.engine import FrozenRule, vocabulary
from ..quota.kinds import RULE_TYPES
from ..quota.rules import Vocabulary

MAX_RULES = 20


def policy_rules_frozen(
    policy: QuotaPolicy, words: Vocabulary | None = None, *, lenient: bool = False
) -> list[FrozenRule]:
    """The policy's rules with their parameters completed, described as a snapshot keeps them.

    A run needs every rule valid and raises otherwise; a page listing policies passes
    ``lenient`` to show a rule whose stored parameters no longer check (a category since
    removed) as stored, without a description, and the vocabulary it read once for the page.
    """
    words = words or vocabulary()
    frozen = []
    for position, rule in enumerate(policy.rules.all(), start=1):
        rule_type = RULE_TYPES.get(rule.kind)
        params, description = dict(rule.params), ""
        try:
            if rule_type is None:
                raise ValidationError(f"未知的指标类型：{rule.kind}", code=AssessmentCode.INVALID_KIND)
            params = rule_type.clean(rule.params, words)
            description = rule_type.describe(params, words)
        except ValidationError:
            if not lenient:
                raise
        frozen.append(
            FrozenRule(
                key=f"r{position}",
                kind=rule.kind,
                params=params,
                label=rule.get_kind_display(),
                description=description,
            )
        )
    return frozen


def clean_rules(rules: Sequence[Mapping[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """Each rule's kind and parameters checked; errors name the rule's place, e.g. ``rules.2.urban``."""
    if not rules:
        raise ValidationError(
            {"rules": ValidationError("方案至少包含一项指标", code=AssessmentCode.NO_RULES)}
        )
    if len(rules) > MAX_RULES:
        raise ValidationError(
            {"rules": ValidationError(f"一个方案最多 {MAX_RULES} 项指标", code=AssessmentCode.TOO_MANY_RULES)}
        )
    words = vocabulary()
    cleaned, errors = [], {}
    for index, rule in enumerate(rules, start=1):
        kind = rule.get("kind")
        if kind not in RULE_TYPES:
            errors[f"rules.{index}.kind"] = ValidationError(
                f"第 {index} 项指标的类型无效", code=AssessmentCode.INVALID_KIND
            )
            continue
        try:
            cleaned.append((kind, RULE_TYPES[kind].clean(rule.get("params") or {}, words)))
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                errors[f"rules.{index}.{name}"] = ValidationError(
                    f"第 {index} 项指标：{messages[0]}", code=AssessmentCode.INVALID_PARAM
                )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_jurisdiction(actor: User, jurisdiction: Region) -> None:
    if not can(actor, "assessment.set_targets", jurisdiction):
        raise field_error("jurisdiction", "只能为本辖区设定指标方案", Code.OUTSIDE_JURISDICTION)


@transaction.atomic
def policy_copy(*, actor: User, source: QuotaPolicy, jurisdiction: Region, name: str = "") -> QuotaPolicy:
    """A bureau's own policy for its area, starting from a preset or another policy it can see."""
    _check_jurisdiction(actor, jurisdiction)
    name = (name or f"{jurisdiction.name}{source.name}").strip()[:100]
    policy = QuotaPolicy(
        name=name,
        jurisdiction=jurisdiction,
        source=source,
        basis=source.basis,
        is_active=True,
        created_by=actor,
    )
    try:
        with transaction.atomic():
            policy.save()
    except IntegrityError:
        raise ValidationError(
            {"name": ValidationError("本辖区已有同名的指标方案", code=RegistryCode.DUPLICATE_NAME)}
        ) from None
    QuotaRule.objects.bulk_create(
        QuotaRule(policy=policy, kind=rule.kind, params=rule.params, position=rule.position)
        for rule in QuotaRule.objects.unrestricted().filter(policy=source)
    )
    record(
        actor=actor,
        action=AssessmentAuditAction.POLICY_CREATED,
        subject=policy,
        region=jurisdiction,
        details={"policy": policy.pk, "source": source.pk},
    )
    return policy


@transaction.atomic
def policy_update(
    *,
    actor: User,
    policy: QuotaPolicy,
    name: str,
    basis: str,
    is_active: bool,
    rules: Sequence[Mapping[str, Any]],
) -> QuotaPolicy:
    """Rename, switch on or off and replace the rules of a bureau's policy (presets stay as shipped)."""
    policy = QuotaPolicy.objects.unrestricted().select_for_update().get(pk=policy.pk)
    if policy.is_preset:
        raise ValidationError(
            {"policy": ValidationError("预设方案不能修改，请复制后调整", code=AssessmentCode.PRESET_READONLY)}
        )
    _check_jurisdiction(actor, policy.jurisdiction)
    name = name.strip()
    if not name:
        raise ValidationError({"name": ValidationError("请填写方案名称", code=Code.REQUIRED)})
    cleaned = clean_rules(rules)
    before = [(rule.kind, rule.params) for rule in QuotaRule.objects.unrestricted().filter(policy=policy)]
    policy.name, policy.basis, policy.is_active = name, basis.strip(), is_active
    try:
        with transaction.atomic():
            policy.save(update_fields=["name", "basis", "is_active", "updated_at"])
    except IntegrityError:
        raise ValidationError(
            {"name": ValidationError("本辖区已有同名的指标方案", code=RegistryCode.DUPLICATE_NAME)}
        ) from None
    QuotaRule.objects.unrestricted().filter(policy=policy).delete()
    QuotaRule.objects.bulk_create(
        QuotaRule(policy=policy, kind=kind, params=params, position=position)
        for position, (kind, params) in enumerate(cleaned, start=1)
    )
    record(
        actor=actor,
        action=AssessmentAuditAction.POLICY_UPDATED,
        subject=policy,
        region=policy.jurisdiction,
        details={"policy": policy.pk, "before": before, "after": cleaned, "is_active": is_active},
    )
    return policy
