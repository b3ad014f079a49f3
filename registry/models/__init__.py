from .accounts import User
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
