from django.apps import AppConfig


class FilingConfig(AppConfig):
    name = "filing"
    verbose_name = "备案管理"

    def ready(self) -> None:
        # The trail's subjects and the labels of filing's events; the workflows register their steps.
        from core.badges import badge_key, register_badges
        from core.trail import register_actions, register_subject

        from . import exports, measures, notices, panels, permissions, services, todos  # noqa: F401  (rules and workflows register themselves)
        from .choices import (
            AnnouncementKind,
            ApplicationState,
            ComplaintState,
            DormancyState,
            EventReportState,
            FilingAction,
            RegistrationCaseState,
        )
        from .models import (
            Announcement,
            Certificate,
            Complaint,
            DormancyFlag,
            EventReport,
            FilingApplication,
            RegistrationCase,
        )

        measures.register()
        panels.register()
        notices.register()
        todos.register()
        register_subject(FilingApplication, states=ApplicationState.choices)
        register_subject(Complaint, states=ComplaintState.choices)
        register_subject(EventReport, states=EventReportState.choices)
        register_subject(DormancyFlag, states=DormancyState.choices)
        register_subject(Certificate)
        register_subject(RegistrationCase, states=RegistrationCaseState.choices)
        register_subject(Announcement, states=AnnouncementKind.choices)  # its event's "state" is its kind
        register_actions(dict(FilingAction.choices))
        register_badges(
            badge_key(FilingApplication),
            ApplicationState.choices,
            {"approved": "success", "rejected": "danger", "returned": "warning", "draft": "light"},
        )
        register_badges(
            badge_key(Complaint), ComplaintState.choices, {"closed": "success", "investigating": "warning"}
        )
        register_badges(
            badge_key(EventReport),
            EventReportState.choices,
            {"acknowledged": "success", "more_info": "warning"},
        )
        register_badges(
            badge_key(DormancyFlag),
            DormancyState.choices,
            {"open": "warning", "dismissed": "success", "revoked": "danger"},
        )
        register_badges(
            badge_key(RegistrationCase),
            RegistrationCaseState.choices,
            {"decided": "success", "withdrawn": "secondary"},
        )
        register_badges(
            badge_key(Announcement, "kind"),
            AnnouncementKind.choices,
            {
                "revocation": "danger",
                "registration_revoked": "danger",
                "deregistration": "secondary",
                "registration_ended": "secondary",
            },
            default="info",
        )
