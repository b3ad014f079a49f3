"""Accounts kept by the superuser: staff with their jurisdiction, organizations' accounts, other
superusers. Each write records one event; passwords and their hashes never reach the trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from core.auth import revoke_tokens
from core.permissions import require
from core.trail import record

from ..choices import AuditAction
from ..errors import RegistryCode
from ..models import User

ACCOUNT_FIELDS = (
    "username",
    "full_name",
    "first_name",
    "last_name",
    "email",
    "role",
    "region",
    "organization",
    "is_active",
    "is_staff",
    "is_superuser",
)
ACCOUNT_M2M_FIELDS = ("groups", "user_permissions")


def _record(actor: User, action: str, account: User, ip: str | None, details: dict[str, Any]) -> None:
    # An organization's account sits in its organization's community; a superuser's in no region.
    organization = account.organization
    region = account.region_id or (organization.community_id if organization else "")
    record(
        actor=actor,
        action=action,
        subject=account,
        region=region,
        organization=organization,
        label=account.get_username(),
        ip=ip,
        details=details,
    )


def _check_password(password: str, account: User) -> None:
    try:
        validate_password(password, user=account)
    except ValidationError as error:
        raise ValidationError({"password1": error.error_list}) from error


def _changed(account: User, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in ACCOUNT_FIELDS:
        if name not in data:
            continue
        field = User._meta.get_field(name)
        value = getattr(data[name], "pk", None) if field.is_relation else data[name]
        if getattr(account, field.attname) != value:
            changed.append(name)
    return changed


def _set_relations(account: User, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in ACCOUNT_M2M_FIELDS:
        if name not in data:
            continue
        wanted = {item.pk for item in data[name]}
        manager = getattr(account, name)
        if wanted != set(manager.values_list("pk", flat=True)):
            manager.set(wanted)
            changed.append(name)
    return changed


@transaction.atomic
def user_create(*, actor: User, data: dict[str, Any], password: str | None, ip: str | None = None) -> User:
    """Open an account. ``password`` None opens one that cannot sign in with a password until one is set."""
    require(actor, "registry.manage_accounts", message="您无权管理账号")
    account = User(**{name: data[name] for name in ACCOUNT_FIELDS if name in data})
    account.username = (account.username or "").strip()
    if User.objects.unrestricted().filter(username__iexact=account.username).exists():
        raise ValidationError(
            {"username": ValidationError("该用户名已被使用", code=RegistryCode.USERNAME_TAKEN)}
        )
    if password is None:
        account.set_unusable_password()
    else:
        _check_password(password, account)
        account.set_password(password)
    account.full_clean(exclude=["password"])
    account.save()
    _set_relations(account, data)
    _record(actor, AuditAction.USER_CREATED, account, ip, {})
    return account


@transaction.atomic
def user_update(*, actor: User, user_id: int, data: dict[str, Any], ip: str | None = None) -> User:
    """Change an account's name, role, jurisdiction, organization, state or groups; raises
    User.DoesNotExist outside what the actor may change (only the superuser changes accounts)."""
    account = User.objects.for_user(actor, "change").select_for_update().get(pk=user_id)
    changed = _changed(account, data)
    for name in changed:
        setattr(account, name, data[name])
    if changed:
        account.full_clean(exclude=["password"])
        account.save(update_fields=changed)
    changed += _set_relations(account, data)
    if changed:
        _record(actor, AuditAction.USER_UPDATED, account, ip, {"fields": changed})
    return account


@transaction.atomic
def user_set_password(*, actor: User, user_id: int, password: str | None, ip: str | None = None) -> User:
    """Set an account's password, or with ``password`` None turn password sign-in off; raises
    User.DoesNotExist outside what the actor may change."""
    account = User.objects.for_user(actor, "change").select_for_update().get(pk=user_id)
    if password is None:
        account.set_unusable_password()
    else:
        _check_password(password, account)
        account.set_password(password)
    account.save(update_fields=["password"])
    revoke_tokens(account)  # a new password ends every open API session too
    _record(actor, AuditAction.USER_PASSWORD_SET, account, ip, {"usable": password is not None})
    return account
