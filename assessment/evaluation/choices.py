"""Enumerations of work reports, the annual evaluation, brands, service projects and trainings."""

from django.db import models


class PeriodKind(models.TextChoices):
    """How often organizations report their work to the community (工作报告)."""

    QUARTER = "quarter", "季度"
    HALF = "half", "半年"
    YEAR = "year", "年度"


class WorkReportState(models.TextChoices):
    SUBMITTED = "submitted", "已报送"
    ACKNOWLEDGED = "acknowledged", "已阅知"
    RETURNED = "returned", "退回修改"


class RoundState(models.TextChoices):
    OPEN = "open", "居民评议"
    SCORING = "scoring", "两委评分"
    REVIEW = "review", "街道审核"
    RETURNED = "returned", "退回修改"
    PUBLISHED = "published", "已公布"


class Grade(models.TextChoices):
    """Grades from best to worst; the order matters (see ``GRADE_ORDER``)."""

    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


# Best first: a grade "at least good" is one of the grades up to and including good.
GRADE_ORDER = tuple(Grade.values)


def grades_at_least(grade: str) -> tuple[str, ...]:
    return GRADE_ORDER[: GRADE_ORDER.index(grade) + 1]


class Vote(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"


class BrandState(models.TextChoices):
    ACTIVE = "active", "有效"
    REVOKED = "revoked", "已撤销"


class AwardKind(models.TextChoices):
    BRAND = "brand", "品牌社区社会组织"
    PROJECT = "project", "优秀典型项目案例"
    MODEL = "model", "先进典型"


class ProjectFunding(models.TextChoices):
    GOVERNMENT = "government", "政府购买服务"
    VENTURE = "venture", "公益创投"
    LOTTERY = "lottery", "福彩公益金"
    COMMUNITY_FUND = "community_fund", "社区公益金"
    DONATION = "donation", "社会捐赠"
    OWN = "own", "自有资金"
    OTHER = "other", "其他"


class TrainingMode(models.TextChoices):
    OFFLINE = "offline", "线下授课"
    ONLINE = "online", "网上课堂"
    SITE = "site", "现场教学"


class TrainingTopic(models.TextChoices):
    PARTY = "party", "党的建设"
    DEVELOPMENT = "development", "培育发展"
    CAPACITY = "capacity", "能力建设"
    OPERATIONS = "operations", "日常运作"
    PROJECTS = "projects", "项目运作"
    POLICY = "policy", "政策解读"


class Audience(models.TextChoices):
    """Who attends a training: the audiences the national plan names (民办发〔2020〕36号)."""

    LEADER = "leader", "社区社会组织负责人"
    CORE = "core", "社区社会组织骨干"
    CIVIL_AFFAIRS = "civil_affairs", "街道（乡镇）民政助理"
    COMMUNITY_WORKER = "community_worker", "城乡社区工作者"
    CHILD_DIRECTOR = "child_director", "儿童主任"
    SOCIAL_WORKER = "social_worker", "社区社会工作者"
    VOLUNTEER = "volunteer", "社区志愿者"


# Taicang: 负责人及其他骨干人员参加不少于1次能力培训 — the attendances that count for an organization.
ORGANIZATION_AUDIENCES = frozenset({Audience.LEADER, Audience.CORE})


class EvaluationAction(models.TextChoices):
    """Events of the trail that are not a workflow's steps (those are ``<workflow>.<action>``)."""

    WORK_REPORT_SUBMITTED = "work_report.submitted", "报送工作报告"
    WORK_REPORT_ATTACHED = "work_report.attached", "上传工作报告附件"
    SCHEME_SAVED = "evaluation_scheme.saved", "保存评议方案"
    ROUND_OPENED = "evaluation_round.opened", "开启年度评议"
    VOTES_RECORDED = "evaluation_entry.votes", "登记居民评议票数"
    ENTRY_SCORED = "evaluation_entry.scored", "两委评分"
    BRAND_DESIGNATED = "brand.designated", "认定品牌组织"
    BRAND_REVOKED = "brand.revoked", "撤销品牌认定"
    SELECTION_RECORDED = "selection.recorded", "登记评选活动"
    AWARD_RECORDED = "selection.award", "登记评选结果"
    PROJECT_RECORDED = "service_project.recorded", "登记服务项目"
    PROJECT_UPDATED = "service_project.updated", "修改服务项目"
    TRAINING_RECORDED = "training.recorded", "登记能力培训"
    TRAINING_UPDATED = "training.updated", "修改能力培训"
    ATTENDEES_ADDED = "training.attendees_added", "登记参训人员"
    ATTENDEE_REMOVED = "training.attendee_removed", "移除参训人员"
