"""Incubation's background work: tasks call a service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="incubation.follow_filings", acks_late=True)
def follow_filings() -> int:
    """Nightly: tenancies of groups filed since follow their organization; returns how many did."""
    from .services import tenancies_follow_filings

    return tenancies_follow_filings()
