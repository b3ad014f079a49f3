"""Every write of the filing workflow goes through these functions."""

from .applications import (
    application_create,
    application_update,
    check_complete,
    material_add,
    material_remove,
)
from .approval import certificate_issue, next_filing_number
from .certificates import certificate_renew
from .workflow import (
    TRANSITIONS,
    allowed_actions,
    application_approve,
    application_give_opinion,
    application_reject,
    application_return,
    application_submit,
)

__all__ = [
    "TRANSITIONS",
    "allowed_actions",
    "application_approve",
    "application_create",
    "application_give_opinion",
    "application_reject",
    "application_return",
    "application_submit",
    "application_update",
    "certificate_issue",
    "certificate_renew",
    "check_complete",
    "material_add",
    "material_remove",
    "next_filing_number",
]
