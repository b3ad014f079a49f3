"""Accounts kept by the bureau and the street office for their jurisdiction (and by the superuser for
the whole platform): staff with their jurisdiction, organizations' accounts, other superusers.

A keeper opens accounts of its own level and below, each placed inside its jurisdiction, and an
organization's account only for an organization it manages; platform rights (the admin site,
superusers, groups) are the superuser's to give. Each write records one event; passwords and their
hashes never reach the trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from core.auth import revoke_tokens
from core.errors import Code, Denied, field_error
from core.permissions import require
from core.trail import record

from ..choices import AuditAction, Role
from ..errors import RegistryCode
from ..models import Organization, User
from ..permissions import governs, grantable_roles

ACCOUNT_FIELDS = (
    "username",
    "full_name",
    "first_name",
    "last_name",
    "email",
    "mobile",
    "role",
    "region",
    "organization",
    "is_active",
    "is_staff",
    "is_superuser",
)
ACCOUNT_M2M_FIELDS = ("groups", "user_permissions")
# What only the superuser gives: the admin site, superuser rights, groups and single permissions.
PLATFORM_FIELDS = ("is_staff", "is_superuser", *ACCOUNT_M2M_FIELDS)


def record_account_event(
    actor: User | None,
    action: str,
    account: User,
    ip: str | None,
    details: dict[str, Any],
    *,
    reason: str = "",
) -> None:
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
        reason=reason,
        details=details,
    )


def _check_password(password: str, account: User) -> None:
    try:
        validate_password(password, user=account)
    except ValidationError as error:
        raise ValidationError({"password1": error.error_list}) from error


def _check_platform_fields(actor: User, data: dict[str, Any]) -> None:
    if actor.is_superuser:
        return
    if any(data.get(name) for name in PLATFORM_FIELDS):
        raise Denied("只有系统管理员可以授予管理后台或超级用户权限", code=Code.ROLE_NOT_ALLOWED)


def check_grant(actor: User, account: User) -> None:
    """The account is one the actor may keep: a role of the actor's level or below, placed inside its
    jurisdiction; an organization's account for an organization the actor manages (分类管理). An
    organization's account is placed in its organization's community."""
    if account.role == Role.ORGANIZATION and account.organization_id:
        account.region_id = account.organization.community_id
    if actor.is_superuser:
        return
    if account.role not in grantable_roles(actor):
        label = Role(account.role).label if account.role in Role.values else "无角色"
        raise field_error("role", f"您不能开设或管理“{label}”账号", Code.ROLE_NOT_ALLOWED)
    if account.role == Role.ORGANIZATION:
        managed = Organization.objects.for_user(actor, "change").filter(pk=account.organization_id)
        if account.organization_id and not managed.exists():
            raise field_error("organization", "只能为辖区内由您管理的组织开设账号", Code.OUTSIDE_JURISDICTION)
    elif account.region_id and not governs(actor, account.region_id):
        raise field_error("region", "所选辖区不在您的辖区内", Code.OUTSIDE_JURISDICTION)


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


def _locked(actor: User, user_id: int) -> User:
    """The account, locked, if the actor may change it; the scope joins the organization, whose row
    is not locked (``of``)."""
    accounts = User.objects.for_user(actor, "change").select_for_update(of=("self",))
    return accounts.select_related("organization").get(pk=user_id)


@transaction.atomic
def user_create(
    *,
    actor: User,
    data: dict[str, Any],
    password: str | None,
    must_change_password: bool = False,
    ip: str | None = None,
) -> User:
    """Open an account. ``password`` None opens one that cannot sign in with a password until one is
    set; ``must_change_password`` makes the password a one-time password."""
    require(actor, "registry.manage_accounts", message="您无权管理账号")
    _check_platform_fields(actor, data)
    account = User(**{name: data[name] for name in ACCOUNT_FIELDS if name in data})
    account.username = (account.username or "").strip()
    account.must_change_password = must_change_password
    check_grant(actor, account)
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
    record_account_event(actor, AuditAction.USER_CREATED, account, ip, {})
    return account


@transaction.atomic
def user_update(*, actor: User, user_id: int, data: dict[str, Any], ip: str | None = None) -> User:
    """Change an account's name, role, jurisdiction, organization, state or groups; raises
    User.DoesNotExist outside what the actor may change (a keeper's jurisdiction, never its own)."""
    account = _locked(actor, user_id)
    _check_platform_fields(actor, data)
    changed = _changed(account, data)
    for name in changed:
        setattr(account, name, data[name])
    region = account.region_id
    check_grant(actor, account)
    if account.region_id != region and "region" not in changed:
        changed.append("region")
    if changed:
        account.full_clean(exclude=["password"])
        account.save(update_fields=changed)
    changed += _set_relations(account, data)
    if changed:
        record_account_event(actor, AuditAction.USER_UPDATED, account, ip, {"fields": changed})
    return account


@transaction.atomic
def user_set_password(*, actor: User, user_id: int, password: str | None, ip: str | None = None) -> User:
    """Set an account's password, or with ``password`` None turn password sign-in off; raises
    User.DoesNotExist outside what the actor may change."""
    account = _locked(actor, user_id)
    if password is None:
        account.set_unusable_password()
    else:
        _check_password(password, account)
        account.set_password(password)
    account.save(update_fields=["password"])
    revoke_tokens(account)  # a new password ends every open API session too
    record_account_event(actor, AuditAction.USER_PASSWORD_SET, account, ip, {"usable": password is not None})
    return account


def account_for_change(actor: User, user_id: int) -> User:
    """An account the actor keeps, locked; DoesNotExist outside the actor's jurisdiction, Denied for
    one inside it that is not the actor's to keep (a registered organization's account for a street)."""
    account = _locked(actor, user_id)  # outside the jurisdiction first: not found
    require(actor, "registry.change_account", account, message="该账号不由您管理")
    return account


@transaction.atomic
def user_deactivate(*, actor: User, user_id: int, reason: str = "", ip: str | None = None) -> User:
    """Stop an account from signing in (its open page sessions and API tokens end with it); raises
    User.DoesNotExist outside what the actor may change."""
    account = account_for_change(actor, user_id)
    if account.is_active:
        account.is_active = False
        account.save(update_fields=["is_active"])
        revoke_tokens(account)
        record_account_event(actor, AuditAction.USER_DEACTIVATED, account, ip, {}, reason=reason)
    return account


@transaction.atomic
def user_reactivate(*, actor: User, user_id: int, reason: str = "", ip: str | None = None) -> User:
    """Let a deactivated account sign in again, with the password it had."""
    account = account_for_change(actor, user_id)
    if not account.is_active:
        check_grant(actor, account)  # still one the actor keeps (its organization may have moved on)
        account.is_active = True
        account.save(update_fields=["is_active"])
        record_account_event(actor, AuditAction.USER_REACTIVATED, account, ip, {}, reason=reason)
    return account
