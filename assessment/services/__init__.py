"""Writes of the assessment app: quota policies and the runs of their reports; work reports, the
annual evaluation, brands, selections, service projects and trainings."""

from .brands import brand_designate, brand_revoke
from .entries import entry_record_votes, entry_score
from .policies import policy_copy, policy_rules_frozen, policy_update
from .projects import project_record, project_update
from .reports import nightly_reports_request, report_request, report_run
from .rounds import round_move, round_open
from .schemes import scheme_create, scheme_update
from .selections import award_record, selection_record
from .trainings import (
    training_add_attendee,
    training_add_leaders,
    training_record,
    training_remove_attendee,
    training_update,
)
from .work_reports import (
    work_report_acknowledge,
    work_report_attach,
    work_report_resubmit,
    work_report_return,
    work_report_submit,
)

__all__ = [
    "award_record",
    "brand_designate",
    "brand_revoke",
    "entry_record_votes",
    "entry_score",
    "nightly_reports_request",
    "policy_copy",
    "policy_rules_frozen",
    "policy_update",
    "project_record",
    "project_update",
    "report_request",
    "report_run",
    "round_move",
    "round_open",
    "scheme_create",
    "scheme_update",
    "selection_record",
    "training_add_attendee",
    "training_add_leaders",
    "training_record",
    "training_remove_attendee",
    "training_update",
    "work_report_acknowledge",
    "work_report_attach",
    "work_report_resubmit",
    "work_report_return",
    "work_report_submit",
]
