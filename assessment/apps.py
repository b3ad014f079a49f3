from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from django.core.management.base import OutputWrapper

    from registry.demo import LoginRow


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "评估与指标"

    def ready(self) -> None:
        # The registry's audit trail shows these events in Chinese without importing this app.
        from registry.models.audit import register_action_labels

        from .choices import AssessmentAuditAction

        register_action_labels(dict(AssessmentAuditAction.choices))

    def seed_demo(self, *, stdout: OutputWrapper) -> Iterable[LoginRow]:
        """Quota policies and dated snapshots for the demo city (see ``assessment.demo``)."""
        from .demo import seed_demo

        return seed_demo(stdout=stdout)
