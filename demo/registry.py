"""The city part of the demo: a fictional city with its organizations, federations, social-work
talent and staff logins (the first builder, see ``demo.builders``).

``demo.drawing.build_plan()`` is a pure, deterministic description of the city (one seeded random
generator, no database). ``seed_city()`` applies it idempotently: regions are upserted by code,
organizations are created through ``registry.services.organization_create`` (full validation and
an audit event each) unless one of the same name already exists in the street (an ended one too:
a rerun never brings back an organization that has been deregistered or revoked since), and
federations, social workers and accounts are upserted by their natural keys.

Each organization enters the register's history on its founding day (and each social worker on
the day they qualified), so quota reports dated in the past show the city growing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from registry import services
from registry.choices import RegionLevel, Role, Tier, UrbanRural
from registry.models import (
    Category,
    Federation,
    Organization,
    Region,
    ServiceDomain,
    SocialWorker,
    TargetGroup,
    User,
)

from .city import CITY_CODE, CITY_NAME, CITY_PREFIX, CORE_CATEGORIES, FEATURED_CATEGORY
from .drawing import SEED, build_plan
from .plan import AccountPlan, DemoPlan
from .seeding import PASSWORD, DemoSeedError, LoginRow, Part


@dataclass
class CityResult:
    regions_by_level: dict[int, int]
    urban: int
    rural: int
    organizations_by_tier: dict[str, int]
    organizations_created: int
    categories: int
    brands: int
    federations: list[str]
    social_workers: int
    communities_with_social_workers: int
    communities_meeting_5x: int
    communities_missing_5x: int

    @property
    def organizations(self) -> int:
        return sum(self.organizations_by_tier.values())


def seed_city(seed: int = SEED) -> Part:
    """Create or refresh the demo city; running it again changes nothing but the passwords.

    The city is summarized once every builder has run: the filing part's approvals add
    organizations to it and end one.
    """
    plan = build_plan(seed)
    regions = _apply_regions(plan)
    admin = _apply_account(next(a for a in plan.accounts if a.superuser), regions)
    created = _apply_organizations(plan, regions, actor=admin)
    _apply_federations(plan, regions, actor=admin)
    _apply_social_workers(plan, regions, actor=admin)
    _date_register_entries()
    for account in plan.accounts:
        if not account.superuser:
            _apply_account(account, regions)
    return Part(
        summary=lambda: summary_lines(_result(created)),
        logins=_logins(plan, regions),
    )


def _apply_regions(plan: DemoPlan) -> dict[str, Region]:
    # The city hangs from the province 99 if a region file has created one, else from nothing.
    province = Region.objects.unrestricted().filter(code=CITY_CODE[:2].ljust(12, "0")).first()
    regions: dict[str, Region] = {}
    for item in plan.regions:
        regions[item.code], _created = Region.objects.unrestricted().update_or_create(
            code=item.code,
            defaults={
                "name": item.name,
                "level": item.level,
                "parent": regions[item.parent_code] if item.parent_code else province,
                "urban_rural": item.urban_rural,
            },
        )
    return regions


def _lookup(model: type, codes: Iterable[str]) -> dict[str, object]:
    wanted = set(codes)
    found = {obj.code: obj for obj in model.objects.filter(code__in=wanted)}
    missing = sorted(wanted - set(found))
    if missing:
        raise DemoSeedError(f"缺少{model._meta.verbose_name}：{'、'.join(missing)}（请先执行 migrate）")
    return found


def _apply_organizations(plan: DemoPlan, regions: dict[str, Region], *, actor: User) -> int:
    categories = _lookup(Category, (org.category for org in plan.organizations))
    domains = _lookup(ServiceDomain, (code for org in plan.organizations for code in org.domains))
    targets = _lookup(TargetGroup, (code for org in plan.organizations for code in org.target_groups))
    in_city = Organization.objects.unrestricted().filter(community__code__startswith=CITY_PREFIX)
    # Whatever its status: an organization deregistered or revoked since the last run stays ended.
    existing = {(community[:9], name) for community, name in in_city.values_list("community", "name")}
    used_codes = set(
        Organization.objects.unrestricted().exclude(credit_code="").values_list("credit_code", flat=True)
    )
    created = 0
    for org in plan.organizations:
        if (org.street_code, org.name) in existing or (org.credit_code and org.credit_code in used_codes):
            continue
        data = {
            "name": org.name,
            "tier": org.tier,
            "category": categories[org.category],
            "community": regions[org.community_code],
            "founded_on": org.founded_on,
            "leader_name": org.leader_name,
            "leader_id_number": org.leader_id_number,
            "leader_phone": org.leader_phone,
            "credit_code": org.credit_code,
            "member_count": org.member_count,
            "party_building": org.party_building,
            "venue": org.venue,
            "funding_sources": org.funding_sources,
            "is_brand": org.is_brand,
            "domains": [domains[code] for code in org.domains],
            "target_groups": [targets[code] for code in org.target_groups],
        }
        try:
            services.organization_create(actor=actor, data=data)
        except ValidationError as error:
            raise DemoSeedError(f"无法创建组织“{org.name}”：{'；'.join(error.messages)}") from error
        created += 1
    return created


def _street_orgs(street_code: str, names: Iterable[str]) -> dict[str, Organization]:
    queryset = (
        Organization.objects.unrestricted()
        .active()
        .filter(community__code__startswith=street_code, name__in=list(names))
    )
    return {org.name: org for org in queryset}


def _apply_federations(plan: DemoPlan, regions: dict[str, Region], *, actor: User) -> None:
    for item in plan.federations:
        orgs = _street_orgs(item.street_code, (item.hub_name, *item.member_names))
        members = [orgs[name] for name in item.member_names if name in orgs]
        street = regions[item.street_code.ljust(12, "0")]
        federation = Federation.objects.unrestricted().filter(street=street).first()
        try:
            if federation is None:
                services.federation_create(
                    actor=actor, organization=orgs[item.hub_name], founded_on=item.founded_on, members=members
                )
            else:
                services.federation_update(
                    actor=actor,
                    federation_id=federation.pk,
                    data={"founded_on": item.founded_on, "members": members},
                )
        except (ValidationError, KeyError) as error:
            raise DemoSeedError(f"无法设立{street.name}联合会：{error}") from error


def _apply_social_workers(plan: DemoPlan, regions: dict[str, Region], *, actor: User) -> None:
    existing = {
        worker.certificate_number: worker.pk
        for worker in SocialWorker.objects.unrestricted().filter(
            certificate_number__in=[item.certificate_number for item in plan.social_workers]
        )
    }
    for item in plan.social_workers:
        data = {
            "name": item.name,
            "community": regions[item.community_code],
            "qualification": item.qualification,
            "certificate_number": item.certificate_number,
            "certified_on": item.certified_on,
            "is_active": item.is_active,
        }
        try:
            if item.certificate_number in existing:
                services.social_worker_update(
                    actor=actor, social_worker_id=existing[item.certificate_number], data=data
                )
            else:
                services.social_worker_create(actor=actor, data=data)
        except ValidationError as error:
            raise DemoSeedError(f"无法登记社会工作人才“{item.name}”：{'；'.join(error.messages)}") from error


def _date_register_entries() -> None:
    """Date each demo organization's entry in the register on its founding day, and each social
    worker's on the day they qualified, so that reports dated in the past see the city grow.

    Only the first history row is moved, and only backwards: later changes keep their order.
    """
    for model, date_field in ((Organization, "founded_on"), (SocialWorker, "certified_on")):
        history = model.history.model
        entries = history.objects.unrestricted().filter(
            history_type="+", community__code__startswith=CITY_PREFIX, **{f"{date_field}__isnull": False}
        )
        moved = []
        for entry in entries.only("history_id", "history_date", date_field):
            day = getattr(entry, date_field)
            entered = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
            if entered < entry.history_date:
                entry.history_date = entered
                moved.append(entry)
        history.objects.unrestricted().bulk_update(moved, ["history_date"], batch_size=500)


def _apply_account(account: AccountPlan, regions: dict[str, Region]) -> User:
    user = User.objects.unrestricted().filter(username=account.username).first() or User(
        username=account.username
    )
    user.full_name = account.full_name
    user.role = account.role
    user.region = regions[account.region_code] if account.region_code else None
    user.organization = None
    if account.organization_name:
        orgs = _street_orgs(account.region_code[:9], [account.organization_name])
        user.organization = orgs[account.organization_name]
    user.is_active = True
    user.is_staff = account.superuser
    user.is_superuser = account.superuser
    user.set_password(PASSWORD)
    user.full_clean()
    user.save()
    return user


def _region_path(region: Region | None, regions: dict[str, Region]) -> str:
    if region is None:
        return "全部（超级管理员）"
    names = []
    node: Region | None = region
    while node is not None:
        names.append(node.name)
        node = regions.get(node.parent_id) if node.parent_id else None
    return "".join(reversed(names))


def _logins(plan: DemoPlan, regions: dict[str, Region]) -> list[LoginRow]:
    usernames = [account.username for account in plan.accounts]
    users = {user.username: user for user in User.objects.unrestricted().filter(username__in=usernames)}
    logins = []
    for account in plan.accounts:
        user = users[account.username]
        role = Role(account.role).label if account.role else "超级管理员"
        jurisdiction = _region_path(user.region, regions)
        if user.organization_id:
            jurisdiction = f"{account.organization_name}（{user.region.name}）"
        logins.append(LoginRow(account.username, role, jurisdiction))
    return logins


def _result(created: int) -> CityResult:
    city = Region.objects.unrestricted().filter(code__startswith=CITY_PREFIX)
    by_level = dict(city.values_list("level").annotate(n=Count("code")).order_by())
    communities = city.filter(level=RegionLevel.COMMUNITY)
    orgs = Organization.objects.unrestricted().active().filter(community__code__startswith=CITY_PREFIX)
    by_tier = dict(orgs.values_list("tier").annotate(n=Count("id")).order_by())
    coverage: dict[str, set[str]] = {}
    for community, category in orgs.values_list("community", "category__code").distinct():
        coverage.setdefault(community, set()).add(category)
    meeting = sum(
        1
        for categories in coverage.values()
        if set(CORE_CATEGORIES) <= categories and FEATURED_CATEGORY in categories
    )
    workers = SocialWorker.objects.unrestricted().filter(community__code__startswith=CITY_PREFIX)
    federations = Federation.objects.unrestricted().filter(street__code__startswith=CITY_PREFIX)
    community_count = communities.count()
    return CityResult(
        regions_by_level=by_level,
        urban=communities.filter(urban_rural=UrbanRural.URBAN).count(),
        rural=communities.filter(urban_rural=UrbanRural.RURAL).count(),
        organizations_by_tier={tier: by_tier.get(tier, 0) for tier in Tier.values},
        organizations_created=created,
        categories=orgs.values("category").distinct().count(),
        brands=orgs.filter(is_brand=True).count(),
        federations=list(federations.order_by("street").values_list("street__name", flat=True)),
        social_workers=workers.count(),
        communities_with_social_workers=workers.values("community").distinct().count(),
        communities_meeting_5x=meeting,
        communities_missing_5x=community_count - meeting,
    )


def summary_lines(result: CityResult) -> list[str]:
    levels = result.regions_by_level
    by_tier = "，".join(
        f"{Tier(tier).label} {count} 个" for tier, count in result.organizations_by_tier.items()
    )
    federations = "、".join(result.federations) or "无"
    return [
        f"演示数据已就绪：{CITY_NAME}（虚拟区划代码 {CITY_CODE}，省级代码前缀 99）",
        f"  行政区划：市 {levels.get(RegionLevel.CITY, 0)} 个，"
        f"区/县 {levels.get(RegionLevel.DISTRICT, 0)} 个，"
        f"街道/乡镇 {levels.get(RegionLevel.STREET, 0)} 个，"
        f"社区/村 {levels.get(RegionLevel.COMMUNITY, 0)} 个"
        f"（城市社区 {result.urban} 个，农村社区/村 {result.rural} 个）",
        f"  社区社会组织：在册 {result.organizations} 个（{by_tier}），"
        f"覆盖 {result.categories} 个类别，品牌组织 {result.brands} 个；"
        f"本次新建 {result.organizations_created} 个",
        f"  “5+X”覆盖：{result.communities_meeting_5x} 个社区/村达标，"
        f"{result.communities_missing_5x} 个未达标",
        f"  社区社会组织联合会：{len(result.federations)} 个（{federations}），其余街道/乡镇暂未成立",
        f"  社会工作人才：{result.social_workers} 人，"
        f"分布在 {result.communities_with_social_workers} 个社区/村",
    ]
