"""Error codes of filing (备案) and the street's other duties; the codes every app shares are in
``core.errors.Code``."""

from enum import StrEnum


class FilingCode(StrEnum):
    COMMITMENT_REQUIRED = "commitment_required"
    OPINION_REQUIRED = "opinion_required"
    VENUE_NOT_CERTIFIED = "venue_not_certified"
    MISSING_MATERIALS = "missing_materials"
    NOT_EDITABLE = "not_editable"
    NAME_PATTERN = "name_pattern"
    EXCLUDED_KIND = "excluded_kind"
    TOO_FEW_MEMBERS = "too_few_members"
    NOTHING_TO_CHANGE = "nothing_to_change"
    REGISTERED_BY_BUREAU = "registered_by_bureau"
    NOT_OPEN = "not_open"
    RENEWAL_NOT_DUE = "renewal_not_due"
    CONTENT_TOO_SHORT = "content_too_short"
    CONTENT_TOO_LONG = "content_too_long"
    NAME_TOO_LONG = "name_too_long"
    FEEDBACK_REQUIRED = "feedback_required"
    RESPONSE_REQUIRED = "response_required"
    STARTS_IN_PAST = "starts_in_past"
    ENDS_BEFORE_START = "ends_before_start"
    PARTICIPANTS_MIN = "participants_min"
    NOT_FILED = "not_filed"
    FACT_DATE_OUT_OF_RANGE = "fact_date_out_of_range"
    PARTICIPANTS_MAX = "participants_max"
    TOO_MANY_MATERIALS = "too_many_materials"
    MATERIALS_TOO_LARGE = "materials_too_large"
