from .activity import ServiceProject, Training, TrainingAttendee
from .brands import BrandDesignation, Selection, SelectionAward
from .evaluation import EvaluationEntry, EvaluationRound, EvaluationScheme
from .policies import QuotaPolicy, QuotaRule
from .reports import QuotaReport, QuotaReportRow
from .work_reports import WorkReport, WorkReportActivity, WorkReportAttachment

__all__ = [
    "BrandDesignation",
    "EvaluationEntry",
    "EvaluationRound",
    "EvaluationScheme",
    "QuotaPolicy",
    "QuotaReport",
    "QuotaReportRow",
    "QuotaRule",
    "Selection",
    "SelectionAward",
    "ServiceProject",
    "Training",
    "TrainingAttendee",
    "WorkReport",
    "WorkReportActivity",
    "WorkReportAttachment",
]
