"""Signing in, guarded against guessing: failed attempts are counted per account and per client
address; past the limit further attempts are refused for a while, even with the right password, and
the locking of an account is written to its trail."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from core import ratelimit
from core.http import client_ip
from core.trail import record

from ..choices import AuditAction
from ..errors import RegistryCode
from ..models import User

ACCOUNT_ATTEMPTS = 5  # wrong passwords for one account
ADDRESS_ATTEMPTS = 20  # wrong passwords from one address, whatever the accounts
LOCKED_FOR = 15 * 60  # seconds
LOCKED = "登录失败次数过多，请15分钟后再试"


def _account_key(username: str) -> str:
    return f"signin:account:{username.strip().lower()}"


def _keys(request: HttpRequest, username: str) -> tuple[str, str]:
    return _account_key(username), f"signin:address:{client_ip(request) or 'unknown'}"


def signin_check(request: HttpRequest, username: str) -> None:
    """Refuse before the password is even checked while the account or the address is locked."""
    account, address = _keys(request, username)
    if ratelimit.current(account) >= ACCOUNT_ATTEMPTS or ratelimit.current(address) >= ADDRESS_ATTEMPTS:
        raise ValidationError(LOCKED, code=RegistryCode.SIGNIN_LOCKED)


def check_account_lock(username: str) -> None:
    """Refuse while the account is locked (its own password asked anywhere else than at sign-in)."""
    if ratelimit.current(_account_key(username)) >= ACCOUNT_ATTEMPTS:
        raise ValidationError(LOCKED, code=RegistryCode.SIGNIN_LOCKED)


def signin_failed(request: HttpRequest, username: str) -> None:
    """Count a wrong password; the attempt that locks an account is written to its trail."""
    ratelimit.count(_keys(request, username)[1], LOCKED_FOR)
    account_failed(username, client_ip(request))


def account_failed(username: str, ip: str | None) -> None:
    """Count a wrong password for the account, wherever it was typed; the attempt that locks the
    account is written to its trail."""
    if ratelimit.count(_account_key(username), LOCKED_FOR) != ACCOUNT_ATTEMPTS:
        return
    user = User.objects.unrestricted().filter(username__iexact=username.strip()).first()
    if user is not None:
        with transaction.atomic():
            record(
                actor=None,
                action=AuditAction.SIGNIN_LOCKED,
                subject=user,
                region=user.region_id or "",
                label=user.get_username(),
                reason=f"连续{ACCOUNT_ATTEMPTS}次密码错误，暂停登录{LOCKED_FOR // 60}分钟",
                ip=ip,
            )


def signin_succeeded(request: HttpRequest, username: str) -> None:
    ratelimit.clear(_keys(request, username)[0])
