from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_out


def _revoke_on_sign_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from core.auth import revoke_tokens

    if user is not None:
        revoke_tokens(user)


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "基础信息"

    def ready(self) -> None:
        # The trail's subjects of the registry and the labels of its events.
        from core.badges import badge_key, register_badges
        from core.panels import register_panel
        from core.trail import register_actions, register_subject

        from . import measures, permissions  # noqa: F401  (the rules register themselves)
        from .choices import AuditAction, OrganizationStatus
        from .models import (
            Category,
            Federation,
            Organization,
            Region,
            ServiceDomain,
            SocialWorker,
            TargetGroup,
            User,
        )
        from .selectors import organization_accounts_panel

        measures.register()
        # The in-app messages (and the channels settings switch on) carry every app's notices.
        from core.notices import register_sender

        from .services import notices_send

        register_sender(notices_send)
        # Signing out of the pages ends the user's API tokens as well.
        user_logged_out.connect(_revoke_on_sign_out, dispatch_uid="registry.revoke_tokens_on_sign_out")
        register_subject(Organization, states=OrganizationStatus.choices)
        register_subject(Federation)
        register_subject(SocialWorker)
        register_subject(Region)
        register_subject(User)
        # Platform-wide lists, in no jurisdiction: only a superuser reads their events.
        for vocabulary in (Category, ServiceDomain, TargetGroup):
            register_subject(vocabulary, superuser_only=True)
        register_actions(dict(AuditAction.choices))
        register_panel(
            "organization",
            "accounts",
            "registry/includes/organization_accounts.html",
            organization_accounts_panel,
        )
        register_badges(
            badge_key(Organization, "status"),
            OrganizationStatus.choices,
            {"active": "success", "revoked": "danger", "deregistered": "secondary"},
        )
