from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from django.core.management.base import OutputWrapper

    from registry.demo import LoginRow


class FilingConfig(AppConfig):
    name = "filing"
    verbose_name = "备案管理"

    def ready(self) -> None:
        # The registry's audit trail shows filing's events in Chinese without importing filing.
        from registry.models.audit import register_action_labels

        from .audit_labels import ACTION_LABELS

        register_action_labels(ACTION_LABELS)

    def seed_demo(self, *, stdout: OutputWrapper) -> Iterable[LoginRow]:
        """The demo's applications and certificates, called by ``manage.py seed_demo`` once the
        registry's demo city exists (see ``registry.demo.seed_other_apps`` and ``filing.demo``)."""
        from .demo import seed_demo

        return seed_demo(stdout=stdout)
