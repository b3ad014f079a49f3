"""Which rubric a community's round is scored by: the scheme of the nearest area that contains the
community, else the platform's default."""

from __future__ import annotations

from typing import Any

from registry.divisions import ancestor_codes
from registry.models import Region

from ..models import EvaluationScheme
from .rubric import DEFAULT_INDICATORS, DEFAULT_THRESHOLDS, DEFAULT_VOTE_VALUES

DEFAULT_NAME = "平台默认评议方案"


def applicable_scheme(community: Region) -> EvaluationScheme | None:
    """The scheme of the community's own area or the nearest one above it; the default otherwise.

    An internal read: which rubric applies does not depend on who asks."""
    nearest_first = [community.code, *ancestor_codes(community.code)]
    schemes = {
        scheme.jurisdiction_id: scheme
        for scheme in EvaluationScheme.objects.unrestricted().filter(jurisdiction__in=nearest_first)
    }
    for code in nearest_first:
        if code in schemes:
            return schemes[code]
    return EvaluationScheme.objects.unrestricted().filter(jurisdiction__isnull=True).first()


def install_default_scheme(scheme_model: Any) -> None:
    """Create or refresh the platform's default scheme (usable from a migration's historical model)."""
    manager = scheme_model._default_manager
    rows = manager.unrestricted() if hasattr(manager, "unrestricted") else manager.all()
    rows.update_or_create(
        jurisdiction=None,
        defaults={
            "name": DEFAULT_NAME,
            "indicators": [dict(item) for item in DEFAULT_INDICATORS],
            "thresholds": dict(DEFAULT_THRESHOLDS),
            "vote_values": dict(DEFAULT_VOTE_VALUES),
        },
    )
