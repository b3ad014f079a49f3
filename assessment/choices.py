"""Enumerations of quota policies and their reports."""

from django.db import models


class RuleKind(models.TextChoices):
    CATEGORY_COVERAGE = "category_coverage", "类别覆盖（5+X）"
    AVERAGE_ORGANIZATIONS = "average_organizations", "社区平均组织数"
    BRAND_ORGANIZATIONS = "brand_organizations", "社区品牌组织数"
    SOCIAL_WORKERS = "social_workers", "社区社会工作人才数"
    INCUBATION_BASES = "incubation_bases", "区县孵化基地数"
    STREET_FEDERATION = "street_federation", "街道联合会"
    ANNUAL_ACTIVITY = "annual_activity", "年度服务项目与能力培训"
    PARTY_BUILDING = "party_building", "党的组织和工作覆盖"
    TRACKING = "tracking", "统计监测"


class Outcome(models.TextChoices):
    PASS = "pass", "达标"
    FAIL = "fail", "未达标"
    NO_DATA = "no_data", "无数据"
    INFO = "info", "仅统计"
    NOT_APPLICABLE = "na", "不适用"


class ReportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "计算中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class AssessmentAuditAction(models.TextChoices):
    POLICY_CREATED = "quota_policy.created", "新建指标方案"
    POLICY_UPDATED = "quota_policy.updated", "修改指标方案"
    REPORT_REQUESTED = "quota_report.requested", "生成指标报告"
    REPORT_FINISHED = "quota_report.finished", "指标报告计算完成"
    REPORT_FAILED = "quota_report.failed", "指标报告计算失败"
