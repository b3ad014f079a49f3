from .accounts import User
from .ledger import LedgerImport, LedgerIssue, LedgerRow
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
    "LedgerImport",
    "LedgerIssue",
    "LedgerRow",
    "Notification",
    "Organization",
    "Region",
    "ServiceDomain",
    "SocialWorker",
    "TargetGroup",
    "User",
]
