from django.apps import AppConfig


class IncubationConfig(AppConfig):
    name = "incubation"
    verbose_name = "孵化培育"

    def ready(self) -> None:
        # The trail's subjects, the badges of their states and the measures; the permission rules
        # and the workflows register themselves on import.
        from core.badges import badge_key, register_badges
        from core.trail import register_actions, register_subject

        from . import measures, notices, permissions, services, todos  # noqa: F401
        from .choices import BaseState, EvaluationGrade, IncubationAction, TenancyState
        from .models import BaseEvaluation, IncubationBase, ServiceRecord, Subsidy, Tenancy
        from .selectors import Flag

        measures.register()
        notices.register()
        todos.register()
        register_subject(IncubationBase, states=BaseState.choices)
        register_subject(Tenancy, states=TenancyState.choices)
        register_subject(ServiceRecord)
        register_subject(Subsidy)
        register_actions(dict(IncubationAction.choices))
        register_badges(
            badge_key(IncubationBase),
            BaseState.choices,
            {"open": "success", "pending": "warning", "rejected": "danger", "closed": "secondary"},
        )
        register_badges(
            badge_key(Tenancy),
            TenancyState.choices,
            {
                "applied": "warning",
                "admitted": "info",
                "active": "success",
                "extended": "success",
                "graduated": "primary",
                "exited": "secondary",
                "rejected": "danger",
                "withdrawn": "light",
            },
        )
        register_badges(
            "incubation.deadline", Flag.choices, {"overdue": "danger", "due_soon": "warning"}, "success"
        )
        register_badges(
            badge_key(BaseEvaluation, "grade"),
            EvaluationGrade.choices,
            {"excellent": "success", "good": "primary", "pass": "info", "fail": "danger"},
        )
