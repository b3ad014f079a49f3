from .applications import ApplicationEvent, ApplicationMaterial, FilingApplication
from .certificates import Certificate, FilingNumberSequence
from .duties import Announcement, Complaint, DormancyFlag, EventReport, Revocation

__all__ = [
    "Announcement",
    "ApplicationEvent",
    "ApplicationMaterial",
    "Certificate",
    "Complaint",
    "DormancyFlag",
    "EventReport",
    "FilingApplication",
    "FilingNumberSequence",
    "Revocation",
]
