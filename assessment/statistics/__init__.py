"""The quarterly statistics table (季度统计表): its quarters, its figures and its workbook."""

from .periods import EARLIEST_YEAR, Quarter, last_completed_quarter, quarter_of
from .table import (
    DEFINITIONS,
    NO_DATA,
    TRAINING_LABEL,
    QuarterlyStatistics,
    StatisticsRow,
    quarterly_statistics,
)
from .workbook import quarterly_statistics_workbook, workbook_filename

__all__ = [
    "DEFINITIONS",
    "EARLIEST_YEAR",
    "NO_DATA",
    "TRAINING_LABEL",
    "Quarter",
    "QuarterlyStatistics",
    "StatisticsRow",
    "last_completed_quarter",
    "quarter_of",
    "quarterly_statistics",
    "quarterly_statistics_workbook",
    "workbook_filename",
]
