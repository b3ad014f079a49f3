from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "评估与指标"

    def ready(self) -> None:
        # The trail's subjects of this app, the labels of its events and how outcomes show.
        from core.badges import register_badges
        from core.trail import register_actions, register_subject

        from . import notices, permissions, services  # noqa: F401  (rules and workflows register themselves)
        from .choices import AssessmentAuditAction, Outcome, ReportStatus
        from .models import QuotaPolicy, QuotaReport

        register_subject(QuotaPolicy)
        register_subject(QuotaReport, states=ReportStatus.choices)
        register_actions(dict(AssessmentAuditAction.choices))
        notices.register()
        register_badges(
            "assessment.outcome",
            Outcome.choices,
            {"pass": "success", "fail": "danger", "info": "primary", "no_data": "secondary", "na": "light"},
        )
        self.ready_evaluation()

    def ready_evaluation(self) -> None:
        """Work reports, the annual evaluation, brands, projects and trainings: their trail subjects and
        badges, and what they provide other apps through core (measures, activity, page panels)."""
        from core.badges import badge_key, register_badges
        from core.trail import register_actions, register_subject

        from .evaluation import activity, measures, panels, permissions, todos  # noqa: F401
        from .evaluation.choices import BrandState, EvaluationAction, Grade, RoundState, WorkReportState
        from .models import (
            BrandDesignation,
            EvaluationEntry,
            EvaluationRound,
            EvaluationScheme,
            Selection,
            ServiceProject,
            Training,
            WorkReport,
        )

        register_subject(WorkReport, states=WorkReportState.choices)
        register_subject(EvaluationRound, states=RoundState.choices)
        register_subject(BrandDesignation, states=BrandState.choices)
        for model in (EvaluationEntry, EvaluationScheme, Selection, ServiceProject, Training):
            register_subject(model)
        register_actions(dict(EvaluationAction.choices))
        register_badges(
            badge_key(WorkReport),
            WorkReportState.choices,
            {"acknowledged": "success", "returned": "warning", "submitted": "primary"},
        )
        register_badges(
            badge_key(EvaluationRound),
            RoundState.choices,
            {"published": "success", "returned": "warning", "review": "info", "scoring": "primary"},
            default="secondary",
        )
        register_badges(
            badge_key(EvaluationEntry, "grade"),
            Grade.choices,
            {"excellent": "success", "good": "primary", "pass": "secondary", "fail": "danger"},
        )
        register_badges(
            badge_key(BrandDesignation), BrandState.choices, {"active": "warning", "revoked": "secondary"}
        )
        measures.register()
        activity.register()
        panels.register()
        todos.register()
