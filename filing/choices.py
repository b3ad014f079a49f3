"""Enumerations of the filing (备案) workflow."""

from django.db import models


class ApplicationKind(models.TextChoices):
    NEW = "new", "新设备案"
    CHANGE = "change", "变更备案"
    DEREGISTRATION = "deregistration", "注销备案"


class ApplicationState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    OPINION_GIVEN = "opinion_given", "社区已初审"
    APPROVED = "approved", "已备案"
    RETURNED = "returned", "退回补正"
    REJECTED = "rejected", "不予备案"


class MaterialKind(models.TextChoices):
    FILING_FORM = "filing_form", "备案申请表"
    LEADER_FORM = "leader_form", "负责人登记表"
    VENUE_PROOF = "venue_proof", "活动场所使用证明"
    CHARTER = "charter", "组织章程"
    ROSTER = "roster", "成员名册"
    DISSOLUTION = "dissolution", "解散决议"
    OTHER = "other", "其他材料"


class Opinion(models.TextChoices):
    AGREE = "agree", "同意备案"
    DISAGREE = "disagree", "不同意备案"


class AnnouncementKind(models.TextChoices):
    REVOCATION = "revocation", "取消备案公告"
    DEREGISTRATION = "deregistration", "注销备案公告"
    NOTICE = "notice", "通知公告"
    POLICY = "policy", "政策文件"
    REGISTRATION_ENDED = "registration_ended", "注销登记公告"
    REGISTRATION_REVOKED = "registration_revoked", "撤销登记公告"


class RevocationGround(models.TextChoices):
    AGAINST_CHARTER = "against_charter", "违反章程开展活动"
    COMPLAINTS = "complaints", "群众反映强烈"
    ILLEGAL = "illegal", "违反法律法规"
    DORMANT = "dormant", "长期不开展活动（僵尸型）"


class ComplaintState(models.TextChoices):
    RECEIVED = "received", "已受理"
    INVESTIGATING = "investigating", "调查中"
    CLOSED = "closed", "已办结"


class EventKind(models.TextChoices):
    FESTIVAL = "festival", "节庆活动"
    PERFORMANCE = "performance", "文艺演出"
    CONTEST = "contest", "体育比赛"
    GATHERING = "gathering", "聚会集会"
    OTHER = "other", "其他"


class EventReportState(models.TextChoices):
    SUBMITTED = "submitted", "已报告"
    ACKNOWLEDGED = "acknowledged", "街道已知悉"
    MORE_INFO = "more_info", "需补充说明"


class DormancyReason(models.TextChoices):
    UNREACHABLE = "unreachable", "无法取得联系"
    NO_ACTIVITY = "no_activity", "一年内未开展活动"
    NO_REPORT = "no_report", "连续两年未报送工作报告"


class DormancyState(models.TextChoices):
    OPEN = "open", "待复核"
    DISMISSED = "dismissed", "复核正常"
    REVOKED = "revoked", "已取消备案"


class FilingAction(models.TextChoices):
    """Events of the trail that are not a workflow's steps (those are named ``<workflow>.<action>``)."""

    COMPLAINT_FILED = "complaint.filed", "收到投诉举报"
    EVENT_REPORT_SUBMITTED = "event_report.submitted", "报告重大活动"
    CERTIFICATE_ISSUED = "certificate.issued", "颁发备案证书"
    CERTIFICATE_RENEWED = "certificate.renewed", "换发备案证书"
    CERTIFICATE_DOWNLOADED = "certificate.downloaded", "下载备案证书"
    MATERIAL_DOWNLOADED = "material.downloaded", "下载申请材料"
    ANNOUNCEMENT_PUBLISHED = "announcement.published", "发布公告"
    DORMANCY_FLAGGED = "dormancy.flagged", "标记为僵尸型组织"
    DORMANCY_DISMISSED = "dormancy.dismissed", "僵尸型标记复核正常"


class RegistrationCaseKind(models.TextChoices):
    """What the registration authority (登记管理机关, the bureau) decides about a registered organization."""

    CHANGE = "change", "变更登记"
    DEREGISTRATION = "deregistration", "注销登记"
    REVOCATION = "revocation", "撤销登记"


class RegistrationCaseState(models.TextChoices):
    OPENED = "opened", "办理中"
    DECIDED = "decided", "已决定"
    WITHDRAWN = "withdrawn", "已撤回"
