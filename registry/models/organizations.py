from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Substr
from django.utils import timezone
from simple_history.manager import HistoricalQuerySet, HistoryManager
from simple_history.models import HistoricalRecords

from core.scoping import NOTHING, Action, ScopedModel, ScopedQuerySet, loaded_for, scoped_manager
from core.uploads import validate_charter

from ..choices import CategoryGroup, OrganizationStatus, PartyBuilding, QualificationLevel, Role, Tier
from ..errors import RegistryCode
from ..identifiers import validate_credit_code, validate_mobile, validate_resident_id


class Vocabulary(models.Model):
    """A configurable list of terms (provinces use different lists), keyed by a stable code."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=50, unique=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Category(Vocabulary):
    """An organization category; the default set is the "5+X" of the Taicang plan."""

    group = models.CharField("类别组", max_length=16, choices=CategoryGroup.choices)
    is_active = models.BooleanField("启用", default=True)

    class Meta(Vocabulary.Meta):
        verbose_name = "组织类别"
        verbose_name_plural = "组织类别"


class ServiceDomain(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "服务领域"
        verbose_name_plural = "服务领域"


class TargetGroup(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = "服务对象"
        verbose_name_plural = "服务对象"


def organization_rule(user: Any, action: Action, id_field: str = "pk") -> Q:
    """Who sees and changes an organization: its own account sees it; staff see their jurisdiction's
    and change the tiers their role manages (分类管理)."""
    if user.role == Role.ORGANIZATION:
        return Q(**{id_field: user.organization_id}) if action == "view" else NOTHING
    prefix = user.jurisdiction_prefix
    if prefix is None:
        return NOTHING
    inside = Q(community__code__startswith=prefix)
    return inside if action == "view" else inside & Q(tier__in=user.editable_tiers)


class OrganizationQuerySet(ScopedQuerySet):
    region_field = "community__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        return organization_rule(user, action)

    def active(self) -> OrganizationQuerySet:
        return self.filter(status=OrganizationStatus.ACTIVE)

    def public_register(self) -> OrganizationQuerySet:
        """Organizations on the register, for the public's pages (directory, complaints): their name,
        place, category and filing number are public information (信息公开); personal data is not."""
        return self.public("register").filter(status=OrganizationStatus.ACTIVE)


class OrganizationHistoryQuerySet(HistoricalQuerySet, ScopedQuerySet):
    """Recorded versions of organizations, seen by whoever would see the organization as it was."""

    region_field = "community__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        return organization_rule(user, action, id_field="id")


class ScopedHistoryManager(HistoryManager):
    """``organization.history``: scoped like the organization itself, for the same user."""

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        user = loaded_for(self.instance) if self.instance is not None else None
        return queryset.for_user(user) if user is not None else queryset


class OrganizationHistoryBase(models.Model):
    objects = scoped_manager(OrganizationHistoryQuerySet)

    class Meta:
        abstract = True


def validate_not_in_future(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise ValidationError("成立日期不能晚于今天", code=RegistryCode.FUTURE_DATE)


def charter_upload_path(instance: Organization, filename: str) -> str:
    # Random names: the original file name may carry personal data and must not be guessable.
    return f"charters/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


# Kept by name so the registry services can write exactly one history row per change, after
# the many-to-many fields are set, instead of one row per signal.
ORGANIZATION_HISTORY = HistoricalRecords(
    verbose_name="组织信息变更记录",
    m2m_fields=["domains", "target_groups"],
    cascade_delete_history=False,
    bases=(OrganizationHistoryBase,),
    history_manager=ScopedHistoryManager,
    historical_queryset=OrganizationHistoryQuerySet,
)


class Organization(ScopedModel):
    """A community social organization of any management tier."""

    name = models.CharField("组织名称", max_length=100)
    name_pinyin = models.CharField("名称拼音", max_length=400, editable=False, db_index=True)
    name_initials = models.CharField("拼音首字母", max_length=100, editable=False)
    tier = models.CharField("管理方式", max_length=16, choices=Tier.choices)
    category = models.ForeignKey(Category, verbose_name="组织类别", on_delete=models.PROTECT)
    domains = models.ManyToManyField(ServiceDomain, verbose_name="服务领域", blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name="服务对象", blank=True)
    community = models.ForeignKey(
        "registry.Region",
        verbose_name="所属社区/村",
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    founded_on = models.DateField("成立日期", validators=[validate_not_in_future])
    leader_name = models.CharField("负责人姓名", max_length=50)
    leader_id_number = models.CharField("负责人身份证号", max_length=18, validators=[validate_resident_id])
    leader_phone = models.CharField("负责人手机号", max_length=11, validators=[validate_mobile])
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text="依法登记的组织必填",
    )
    member_count = models.PositiveIntegerField("成员人数", validators=[MinValueValidator(1)])
    party_building = models.CharField(
        "党建情况", max_length=16, choices=PartyBuilding.choices, default=PartyBuilding.NONE
    )
    # Hainan: 鼓励社区党员担任社区社会组织负责人 — counted in the Party-building coverage.
    leader_party_member = models.BooleanField("负责人为中共党员", default=False)
    charter = models.FileField(
        "简易章程", upload_to=charter_upload_path, blank=True, validators=[validate_charter]
    )
    venue = models.CharField("活动场所", max_length=200)
    funding_sources = models.JSONField("经费来源", default=list, blank=True)
    is_brand = models.BooleanField("品牌组织", default=False)
    status = models.CharField(
        "状态", max_length=16, choices=OrganizationStatus.choices, default=OrganizationStatus.ACTIVE
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = scoped_manager(OrganizationQuerySet)
    history = ORGANIZATION_HISTORY

    class Meta:
        verbose_name = "社区社会组织"
        verbose_name_plural = "社区社会组织"
        ordering = ["name_pinyin", "id"]
        indexes = [
            models.Index(fields=["community", "status"], name="org_community_status"),
            models.Index(fields=["tier", "status"], name="org_tier_status"),
        ]
        constraints = [
            # The street is the first nine digits of the community code.
            models.UniqueConstraint(
                Substr("community", 1, 9),
                "name",
                condition=Q(status=OrganizationStatus.ACTIVE),
                name="org_name_unique_in_street_while_active",
                violation_error_message="本街道（乡镇）已有同名的在册组织",
                violation_error_code="duplicate_name",
            ),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="org_credit_code_unique",
                violation_error_message="该统一社会信用代码已被其他组织使用",
                violation_error_code="duplicate_credit_code",
            ),
            models.CheckConstraint(
                condition=(Q(tier=Tier.REGISTERED) & ~Q(credit_code=""))
                | (~Q(tier=Tier.REGISTERED) & Q(credit_code="")),
                name="org_credit_code_iff_registered",
                violation_error_message="依法登记的组织须填写统一社会信用代码，其他组织不填",
                violation_error_code="credit_code_tier",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def street_code(self) -> str:
        return self.community_id[:9].ljust(12, "0")


class FederationQuerySet(ScopedQuerySet):
    region_field = "street__code"
    change_roles = frozenset({Role.BUREAU, Role.STREET})


class Federation(ScopedModel):
    """A street's or township's federation (社区社会组织联合会): a hub organization with member orgs."""

    organization = models.OneToOneField(
        Organization, verbose_name="联合会组织", on_delete=models.PROTECT, related_name="federation"
    )
    street = models.ForeignKey(
        "registry.Region",
        verbose_name="所属街道/乡镇",
        on_delete=models.PROTECT,
        related_name="federations",
    )
    members = models.ManyToManyField(
        Organization, verbose_name="会员组织", blank=True, related_name="federation_memberships"
    )
    founded_on = models.DateField("成立日期")

    objects = scoped_manager(FederationQuerySet)

    class Meta:
        verbose_name = "社区社会组织联合会"
        verbose_name_plural = "社区社会组织联合会"
        constraints = [models.UniqueConstraint(fields=["street"], name="federation_one_per_street")]

    def __str__(self) -> str:
        return self.organization.name


class SocialWorkerQuerySet(ScopedQuerySet):
    region_field = "community__code"
    change_roles = frozenset({Role.BUREAU, Role.STREET, Role.COMMUNITY})


class SocialWorkerHistoryQuerySet(HistoricalQuerySet, ScopedQuerySet):
    region_field = "community__code"


class SocialWorkerHistoryBase(models.Model):
    objects = scoped_manager(SocialWorkerHistoryQuerySet)

    class Meta:
        abstract = True


class SocialWorker(ScopedModel):
    """The social-work talent register (社会工作人才) of a community."""

    name = models.CharField("姓名", max_length=50)
    community = models.ForeignKey(
        "registry.Region",
        verbose_name="所在社区/村",
        on_delete=models.PROTECT,
        related_name="social_workers",
    )
    qualification = models.CharField("职业资格", max_length=16, choices=QualificationLevel.choices)
    certificate_number = models.CharField("证书编号", max_length=40, unique=True)
    certified_on = models.DateField("取得资格日期", null=True, blank=True)
    is_active = models.BooleanField("在岗", default=True)

    objects = scoped_manager(SocialWorkerQuerySet)
    # Quota reports dated in the past count the talent in post on that day.
    history = HistoricalRecords(
        verbose_name="社会工作人才变更记录",
        cascade_delete_history=False,
        bases=(SocialWorkerHistoryBase,),
        history_manager=ScopedHistoryManager,
        historical_queryset=SocialWorkerHistoryQuerySet,
    )

    class Meta:
        verbose_name = "社会工作人才"
        verbose_name_plural = "社会工作人才"
        ordering = ["community", "name"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_qualification_display()}）"
