"""Signing in looks an account up before anyone is signed in: the one read of accounts that is for
no user in particular. Everything else reads accounts through their scoped manager."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


class ScopedModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.unrestricted().get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class ExpiringTokenAuthentication(TokenAuthentication):
    """API tokens last ``API_TOKEN_HOURS`` from their issue; an older one is refused (and removed), so a
    leaked token does not work for ever. Signing out or a new password removes a user's tokens."""

    def authenticate_credentials(self, key: str) -> Any:
        user, token = super().authenticate_credentials(key)
        if timezone.now() - token.created > datetime.timedelta(hours=settings.API_TOKEN_HOURS):
            token.delete()
            raise AuthenticationFailed("令牌已过期，请重新获取")
        return user, token


def revoke_tokens(user: Any) -> None:
    """Remove every API token of the user (signing out, a new password)."""
    Token.objects.filter(user=user).delete()
