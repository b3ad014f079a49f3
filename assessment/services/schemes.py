"""Evaluation schemes (评议方案): the rubric and grade thresholds an area's rounds are scored by."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import Code
from core.permissions import require
from core.trail import record
from registry.models import Region, User

from ..evaluation import rubric
from ..evaluation.choices import EvaluationAction
from ..evaluation.errors import EvaluationCode
from ..models import EvaluationScheme

NAME_MAX = 100


def clean_scheme(data: Mapping[str, Any]) -> dict[str, Any]:
    """Name, indicators, thresholds and ballot values checked together, every error at once."""
    errors: dict[str, list[ValidationError]] = {}
    cleaned: dict[str, Any] = {}
    name = str(data.get("name") or "").strip()
    if not name:
        errors["name"] = [ValidationError("请填写方案名称", code=Code.REQUIRED)]
    elif len(name) > NAME_MAX:
        errors["name"] = [ValidationError(f"方案名称不能超过{NAME_MAX}个字", code=Code.TOO_LONG)]
    cleaned["name"] = name
    checks = (
        ("indicators", rubric.clean_indicators, lambda found: [item.as_json() for item in found]),
        ("thresholds", rubric.clean_thresholds, lambda found: found.as_json()),
        ("vote_values", rubric.clean_vote_values, lambda found: found),
    )
    for field, check, stored in checks:
        try:
            cleaned[field] = stored(check(data.get(field)))
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def scheme_create(
    *, actor: User, jurisdiction_code: str, data: Mapping[str, Any], ip: str | None = None
) -> EvaluationScheme:
    """A scheme for an area of the actor's (a bureau's area or a street); one per area.

    Raises Region.DoesNotExist outside the actor's scope and Denied for other roles."""
    require(actor, "evaluation.edit_scheme", message="只有民政局和街道可以设置评议方案")
    jurisdiction = Region.objects.for_user(actor).get(pk=jurisdiction_code)
    cleaned = clean_scheme(data)
    if EvaluationScheme.objects.unrestricted().filter(jurisdiction=jurisdiction).exists():
        raise ValidationError(
            {
                "jurisdiction": ValidationError(
                    "该辖区已有评议方案，请直接修改", code=EvaluationCode.DUPLICATE_SCHEME
                )
            }
        )
    scheme = EvaluationScheme.objects.create(jurisdiction=jurisdiction, updated_by=actor, **cleaned)
    _record(actor, scheme, ip)
    return scheme


@transaction.atomic
def scheme_update(
    *, actor: User, scheme_id: int, data: Mapping[str, Any], ip: str | None = None
) -> EvaluationScheme:
    """Change a scheme of the actor's area; rounds already opened keep the rubric they were opened with."""
    # Loaded as seen: a scheme of an area above the actor's is there, but not the actor's to change (403).
    scheme = EvaluationScheme.objects.for_user(actor).select_for_update().get(pk=scheme_id)
    require(actor, "evaluation.edit_scheme", scheme, message="只有本辖区的民政局或街道可以修改该评议方案")
    cleaned = clean_scheme(data)
    for name, value in cleaned.items():
        setattr(scheme, name, value)
    scheme.updated_by = actor
    scheme.save(update_fields=[*cleaned, "updated_by", "updated_at"])
    _record(actor, scheme, ip)
    return scheme


def _record(actor: User, scheme: EvaluationScheme, ip: str | None) -> None:
    record(
        actor=actor,
        action=EvaluationAction.SCHEME_SAVED,
        subject=scheme,
        region=scheme.jurisdiction_id or "",
        label=scheme.name,
        ip=ip,
        details={"indicators": scheme.indicators, "thresholds": scheme.thresholds},
    )
