"""Error codes of work reports, the annual evaluation, brands, projects and trainings; the codes every
app shares are in ``core.errors.Code``."""

from enum import StrEnum


class EvaluationCode(StrEnum):
    # work reports
    FUTURE_PERIOD = "future_period"
    INVALID_PERIOD = "invalid_period"
    DUPLICATE_REPORT = "duplicate_report"
    ORGANIZATION_INACTIVE = "organization_inactive"
    FUTURE_DATE = "future_date"
    OUTSIDE_PERIOD = "outside_period"
    NEGATIVE = "negative"
    TOO_MANY = "too_many"
    COMMENT_REQUIRED = "comment_required"
    # rubric and schemes
    WEIGHTS_SUM = "weights_sum"
    DUPLICATE_INDICATOR = "duplicate_indicator"
    NO_INDICATORS = "no_indicators"
    VOTE_INDICATORS = "vote_indicators"
    THRESHOLDS_ORDER = "thresholds_order"
    DUPLICATE_SCHEME = "duplicate_scheme"
    # rounds
    YEAR_OUT_OF_RANGE = "year_out_of_range"
    DUPLICATE_ROUND = "duplicate_round"
    NO_ORGANIZATIONS = "no_organizations"
    NOT_IN_ROUND = "not_in_round"
    SCORE_ABOVE_MAXIMUM = "score_above_maximum"
    SCORE_PRECISION = "score_precision"
    UNKNOWN_INDICATOR = "unknown_indicator"
    SCORING_INCOMPLETE = "scoring_incomplete"
    VOTES_CLOSED = "votes_closed"
    SCORING_CLOSED = "scoring_closed"
    # brands and selections
    ALREADY_BRAND = "already_brand"
    FAILED_EVALUATION = "failed_evaluation"
    NOT_ACTIVE = "not_active"
    DUPLICATE_SELECTION = "duplicate_selection"
    DUPLICATE_AWARD = "duplicate_award"
    PROJECT_MISMATCH = "project_mismatch"
    # projects and trainings
    ENDS_BEFORE_START = "ends_before_start"
    ORGANIZATION_REQUIRED = "organization_required"
    DUPLICATE_ATTENDEE = "duplicate_attendee"
    OUTSIDE_TRAINING = "outside_training"
