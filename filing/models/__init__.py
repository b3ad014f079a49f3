from .applications import ApplicationMaterial, FilingApplication
from .certificates import Certificate, FilingNumberSequence
from .duties import Announcement, Complaint, DormancyFlag, EventReport, Revocation
from .registration import RegistrationCase

__all__ = [
    "Announcement",
    "ApplicationMaterial",
    "Certificate",
    "Complaint",
    "DormancyFlag",
    "EventReport",
    "FilingApplication",
    "FilingNumberSequence",
    "RegistrationCase",
    "Revocation",
]
