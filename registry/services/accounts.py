"""Accounts the public opens for themselves: an applicant (备案申请人) preparing a new filing."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from core.errors import Code

from ..choices import Role
from ..errors import RegistryCode
from ..identifiers import validate_mobile
from ..models import User


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
