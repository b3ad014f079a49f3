from .applications import ApplicationMaterial, FilingApplication
from .certificates import Certificate, FilingNumberSequence
from .duties import Announcement, Complaint, DormancyFlag, EventReport, Revocation

__all__ = [
    "Announcement",
    "ApplicationMaterial",
    "Certificate",
    "Complaint",
    "DormancyFlag",
    "EventReport",
    "FilingApplication",
    "FilingNumberSequence",
    "Revocation",
]
