from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "评估与指标"

    def ready(self) -> None:
        # The registry's audit trail shows these events in Chinese without importing this app.
        from registry.models.audit import register_action_labels

        from .choices import AssessmentAuditAction

        register_action_labels(dict(AssessmentAuditAction.choices))
