from .accounts import User
from .audit import AuditEvent
from .organizations import (
    Category,
    Federation,
    Organization,
    ServiceDomain,
    SocialWorker,
    TargetGroup,
)
from .regions import Region

__all__ = [
    "AuditEvent",
    "Category",
    "Federation",
    "Organization",
    "Region",
    "ServiceDomain",
    "SocialWorker",
    "TargetGroup",
    "User",
]
