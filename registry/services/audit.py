from __future__ import annotations

from typing import Any

from ..models import AuditEvent, Organization, Region, User


def audit_record(
    *,
    actor: User | None,
    action: str,
    region: Region | str,
    organization: Organization | None = None,
    subject: str = "",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one line to the audit trail; callers are already inside their transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor and actor.pk else None,
        actor_label=actor.get_username() if actor and actor.pk else "",
        action=action,
        region_id=region if isinstance(region, str) else region.code,
        organization=organization,
        subject=subject,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        ip_address=ip,
        details=details or {},
    )
