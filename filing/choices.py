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
