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
        # The trail's subjects of this app, the labels of its events and how outcomes show.
        from core.badges import register_badges
        from core.trail import register_actions, register_subject

        from . import permissions  # noqa: F401  (the rules register themselves)
        from .choices import AssessmentAuditAction, Outcome, ReportStatus
        from .models import QuotaPolicy, QuotaReport

        register_subject(QuotaPolicy)
        register_subject(QuotaReport, states=ReportStatus.choices)
        register_actions(dict(AssessmentAuditAction.choices))
        register_badges(
            "assessment.outcome",
            Outcome.choices,
            {"pass": "success", "fail": "danger", "info": "primary", "no_data": "secondary", "na": "light"},
        )

    def seed_demo(self, *, stdout: OutputWrapper) -> Iterable[LoginRow]:
        """Quota policies and dated snapshots for the demo city (see ``assessment.demo``)."""
        from .demo import seed_demo

        return seed_demo(stdout=stdout)
