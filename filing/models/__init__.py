from .applications import ApplicationEvent, ApplicationMaterial, FilingApplication
from .certificates import Certificate, FilingNumberSequence

__all__ = [
    "ApplicationEvent",
    "ApplicationMaterial",
    "Certificate",
    "FilingApplication",
    "FilingNumberSequence",
]
