"""Enumerations of the registry: region levels, management tiers, roles and the like."""

from django.db import models


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, "省"
    CITY = 2, "市"
    DISTRICT = 3, "区/县"
    STREET = 4, "街道/乡镇"
    COMMUNITY = 5, "社区/村"


class UrbanRural(models.TextChoices):
    URBAN = "urban", "城市社区"
    RURAL = "rural", "农村社区/村"


class Tier(models.TextChoices):
    """The three management tiers of 分类管理."""

    REGISTERED = "registered", "依法登记"
    FILED = "filed", "街道备案"
    GUIDED = "guided", "社区指导"


class OrganizationStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    REVOKED = "revoked", "已取消备案"
    DEREGISTERED = "deregistered", "已注销"


class PartyBuilding(models.TextChoices):
    INDEPENDENT = "independent", "独立党组织"
    JOINT = "joint", "联合党支部"
    NONE = "none", "无"


class FundingSource(models.TextChoices):
    DUES = "dues", "会费"
    GOVERNMENT = "government", "政府购买服务"
    DONATION = "donation", "社会捐赠"
    COMMUNITY_FUND = "community_fund", "社区公益金"
    VENUE_SUPPORT = "venue_support", "社区场地及经费支持"
    SELF_RAISED = "self_raised", "自筹"
    OTHER = "other", "其他"


class CategoryGroup(models.TextChoices):
    CORE = "core", "基本类别"
    FEATURED = "featured", "特色类别"


class Role(models.TextChoices):
    BUREAU = "bureau", "民政局"
    STREET = "street", "街道办事处/乡镇政府"
    COMMUNITY = "community", "村/社区「两委」"
    OPERATOR = "operator", "孵化基地运营方"
    ORGANIZATION = "organization", "组织负责人"
    APPLICANT = "applicant", "备案申请人"


class QualificationLevel(models.TextChoices):
    ASSISTANT = "assistant", "助理社会工作师"
    INTERMEDIATE = "intermediate", "社会工作师"
    SENIOR = "senior", "高级社会工作师"


class AuditAction(models.TextChoices):
    ORGANIZATION_CREATED = "organization.created", "新建组织"
    ORGANIZATION_UPDATED = "organization.updated", "修改组织信息"
    ORGANIZATION_REVOKED = "organization.revoked", "取消备案"
    ORGANIZATION_DEREGISTERED = "organization.deregistered", "注销"
    PERSONAL_DATA_VIEWED = "personal_data.viewed", "查看完整个人信息"
    CHARTER_DOWNLOADED = "charter.downloaded", "下载章程"
    FEDERATION_CREATED = "federation.created", "成立联合会"
    FEDERATION_UPDATED = "federation.updated", "调整联合会"
    SOCIAL_WORKER_CREATED = "social_worker.created", "登记社会工作人才"
    SOCIAL_WORKER_UPDATED = "social_worker.updated", "修改社会工作人才"
    REGION_CREATED = "region.created", "新增行政区划"
    REGION_UPDATED = "region.updated", "修改行政区划"
    VOCABULARY_CREATED = "vocabulary.created", "新增基础数据项"
    VOCABULARY_UPDATED = "vocabulary.updated", "修改基础数据项"
    USER_CREATED = "user.created", "新建账号"
    USER_UPDATED = "user.updated", "修改账号"
    USER_PASSWORD_SET = "user.password_set", "重设密码"
    USER_PASSWORD_RESET = "user.password_reset", "重置密码（临时密码）"
    USER_PASSWORD_CHANGED = "user.password_changed", "修改密码"
    USER_DEACTIVATED = "user.deactivated", "停用账号"
    USER_REACTIVATED = "user.reactivated", "启用账号"
    USER_PROVISIONED = "user.provisioned", "开通组织账号"
    PASSWORD_RESET_REQUESTED = "user.reset_requested", "申请找回密码"
    SIGNIN_LOCKED = "signin.locked", "登录失败次数过多，暂停登录"
    LEDGER_UPLOADED = "ledger.uploaded", "上传台账"
    LEDGER_APPLIED = "ledger.applied", "导入台账"


class LedgerKind(models.TextChoices):
    ORGANIZATIONS = "organizations", "社区社会组织"
    ACCOUNTS = "accounts", "账号"
    SOCIAL_WORKERS = "social_workers", "社会工作人才"
    FEDERATION_MEMBERS = "federation_members", "联合会会员"


class LedgerStatus(models.TextChoices):
    CHECKING = "checking", "正在检查"
    READY = "ready", "待确认导入"
    APPLYING = "applying", "正在导入"
    APPLIED = "applied", "已导入"
    FAILED = "failed", "未能导入"


class RowAction(models.TextChoices):
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    UNCHANGED = "unchanged", "无变化，跳过"
    ERROR = "error", "有错误，跳过"
