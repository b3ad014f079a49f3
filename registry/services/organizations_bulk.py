"""Writes of many organizations at once (a ledger import), with the same records as one at a time.

Every created or changed organization gets exactly what ``organization_create`` and
``organization_update`` give it: one history row of its final state (relations included) with the
reason, and one event in the trail. They are written set-based (a few inserts per thousand
organizations), so a ledger of ten thousand rows imports in seconds. The caller has validated the
rows (``registry.ledger.planning``); the database's constraints still guard names and credit codes,
and any failure rolls the whole batch back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.trail import record_many

from ..choices import AuditAction, OrganizationStatus
from ..models import Organization, User
from ..models.organizations import ORGANIZATION_HISTORY
from ..pinyin import romanize
from .organizations import _collisions_as_field_errors, field_labels

BATCH = 1000
M2M = ("domains", "target_groups")
FIELD_NAMES = {"category_id": "category", "community_id": "community"}


def _m2m_rows(organizations: list[Organization], values: dict[int, dict[str, Any]], name: str) -> list[Any]:
    through = Organization._meta.get_field(name).remote_field.through
    target = Organization._meta.get_field(name).m2m_reverse_name()
    return [
        through(organization_id=org.pk, **{target: item})
        for org in organizations
        if name in values[org.pk]
        for item in values[org.pk][name]
    ]


def _write_m2m(organizations: list[Organization], values: dict[int, dict[str, Any]]) -> None:
    for name in M2M:
        through = Organization._meta.get_field(name).remote_field.through
        touched = [org.pk for org in organizations if name in values[org.pk]]
        through.objects.filter(organization_id__in=touched).delete()
        through.objects.bulk_create(_m2m_rows(organizations, values, name), batch_size=BATCH)


def _history(
    organizations: list[Organization], *, actor: User, reasons: dict[int, str], update: bool
) -> None:
    """One history row per organization, and its relations as they now stand."""
    for org in organizations:
        org._change_reason = reasons[org.pk]
    rows = Organization.history.bulk_history_create(
        organizations, batch_size=BATCH, update=update, default_user=actor
    )
    by_org = {row.id: row for row in rows}
    for field, model in ORGANIZATION_HISTORY.m2m_models.items():
        through = field.remote_field.through
        target = field.m2m_reverse_name()
        pairs = through.objects.filter(organization_id__in=list(by_org)).values_list(
            "id", "organization_id", target
        )
        model.objects.bulk_create(
            [
                model(id=pk, organization_id=org_id, history=by_org[org_id], **{target: item})
                for pk, org_id, item in pairs
            ],
            batch_size=BATCH,
        )


@transaction.atomic
def organizations_import(
    *,
    actor: User,
    creates: list[dict[str, Any]],
    updates: dict[int, dict[str, Any]],
    reason: str,
    progress: Callable[[int, str], None] | None = None,
) -> tuple[list[Organization], list[Organization]]:
    """Create and update organizations from checked ledger rows, all or nothing.

    ``creates`` holds each new organization's values by stored field name (``category_id``,
    ``community_id``, ``domains`` as ids …); ``updates`` the changed values of existing ones by id.
    Organizations to update are loaded through the actor's ``change`` scope and locked: one outside
    it raises ``Organization.DoesNotExist`` and nothing is written.
    """
    say = progress or (lambda percent, stage: None)
    now = timezone.now()
    say(60, "写入新建的组织")
    created = _create(actor=actor, creates=creates, reason=reason, now=now)
    say(80, "写入修改的组织")
    updated = _update(actor=actor, updates=updates, reason=reason, now=now)
    return created, updated


def _create(*, actor: User, creates: list[dict[str, Any]], reason: str, now: Any) -> list[Organization]:
    organizations = []
    for values in creates:
        org = Organization(
            **{k: v for k, v in values.items() if k not in M2M}, status=OrganizationStatus.ACTIVE
        )
        org.name_pinyin, org.name_initials = romanize(org.name)
        org.created_at = org.updated_at = now
        organizations.append(org)
    with _collisions_as_field_errors():
        Organization.objects.bulk_create(organizations, batch_size=BATCH)
    by_id = {org.pk: values for org, values in zip(organizations, creates, strict=True)}
    _write_m2m(organizations, by_id)
    _history(organizations, actor=actor, reasons=dict.fromkeys(by_id, f"新建（{reason}）"), update=False)
    _events(
        organizations,
        actor=actor,
        action=AuditAction.ORGANIZATION_CREATED,
        reason=reason,
        details=lambda org: {"to_state": org.status},
    )
    return organizations


def _update(*, actor: User, updates: dict[int, dict[str, Any]], reason: str, now: Any) -> list[Organization]:
    if not updates:
        return []
    locked = Organization.objects.for_user(actor, "change").select_for_update().in_bulk(list(updates))
    missing = set(updates) - set(locked)
    if missing:
        raise Organization.DoesNotExist(f"organizations outside the actor's scope: {sorted(missing)[:5]}")
    organizations = [locked[pk] for pk in updates]
    groups: dict[tuple[str, ...], list[Organization]] = {}
    for org in organizations:
        changed = tuple(sorted(k for k in updates[org.pk] if k not in M2M))
        for key in changed:
            setattr(org, key, updates[org.pk][key])
        if "name" in changed:
            org.name_pinyin, org.name_initials = romanize(org.name)
        org.updated_at = now
        groups.setdefault(changed, []).append(org)
    with _collisions_as_field_errors():
        for changed, group in groups.items():
            extra = ("name_pinyin", "name_initials") if "name" in changed else ()
            Organization.objects.unrestricted().bulk_update(
                group, [*changed, *extra, "updated_at"], batch_size=BATCH
            )
    _write_m2m(organizations, updates)
    labels = {
        pk: "、".join(field_labels(FIELD_NAMES.get(k, k) for k in values)) for pk, values in updates.items()
    }
    _history(
        organizations,
        actor=actor,
        reasons={pk: f"修改：{text}（{reason}）" for pk, text in labels.items()},
        update=True,
    )
    _events(
        organizations,
        actor=actor,
        action=AuditAction.ORGANIZATION_UPDATED,
        reason=reason,
        # Names only: the values of personal fields stay out of the trail.
        details=lambda org: {"details": {"fields": [FIELD_NAMES.get(k, k) for k in updates[org.pk]]}},
    )
    return organizations


def _events(
    organizations: list[Organization],
    *,
    actor: User,
    action: str,
    reason: str,
    details: Callable[[Organization], dict],
) -> None:
    record_many(
        {
            "actor": actor,
            "action": action,
            "region": org.community_id,
            "organization": org.pk,
            "subject": org,
            "reason": reason,
            **details(org),
        }
        for org in organizations
    )
