"""Excel exports. Personal data is always masked in an export."""

from __future__ import annotations

from django.db.models import QuerySet

from core.exports import workbook_bytes

from .ledger.columns import HEADERS, PREFETCHED, RELATED, organization_cells
from .models import Organization

# The export's columns are the ledger's (registry.ledger.columns): what is exported imports back.
ORGANIZATION_COLUMNS = HEADERS


def organizations_workbook(queryset: QuerySet[Organization]) -> bytes:
    rows = (
        organization_cells(org)
        for org in queryset.select_related(*RELATED).prefetch_related(*PREFETCHED).iterator(chunk_size=2000)
    )
    return workbook_bytes("社区社会组织", ORGANIZATION_COLUMNS, rows)
