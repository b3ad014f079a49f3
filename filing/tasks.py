"""Filing's background work: tasks load by id and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="filing.render_certificate", acks_late=True)
def render_certificate(certificate_id: int) -> str:
    """Render (or re-render after a change) a filing certificate's PDF unless a download already
    did; returns the stored path."""
    from .certificates import certificate_render

    return certificate_render(certificate_id=certificate_id, only_if_stale=True)


@shared_task(name="filing.send_deadline_reminders", acks_late=True)
def send_deadline_reminders() -> int:
    """The nightly deadline and renewal reminders; returns how many notifications were sent."""
    from .services.reminders import deadline_reminders_send

    return deadline_reminders_send()


@shared_task(name="filing.scan_dormant_organizations", acks_late=True)
def scan_dormant_organizations() -> int:
    """The weekly dormant-organization (僵尸型) scan; returns how many organizations were flagged."""
    from .services.dormancy import dormancy_scan

    return dormancy_scan()
