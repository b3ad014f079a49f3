"""Passwords: one-time passwords handed out by the staff who keep an account, a user changing their
own, and a forgotten password asked for without revealing whether the username exists.

A one-time password is shown once to the staff who set it and never stored in the clear; until the
user sets a password of their own every page asks for one. Every new password ends the account's API
tokens. Passwords and their hashes never reach the trail.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from core import ratelimit
from core.auth import revoke_tokens
from core.errors import field_error

from ..choices import AuditAction
from ..errors import RegistryCode
from ..models import User
from .users import account_for_change, record_account_event, user_create

# No 0/O, 1/l/I: a one-time password is read off a screen and typed, often over the phone.
ONE_TIME_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ"
ONE_TIME_LENGTH = 12


def one_time_password() -> str:
    while True:
        password = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_LENGTH))
        # Letters and digits both, so no validator (all digits, a common word) can refuse it.
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def account_open(*, actor: User, data: dict[str, Any], ip: str | None = None) -> tuple[User, str]:
    """Open an account of the actor's jurisdiction with a one-time password, returned once for the
    actor to hand over; the user sets their own at the first sign-in."""
    password = one_time_password()
    account = user_create(actor=actor, data=data, password=password, must_change_password=True, ip=ip)
    return account, password


@transaction.atomic
def account_reset_password(*, actor: User, user_id: int, ip: str | None = None) -> tuple[User, str]:
    """Give an account of the actor's jurisdiction a new one-time password (the old one stops working,
    and so do its API tokens); raises User.DoesNotExist outside what the actor may change."""
    account = account_for_change(actor, user_id)
    password = one_time_password()
    account.set_password(password)
    account.must_change_password = True
    account.save(update_fields=["password", "must_change_password"])
    revoke_tokens(account)
    record_account_event(actor, AuditAction.USER_PASSWORD_RESET, account, ip, {})
    return account, password


def check_new_password(account: User, password: str, confirm: str) -> None:
    """The staff password rules (AUTH_PASSWORD_VALIDATORS), and the same password typed twice."""
    if password != confirm:
        raise field_error("new_password2", "两次输入的密码不一致", RegistryCode.PASSWORD_MISMATCH)
    try:
        validate_password(password, user=account)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.error_list}) from error


def _store_own_password(account: User, password: str) -> None:
    account.set_password(password)
    account.must_change_password = False
    account.save(update_fields=["password", "must_change_password"])
    revoke_tokens(account)


def password_change(
    *, user: User, old_password: str, new_password1: str, new_password2: str, ip: str | None = None
) -> User:
    """A signed-in user sets their own password, proving the current one. A wrong current password
    counts towards the sign-in lockout (a page left open is no way to guess passwords); the count and
    the lock's event stand whatever else happens."""
    from .signin import account_failed, check_account_lock

    check_account_lock(user.get_username())
    if not user.check_password(old_password):
        account_failed(user.get_username(), ip)
        raise field_error("old_password", "当前密码不正确", RegistryCode.WRONG_PASSWORD)
    if old_password == new_password1:
        raise field_error("new_password1", "新密码不能与当前密码相同", RegistryCode.PASSWORD_UNCHANGED)
    with transaction.atomic():
        account = User.objects.for_user(user).select_for_update(of=("self",)).get(pk=user.pk)
        check_new_password(account, new_password1, new_password2)
        _store_own_password(account, new_password1)
        record_account_event(account, AuditAction.USER_PASSWORD_CHANGED, account, ip, {})
    return account


RESET_ACCOUNT_PERIOD = 60 * 60  # one delivery per account per hour, whoever asks


@transaction.atomic
def password_reset_request(*, username: str, ip: str | None = None) -> None:
    """Someone says they forgot the password of ``username``. The answer is the same whether or not
    the account exists: an active account with a usable password is sent a link by email when it has
    one and mail is set up, otherwise its keepers (the staff who may reset it) get a to-do message.
    Each account is served once an hour, so the form cannot be used to flood anyone."""
    from .password_delivery import deliver_reset

    account = User.objects.unrestricted().filter(username__iexact=username.strip()).first()
    if account is None or not account.is_active or not account.has_usable_password():
        return
    if ratelimit.count(f"password-reset:account:{account.pk}", RESET_ACCOUNT_PERIOD) > 1:
        return
    channel = deliver_reset(account)
    record_account_event(None, AuditAction.PASSWORD_RESET_REQUESTED, account, ip, {"channel": channel})


RESET_LINK_INVALID = "链接无效或已过期，请重新申请找回密码"


def reset_link_account(*, user_id: Any, token: str, lock: bool = False) -> User | None:
    """The active account an emailed reset link is for, or None when the link is forged, used or stale."""
    from django.contrib.auth.tokens import default_token_generator

    accounts = User.objects.unrestricted()
    if lock:
        accounts = accounts.select_for_update()
    account = accounts.filter(pk=user_id, is_active=True).first() if str(user_id).isdigit() else None
    if account is None or not default_token_generator.check_token(account, token):
        return None
    return account


@transaction.atomic
def password_reset_confirm(
    *, user_id: Any, token: str, new_password1: str, new_password2: str, ip: str | None = None
) -> User:
    """Set a new password from an emailed link; the link works once (the token is bound to the old
    password) and for ``PASSWORD_RESET_TIMEOUT``."""
    account = reset_link_account(user_id=user_id, token=token, lock=True)
    if account is None:
        raise field_error("token", RESET_LINK_INVALID, RegistryCode.RESET_LINK_INVALID)
    check_new_password(account, new_password1, new_password2)
    _store_own_password(account, new_password1)
    record_account_event(None, AuditAction.USER_PASSWORD_CHANGED, account, ip, {"by": "email_link"})
    return account
