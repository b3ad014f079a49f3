from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "平台基础"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished

        from .background import run_held_tasks
        from .middleware import mark_seen

        user_logged_in.connect(mark_seen, dispatch_uid="core.mark_seen")
        request_finished.connect(run_held_tasks, dispatch_uid="core.run_held_tasks")
