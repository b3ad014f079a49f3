"""Writes of the platform-wide lists: organization categories, service domains and target groups.

They belong to no jurisdiction, so only the superuser keeps them and only the superuser reads their
events (recorded with the region ``""``, the whole platform). A term's code is its stable key (quota
rules and imports name categories by code), so it is fixed once the term exists.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.permissions import require
from core.trail import record

from ..choices import AuditAction
from ..errors import RegistryCode
from ..models import Category, ServiceDomain, TargetGroup, User
from ..models.organizations import Vocabulary

VOCABULARY_FIELDS: dict[type[Vocabulary], tuple[str, ...]] = {
    Category: ("code", "name", "group", "sort_order", "is_active"),
    ServiceDomain: ("code", "name", "sort_order"),
    TargetGroup: ("code", "name", "sort_order"),
}


@transaction.atomic
def vocabulary_save(
    *,
    actor: User,
    model: type[Vocabulary],
    term_id: int | None = None,
    data: dict[str, Any],
    ip: str | None = None,
) -> Vocabulary:
    """Add a term to one of the lists (``term_id`` None) or change one; one event either way, none when
    nothing changed."""
    require(actor, "registry.manage_vocabularies", message="您无权维护组织类别、服务领域和服务对象")
    adding = term_id is None
    term = model() if adding else model.objects.select_for_update().get(pk=term_id)
    data = {name: value.strip() if isinstance(value, str) else value for name, value in data.items()}
    fields = VOCABULARY_FIELDS[model]
    changed = [name for name in fields if name in data and getattr(term, name) != data[name]]
    if not adding and "code" in changed:
        raise ValidationError({"code": ValidationError("代码创建后不能修改", code=RegistryCode.CODE_FIXED)})
    if not adding and not changed:
        return term
    for name in changed:
        setattr(term, name, data[name])
    term.full_clean()
    term.save(**({} if adding else {"update_fields": changed}))
    record(
        actor=actor,
        action=AuditAction.VOCABULARY_CREATED if adding else AuditAction.VOCABULARY_UPDATED,
        subject=term,
        region="",
        label=f"{model._meta.verbose_name}：{term.name}",
        ip=ip,
        details={} if adding else {"fields": changed},
    )
    return term
