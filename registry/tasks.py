"""Celery tasks of the registry.

Tasks receive ids and call services; they never carry model instances or personal data in
their messages.
"""

from __future__ import annotations

import socket
from typing import Any

from celery import Task, shared_task
from django.db import connection
from django.utils import timezone

from .models import LedgerImport, Organization, Region


@shared_task(bind=True, name="registry.worker_status")
def worker_status(self: Task) -> dict[str, Any]:
    """Report what the worker running this task sees.

    Operators send it (``manage.py check_worker``) to verify that the worker processes are alive
    and reach the same database as the web processes: a worker configured with another
    ``DATABASE_URL`` answers with another vendor or other counts. Read-only.
    """
    return {
        "worker": self.request.hostname or socket.gethostname(),
        "database": connection.vendor,
        "regions": Region.objects.unrestricted().count(),
        "organizations": Organization.objects.unrestricted().count(),
        "checked_at": timezone.now().isoformat(),
    }


@shared_task(name="registry.send_password_reset_link")
def send_password_reset_link(user_id: int) -> None:
    """Email an account the link that sets a new password; the link is made here, never carried in
    the task's message."""
    from .services.password_mail import password_reset_mail

    password_reset_mail(user_id=user_id)


@shared_task(name="registry.deliver_notifications", acks_late=True)
def deliver_notifications(channel_name: str, dedupe_key: str) -> int:
    """Repeat saved in-app messages by e-mail or text; the addresses are read from the accounts here."""
    from .services import notifications_deliver

    return notifications_deliver(channel_name=channel_name, dedupe_key=dedupe_key)


@shared_task(name="registry.check_ledger", acks_late=True)
def check_ledger(ledger_id: int) -> str:
    """The dry run of an uploaded ledger; returns its status (ready or failed)."""
    from .services.ledger import ledger_check

    return ledger_check(ledger_id=ledger_id).status


@shared_task(name="registry.apply_ledger", acks_late=True)
def apply_ledger(ledger_id: int) -> str:
    """The confirmed import of a checked ledger; returns its status (applied or failed)."""
    from .services.ledger import ledger_apply

    ledger_apply(ledger_id=ledger_id)
    return LedgerImport.objects.unrestricted().get(pk=ledger_id).status
