from django.apps import AppConfig


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
