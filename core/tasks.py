"""Background work of the platform core: tasks load by id and call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="core.run_export", acks_late=True)
def run_export(job_id: int) -> str:
    """Write one export's file; returns its final status (done or failed)."""
    from .export_jobs import export_run

    return export_run(job_id=job_id).status


@shared_task(name="core.clean_exports", acks_late=True)
def clean_exports() -> int:
    """Delete export files past their time; returns how many."""
    from .export_jobs import export_cleanup

    return export_cleanup()
