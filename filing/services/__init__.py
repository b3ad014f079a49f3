"""Every write of the filing workflow goes through these functions."""

from .applications import (
    application_create,
    application_update,
    check_complete,
    material_add,
    material_open,
    material_remove,
    materials_add,
)
from .approval import certificate_issue, next_filing_number
from .certificates import certificate_renew
from .complaints import complaint_close, complaint_file, complaint_investigate, complaint_lookup
from .dormancy import dormancy_dismiss, dormancy_flag_unreachable, dormancy_scan
from .duties import announcement_for_deregistration, announcement_publish, organization_revoke
from .event_reports import (
    event_report_acknowledge,
    event_report_request_more_info,
    event_report_resubmit,
    event_report_submit,
)
from .registration import (
    REGISTRATION_CASE,
    registration_case_decide,
    registration_case_open,
    registration_case_withdraw,
)
from .workflow import (
    APPLICATION,
    allowed_actions,
    application_approve,
    application_give_opinion,
    application_reject,
    application_return,
    application_submit,
)

__all__ = [
    "APPLICATION",
    "REGISTRATION_CASE",
    "allowed_actions",
    "announcement_for_deregistration",
    "announcement_publish",
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
    "complaint_close",
    "complaint_file",
    "complaint_investigate",
    "complaint_lookup",
    "dormancy_dismiss",
    "dormancy_flag_unreachable",
    "dormancy_scan",
    "event_report_acknowledge",
    "event_report_request_more_info",
    "event_report_resubmit",
    "event_report_submit",
    "material_add",
    "material_open",
    "material_remove",
    "materials_add",
    "next_filing_number",
    "organization_revoke",
    "registration_case_decide",
    "registration_case_open",
    "registration_case_withdraw",
]
