from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = "基础信息"

    def ready(self) -> None:
        # The trail's subjects of the registry and the labels of its events.
        from core.badges import badge_key, register_badges
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

        measures.register()
        register_subject(Organization, states=OrganizationStatus.choices)
        register_subject(Federation)
        register_subject(SocialWorker)
        register_subject(Region)
        register_subject(User)
        # Platform-wide lists, in no jurisdiction: only a superuser reads their events.
        for vocabulary in (Category, ServiceDomain, TargetGroup):
            register_subject(vocabulary, superuser_only=True)
        register_actions(dict(AuditAction.choices))
        register_badges(
            badge_key(Organization, "status"),
            OrganizationStatus.choices,
            {"active": "success", "revoked": "danger", "deregistered": "secondary"},
        )
