"""Every write of incubation goes through these functions."""

from .applications import (
    tenancies_follow_filings,
    tenancy_apply,
    tenancy_link_organization,
    tenancy_reveal_contact,
)
from .bases import (
    BASE,
    base_allowed_actions,
    base_approve,
    base_close,
    base_register,
    base_reject,
    base_update,
    operator_bind,
    operator_unbind,
)
from .evaluations import base_evaluate, grade_of
from .records import service_log, subsidy_record
from .spaces import space_add, space_update, staff_training_record
from .tenancies import (
    TENANCY,
    tenancy_admit,
    tenancy_allowed_actions,
    tenancy_exit,
    tenancy_extend,
    tenancy_graduate,
    tenancy_move_in,
    tenancy_reject,
    tenancy_withdraw,
)

__all__ = [
    "BASE",
    "TENANCY",
    "base_allowed_actions",
    "base_approve",
    "base_close",
    "base_evaluate",
    "base_register",
    "base_reject",
    "base_update",
    "grade_of",
    "operator_bind",
    "operator_unbind",
    "service_log",
    "space_add",
    "space_update",
    "staff_training_record",
    "subsidy_record",
    "tenancies_follow_filings",
    "tenancy_admit",
    "tenancy_allowed_actions",
    "tenancy_apply",
    "tenancy_exit",
    "tenancy_extend",
    "tenancy_graduate",
    "tenancy_link_organization",
    "tenancy_move_in",
    "tenancy_reject",
    "tenancy_reveal_contact",
    "tenancy_withdraw",
]
