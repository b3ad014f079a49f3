"""Signing in looks an account up before anyone is signed in: the one read of accounts that is for
no user in particular. Everything else reads accounts through their scoped manager."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.db import transaction
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from .errors import Code, Denied


class ScopedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.unrestricted().get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def token_digest(key: str) -> str:
    """What the database keeps of an API token: a digest the length of DRF's key column, so a copy of
    the database (a backup, a dump) holds no working credentials."""
    return hashlib.blake2b(key.encode(), digest_size=20, person=b"api-token").hexdigest()


@transaction.atomic
def token_issue(user: Any) -> str:
    """A fresh API token for the user, returned once and stored only as its digest. An account has one
    token at a time: signing in again replaces it."""
    key = secrets.token_hex(20)
    Token.objects.filter(user=user).delete()
    Token.objects.create(user=user, key=token_digest(key))
    return key


class ExpiringTokenAuthentication(TokenAuthentication):
    """API tokens last ``API_TOKEN_HOURS`` from their issue; an older one is refused (and removed), so a
    leaked token does not work for ever. Signing out or a new password removes a user's tokens. The
    presented key is looked up by its digest."""

    def authenticate_credentials(self, key: str) -> Any:
        user, token = super().authenticate_credentials(token_digest(key))
        if timezone.now() - token.created > datetime.timedelta(hours=settings.API_TOKEN_HOURS):
            token.delete()
            raise AuthenticationFailed("令牌已过期，请重新获取")
        if getattr(user, "must_change_password", False):
            # A one-time password opens the password page and nothing else, by token neither.
            raise Denied("您正在使用临时密码，请先登录网页修改密码", code=Code.PASSWORD_CHANGE_REQUIRED)
        return user, token


def revoke_tokens(user: Any) -> None:
    """Remove every API token of the user (signing out, a new password)."""
    Token.objects.filter(user=user).delete()


class ShortPasswordValidator(MinimumLengthValidator):
    """Django's length rule, saying so in Chinese: Django 5.2 formats its message with ``%d`` while
    its Chinese catalogue keys ``%(min_length)d``, so the message would reach users in English."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要{self.min_length}个字符"

    def get_help_text(self) -> str:
        return f"密码至少需要{self.min_length}个字符"
