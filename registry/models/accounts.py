from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q

from core.errors import field_error
from core.scoping import NOTHING, Action, ScopedManager, ScopedModel, ScopedQuerySet

from ..choices import RegionLevel, Role, Tier
from ..errors import RegistryCode
from ..identifiers import validate_mobile

STAFF_ROLES = (Role.BUREAU, Role.STREET, Role.COMMUNITY, Role.OPERATOR)
# The staff who keep the accounts of their jurisdiction (open, reset, deactivate).
ACCOUNT_KEEPERS = frozenset({Role.BUREAU, Role.STREET})

# Which tiers each role may create and edit inside its jurisdiction (分类管理): the bureau
# manages registered organizations, the street office filed and community-guided ones, and
# the community committee the community-guided ones of its own community.
EDITABLE_TIERS: dict[str, frozenset[str]] = {
    Role.BUREAU: frozenset({Tier.REGISTERED}),
    Role.STREET: frozenset({Tier.FILED, Tier.GUIDED}),
    Role.COMMUNITY: frozenset({Tier.GUIDED}),
}

# Which tiers each role may enter directly, without an application: the bureau registers
# (登记), the community committee records the groups it guides. A filed organization comes into
# being only when the street approves its filing application (备案), never by direct entry.
CREATABLE_TIERS: dict[str, frozenset[str]] = {
    Role.BUREAU: frozenset({Tier.REGISTERED}),
    Role.COMMUNITY: frozenset({Tier.GUIDED}),
}


# The level of region each staff role sits on.
ROLE_LEVELS: dict[str, frozenset[int]] = {
    Role.BUREAU: frozenset({RegionLevel.PROVINCE, RegionLevel.CITY, RegionLevel.DISTRICT}),
    Role.STREET: frozenset({RegionLevel.STREET}),
    Role.COMMUNITY: frozenset({RegionLevel.COMMUNITY}),
    Role.OPERATOR: frozenset(RegionLevel.values),
}


class UserQuerySet(ScopedQuerySet):
    """Accounts of the user's jurisdiction (staff placed in it, and the accounts of its
    organizations); everyone sees their own account. The bureau and the street office change the
    accounts of their jurisdiction, never their own (that is the password page's) nor a superuser's."""

    region_field = "region__code"

    def scope_filter(self, user: Any, action: Action) -> Q:
        own = Q(pk=user.pk)
        prefix = user.jurisdiction_prefix
        if prefix is None:
            return own if action == "view" else NOTHING
        inside = Q(region__code__startswith=prefix) | Q(organization__community__code__startswith=prefix)
        if action == "view":
            return own | inside
        if user.role not in ACCOUNT_KEEPERS:
            return NOTHING
        return inside & Q(is_superuser=False) & ~own


class AccountManager(ScopedManager.from_queryset(UserQuerySet), UserManager):  # type: ignore[misc]
    """Scoped like every model; signing in looks an account up for no one in particular. Kept out of
    migrations, whose historical models read plainly."""

    use_in_migrations = False

    def get_by_natural_key(self, username: str | None) -> User:
        return self.unrestricted().get(**{self.model.USERNAME_FIELD: username})


class User(ScopedModel, AbstractUser):
    """A person signing in: staff with exactly one jurisdiction, or one organization's account."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=16, choices=Role.choices, blank=True)
    region = models.ForeignKey(
        "registry.Region",
        verbose_name="辖区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name="所属组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )
    # Where text notifications go when the SMS channel is on; personal data, shown masked.
    mobile = models.CharField("手机号", max_length=11, blank=True, validators=[validate_mobile])

    # Set with a one-time password handed out by staff: every page asks for a new one until it is set.
    must_change_password = models.BooleanField("须修改密码", default=False)

    objects = AccountManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=STAFF_ROLES) | Q(region__isnull=False, organization__isnull=True),
                name="user_staff_has_region_only",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.ORGANIZATION) | Q(organization__isnull=False),
                name="user_organization_account_has_organization",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        if self.role in STAFF_ROLES:
            if self.region is None:
                raise field_error("region", "工作人员须指定唯一的辖区", RegistryCode.REGION_REQUIRED)
            if self.region.level not in ROLE_LEVELS[self.role]:
                levels = "、".join(RegionLevel(level).label for level in sorted(ROLE_LEVELS[self.role]))
                raise field_error(
                    "region", f"“{Role(self.role).label}”的辖区应为{levels}级区划", RegistryCode.REGION_LEVEL
                )
            if self.organization_id:
                raise field_error(
                    "organization", "工作人员账号不能关联组织", RegistryCode.ORGANIZATION_NOT_ALLOWED
                )
        if self.role == Role.ORGANIZATION:
            if not self.organization_id:
                raise field_error(
                    "organization", "组织负责人账号须关联一个组织", RegistryCode.ORGANIZATION_REQUIRED
                )
            if self.region_id and self.region_id != self.organization.community_id:
                raise field_error(
                    "region", "组织负责人账号的区划应为其组织所在的社区/村", RegistryCode.REGION_MISMATCH
                )

    @property
    def editable_tiers(self) -> frozenset[str]:
        if self.is_superuser:
            return frozenset(Tier.values)
        return EDITABLE_TIERS.get(self.role, frozenset())

    @property
    def creatable_tiers(self) -> frozenset[str]:
        if self.is_superuser:
            return frozenset(Tier.values)
        return CREATABLE_TIERS.get(self.role, frozenset())

    @property
    def jurisdiction_prefix(self) -> str | None:
        """The code prefix of a staff user's jurisdiction; None for every other account."""
        if self.role not in STAFF_ROLES or self.region_id is None:
            return None
        return self.region.prefix

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES
