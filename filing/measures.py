"""Filing's measures (see ``core.measures``): new filings approved and filings revoked, each a column
of the quarterly statistics table (本季度办理)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count

from core.measures import QuarterlyColumn, register_measure

from .choices import ApplicationKind, ApplicationState
from .models import FilingApplication, Revocation


def new_filings(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """New-filing applications (新设备案) approved before the cutoff, per community applied for."""
    rows = (
        FilingApplication.objects.unrestricted()
        .filter(
            kind=ApplicationKind.NEW,
            state=ApplicationState.APPROVED,
            decided_at__lt=cutoff,
            community__code__startswith=prefix,
        )
        .values("community_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["community_id"]: row["n"] for row in rows}


def revocations(prefix: str, cutoff: datetime.datetime, params: Mapping[str, Any]) -> dict[str, int]:
    """Revocation decisions (取消备案) taken before the cutoff, per community of the organization."""
    rows = (
        Revocation.objects.unrestricted()
        .filter(decided_at__lt=cutoff, organization__community__code__startswith=prefix)
        .values("organization__community_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["organization__community_id"]: row["n"] for row in rows}


def register() -> None:
    register_measure(
        "new_filings",
        new_filings,
        column=QuarterlyColumn(
            "本季度办理", "新设备案", "新设备案：本季度内办结且准予备案的新设备案申请", flow=True, order=10
        ),
    )
    register_measure(
        "revocations",
        revocations,
        column=QuarterlyColumn(
            "本季度办理", "取消备案", "取消备案：本季度内作出的取消备案决定", flow=True, order=20
        ),
    )
