"""Corrections of one region at a time. The tree itself (codes, levels, parents) comes from the official
code list through ``region_import``; here only what a person may correct by hand changes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import Code
from core.trail import record

from ..choices import AuditAction
from ..models import Region, User

REGION_FIELDS = ("name", "urban_rural")


@transaction.atomic
def region_update(*, actor: User, region_code: str, data: dict[str, Any], ip: str | None = None) -> Region:
    """Change a region's name or urban/rural class; raises Region.DoesNotExist outside what the actor may
    change (only the superuser changes regions)."""
    region = Region.objects.for_user(actor, "change").select_for_update().get(pk=region_code)
    if "name" in data:
        data = {**data, "name": (data["name"] or "").strip()}
    changed = [name for name in REGION_FIELDS if name in data and getattr(region, name) != data[name]]
    if not changed:
        return region
    for name in changed:
        setattr(region, name, data[name])
    if region.is_community and not region.urban_rural:
        raise ValidationError({"urban_rural": ValidationError("社区/村须填写城乡分类", code=Code.REQUIRED)})
    region.full_clean()
    region.save(update_fields=changed)
    record(
        actor=actor,
        action=AuditAction.REGION_UPDATED,
        subject=region,
        region=region,
        ip=ip,
        details={"fields": changed},
    )
    return region
