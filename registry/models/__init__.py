from .accounts import User
from .audit import AuditEvent
from .notifications import Notification
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
    "Notification",
    "Organization",
    "Region",
    "ServiceDomain",
    "SocialWorker",
    "TargetGroup",
    "User",
]
