"""Accounts the public opens for themselves: an applicant (备案申请人) preparing a new filing, whose
account becomes the organization's own once the street approves it."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import Code, field_error
from core.permissions import require

from ..choices import AuditAction, Role
from ..errors import RegistryCode
from ..identifiers import validate_mobile
from ..models import Organization, User
from .users import record_account_event


@transaction.atomic
def applicant_register(*, username: str, full_name: str, phone: str, password: str) -> User:
    """An account with no jurisdiction and no organization: it sees only its own applications."""
    errors: dict[str, list[ValidationError]] = {}
    username = username.strip()
    if User.objects.unrestricted().filter(username__iexact=username).exists():
        errors["username"] = [ValidationError("该用户名已被使用", code=RegistryCode.USERNAME_TAKEN)]
    if not full_name.strip():
        errors["full_name"] = [ValidationError("请填写姓名", code=Code.REQUIRED)]
    try:
        validate_mobile(phone)
    except ValidationError as error:
        errors["phone"] = [error]
    candidate = User(username=username, full_name=full_name.strip(), role=Role.APPLICANT)
    try:
        validate_password(password, user=candidate)
    except ValidationError as error:
        errors["password1"] = error.error_list
    if errors:
        raise ValidationError(errors)
    candidate.set_password(password)
    candidate.full_clean(exclude=["password"])
    candidate.save()
    return candidate


NOT_BINDABLE = "“%(username)s”不是可开通的账号：须为已注册、尚未关联组织的备案申请账号"


def _bindable(account: User | None) -> bool:
    return (
        account is not None
        and account.is_active
        and account.role == Role.APPLICANT
        and account.organization_id is None
        and not account.is_superuser
    )


@transaction.atomic
def organization_account_provision(
    *, actor: User, organization: Organization, applicant_id: int, username: str = "", ip: str | None = None
) -> User | None:
    """At the approval of a new filing, make an applicant's account the organization's account, so it
    sees its organization and files changes, event reports and work reports from then on.

    ``username`` names another person's applicant account chosen by the street; left blank, the
    application's own applicant account is used when it is one (an application the street filed on
    someone's behalf has none, and nothing is opened). Returns the account, or None."""
    require(actor, "registry.change_organization", organization)
    accounts = User.objects.unrestricted().select_for_update()  # an applicant has no jurisdiction yet
    username = (username or "").strip()
    if username:
        account = accounts.filter(username__iexact=username).first()
        if not _bindable(account):
            raise field_error("account", NOT_BINDABLE, RegistryCode.ACCOUNT_NOT_BINDABLE, username=username)
    else:
        account = accounts.filter(pk=applicant_id).first()
        if not _bindable(account):
            return None
    account.role = Role.ORGANIZATION
    account.organization = organization
    account.region_id = organization.community_id
    account.full_clean(exclude=["password"])
    account.save(update_fields=["role", "organization", "region"])
    record_account_event(
        actor, AuditAction.USER_PROVISIONED, account, ip, {}, reason=f"准予备案：{organization.name}"
    )
    return account
