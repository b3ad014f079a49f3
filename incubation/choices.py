"""Enumerations of incubation (孵化培育): bases, spaces, tenancies, services, subsidies, evaluations."""

from django.db import models

from registry.choices import RegionLevel


class BaseState(models.TextChoices):
    PENDING = "pending", "待批准"
    OPEN = "open", "运营中"
    REJECTED = "rejected", "未批准"
    CLOSED = "closed", "已停止运营"


# A base's level is the level of the region it is located in (Beijing: 市、区、街道乡镇三级).
BASE_LEVELS = {
    RegionLevel.CITY: "市级",
    RegionLevel.DISTRICT: "区（县）级",
    RegionLevel.STREET: "街道（乡镇）级",
}


class BaseFunding(models.TextChoices):
    BUDGET = "budget", "财政预算"
    TRANSFER = "transfer", "社会建设专项转移支付"
    LOTTERY = "lottery", "福利彩票公益金"
    PURCHASE = "purchase", "政府购买服务"
    VENTURE = "venture", "公益创投"
    DONATION = "donation", "社会捐赠"
    SELF_RAISED = "self_raised", "运营机构自筹"


class SpaceKind(models.TextChoices):
    """Functional areas the Beijing guidelines (附件 第二至四条) ask a base to set up, and desks."""

    PARTY = "party", "党建活动室"
    TRAINING = "training", "会议培训室"
    SERVICE = "service", "综合服务区"
    HOT_DESK = "hot_desk", "流动办公区"
    OFFICE = "office", "入驻办公室"
    EXHIBITION = "exhibition", "交流展示区"
    RESOURCES = "resources", "资源配置区"
    ACTIVITY = "activity", "多功能活动区"


class TenancyState(models.TextChoices):
    APPLIED = "applied", "待审核"
    ADMITTED = "admitted", "已准入"
    ACTIVE = "active", "在孵"
    EXTENDED = "extended", "延期孵化"
    GRADUATED = "graduated", "已出壳"
    EXITED = "exited", "提前退出"
    REJECTED = "rejected", "未准入"
    WITHDRAWN = "withdrawn", "已撤回"


# Tenancies holding their space (and a place in the base) while they last.
OCCUPYING_STATES = frozenset({TenancyState.ADMITTED, TenancyState.ACTIVE, TenancyState.EXTENDED})
# Tenancies that are still under way: an organization has at most one at a time.
ONGOING_STATES = frozenset({TenancyState.APPLIED, *OCCUPYING_STATES})
# Tenancies whose organization was (or is) in incubation: it moved in.
STARTED_STATES = frozenset(
    {TenancyState.ACTIVE, TenancyState.EXTENDED, TenancyState.GRADUATED, TenancyState.EXITED}
)
IN_INCUBATION_STATES = frozenset({TenancyState.ACTIVE, TenancyState.EXTENDED})


class ServiceType(models.TextChoices):
    """Jinzhong's functions of a base (市民发〔2019〕54号 二(二)3), then Beijing's service contents
    (附件 第五条)."""

    OFFICE = "office", "办公场所"
    POLICY_GUIDANCE = "policy_guidance", "政策引导"
    RESOURCES = "resources", "资源拓展"
    CAPACITY = "capacity", "能力提升"
    GROWTH_ASSESSMENT = "growth_assessment", "成长评估"
    FINANCE = "finance", "财务托管"
    CONSULTING = "consulting", "管理咨询"
    INFORMATION = "information", "信息共享"
    PROJECTS = "projects", "项目扶持"
    REGISTRATION = "registration", "注册协助"
    TALENT = "talent", "人才培训"
    POLICY_ADVICE = "policy_advice", "政策咨询"
    RESEARCH = "research", "调查研究"
    ALLOCATION = "allocation", "资源配置"
    EXHIBITION = "exhibition", "展览展示"
    VISITS = "visits", "观摩交流"
    BRANDING = "branding", "品牌推广"
    COOPERATION = "cooperation", "合作交流"


class SubsidyKind(models.TextChoices):
    RENT = "rent", "场地租金补贴"
    OPERATION = "operation", "运营经费补贴"
    PROJECT = "project", "项目扶持资金"
    REWARD = "reward", "出壳奖励"


class EvaluationGrade(models.TextChoices):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class IncubationAction(models.TextChoices):
    """Events of the trail that are not a workflow's steps (those are named ``<workflow>.<action>``)."""

    BASE_REGISTERED = "incubation_base.registered", "登记孵化基地"
    BASE_UPDATED = "incubation_base.updated", "修改孵化基地信息"
    OPERATOR_BOUND = "incubation_base.operator_bound", "指定运营方账号"
    OPERATOR_UNBOUND = "incubation_base.operator_unbound", "解除运营方账号"
    SPACE_ADDED = "incubation_base.space_added", "新增空间"
    SPACE_UPDATED = "incubation_base.space_updated", "修改空间"
    STAFF_TRAINED = "incubation_base.staff_trained", "记录工作人员培训"
    EVALUATED = "incubation_base.evaluated", "基地年度评估"
    TENANCY_APPLIED = "tenancy.applied", "申请入驻"
    TENANCY_LINKED = "tenancy.linked", "关联在册组织"
    CONTACT_REVEALED = "tenancy.contact_revealed", "查看完整联系电话"
    SERVICE_LOGGED = "service.logged", "记录孵化服务"
    SUBSIDY_RECORDED = "subsidy.recorded", "记录孵化补贴"
