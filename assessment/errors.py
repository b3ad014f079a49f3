"""Error codes of quota policies, reports and statistics; the codes every app shares are in
``core.errors.Code``."""

from enum import StrEnum


class AssessmentCode(StrEnum):
    INVALID_KIND = "invalid_kind"
    INVALID_PARAM = "invalid_param"
    NO_RULES = "no_rules"
    TOO_MANY_RULES = "too_many_rules"
    NOT_A_LIST = "not_a_list"
    PRESET_READONLY = "preset_readonly"
    NOT_POLICY_OWNER = "not_policy_owner"
    OUTSIDE_POLICY = "outside_policy"
    RULE_REQUIRED = "rule_required"
    INVALID_RULE = "invalid_rule"
    YEAR_OUT_OF_RANGE = "year_out_of_range"
    INVALID_QUARTER = "invalid_quarter"
    FUTURE_QUARTER = "future_quarter"
