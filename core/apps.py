from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished

        from . import dates
        from .background import run_held_tasks
        from .badges import badge_key, register_badges
        from .export_jobs import ExportAction
        from .middleware import mark_seen
        from .models import ExportJob, ExportStatus
        from .trail import register_actions, register_subject

        dates.install()
        user_logged_in.connect(mark_seen, dispatch_uid="core.mark_seen")
        request_finished.connect(run_held_tasks, dispatch_uid="core.run_held_tasks")
        # An export's events (asked for, personal data written in full, fetched) are its requester's.
        register_subject(ExportJob, states=ExportStatus.choices)
        register_actions(dict(ExportAction.choices))
        register_badges(
            badge_key(ExportJob, "status"),
            ExportStatus.choices,
            {"done": "success", "failed": "danger", "running": "primary", "queued": "warning"},
            default="secondary",
        )
