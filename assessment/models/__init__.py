from .policies import QuotaPolicy, QuotaRule
from .reports import QuotaReport, QuotaReportRow

__all__ = ["QuotaPolicy", "QuotaReport", "QuotaReportRow", "QuotaRule"]
