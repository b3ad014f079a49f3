"""Writes of the assessment app: quota policies and the runs of their reports."""

from .policies import policy_copy, policy_rules_frozen, policy_update
from .reports import nightly_reports_request, report_request, report_run

__all__ = [
    "nightly_reports_request",
    "policy_copy",
    "policy_rules_frozen",
    "policy_update",
    "report_request",
    "report_run",
]
