"""Background work of the assessment app: tasks load by id and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="assessment.run_quota_report", acks_late=True)
def run_quota_report(report_id: int) -> str:
    """Compute one quota report snapshot; returns its final status (done or failed)."""
    from .services.reports import report_run

    return report_run(report_id=report_id).status


@shared_task(name="assessment.run_nightly_quota_reports", acks_late=True)
def run_nightly_quota_reports() -> int:
    """Queue today's snapshot of every active quota policy; returns how many were queued."""
    from .services.reports import nightly_reports_request

    return nightly_reports_request()
