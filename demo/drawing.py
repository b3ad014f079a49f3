"""``build_plan()`` draws the whole demo city (``demo.city``, ``demo.names``) as a ``DemoPlan``.

One seeded random generator draws every region, organization, federation, social worker and
account, with no database: the same seed always gives the same plan. ``demo.registry`` applies it.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Iterable

from registry.choices import FundingSource, PartyBuilding, RegionLevel, Role, Tier, UrbanRural

from .city import (
    ALL_CATEGORIES,
    BRAND_CHANCE,
    CITY_CODE,
    CITY_NAME,
    COVERED,
    EMPTY,
    EXTRA_WEIGHTS,
    FEDERATION_FOUNDED_ON,
    FEDERATION_MEMBERS,
    FOUNDED_FIRST,
    FOUNDED_LAST,
    FULL,
    FUNDING_POOL,
    GEOGRAPHY,
    LARGE_FORMS,
    MEMBER_RANGE,
    ORG_ACCOUNT_COMMUNITY,
    ORG_ACCOUNT_SUFFIX,
    ORG_TIERS,
    PARTY_CHOICES,
    PARTY_WEIGHTS,
    QUALIFICATION_WEIGHTS,
    SOCIAL_WORKER_COUNT_WEIGHTS,
    TIER_WEIGHTS_LARGE_FORM,
    TIER_WEIGHTS_SMALL_FORM,
)
from .names import RURAL_VENUES, STREET_TEMPLATES, TEMPLATES, URBAN_VENUES, Template
from .people import People, demo_credit_code
from .plan import (
    AccountPlan,
    DemoPlan,
    FederationPlan,
    OrganizationPlan,
    RegionPlan,
    SocialWorkerPlan,
)

SEED = 20261122


def _community_mix(rng: random.Random, region: RegionPlan) -> list[str]:
    """The category of each organization a community will have, per its coverage profile."""
    urban = region.is_urban
    if region.profile == EMPTY:
        return []
    present = list(ALL_CATEGORIES)
    if region.profile == FULL:
        count = rng.randint(16, 24) if urban else rng.randint(8, 13)
    elif region.profile == COVERED:
        count = rng.randint(6, 9) if urban else rng.randint(6, 7)
    else:
        present = [code for code in ALL_CATEGORIES if code not in region.missing]
        count = len(present) + (rng.randint(0, 3) if urban else rng.randint(0, 1))
    capacity = {code: len(_templates(code, urban)) for code in present}
    mix = list(present)
    while len(mix) < count:
        open_codes = {code: EXTRA_WEIGHTS[code] for code in present if mix.count(code) < capacity[code]}
        mix.append(rng.choices(list(open_codes), weights=list(open_codes.values()))[0])
    return mix


def _templates(category: str, urban: bool) -> list[Template]:
    allowed = ("B", "U") if urban else ("B", "R")
    return [template for template in TEMPLATES[category] if template[3] in allowed]


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.people = People(self.rng)
        self.plan = DemoPlan()
        self.credit_serial = 1000
        self.certificate_serial = 0

    # Regions -----------------------------------------------------------------------------------

    def regions(self) -> None:
        plan = self.plan
        plan.regions.append(RegionPlan(CITY_CODE, CITY_NAME, RegionLevel.CITY, None))
        for district_code, district_name, streets in GEOGRAPHY:
            district = district_code.ljust(12, "0")
            plan.regions.append(RegionPlan(district, district_name, RegionLevel.DISTRICT, CITY_CODE))
            for street_code, street_name, _federation, communities in streets:
                street = street_code.ljust(12, "0")
                plan.regions.append(RegionPlan(street, street_name, RegionLevel.STREET, district))
                for number, (name, profile, missing) in enumerate(communities, start=1):
                    kind = UrbanRural.RURAL if name.endswith("村") else UrbanRural.URBAN
                    plan.regions.append(
                        RegionPlan(
                            f"{street_code}{number:03d}",
                            name,
                            RegionLevel.COMMUNITY,
                            street,
                            kind,
                            profile,
                            missing,
                        )
                    )

    def communities(self, street_code: str) -> list[RegionPlan]:
        return [
            region
            for region in self.plan.regions
            if region.level == RegionLevel.COMMUNITY and region.code.startswith(street_code)
        ]

    # Organizations -----------------------------------------------------------------------------

    def organization(
        self,
        *,
        name: str,
        category: str,
        community: RegionPlan,
        domains: Iterable[str],
        targets: Iterable[str],
        tier: str | None = None,
        venue: str = "",
    ) -> OrganizationPlan:
        rng, people = self.rng, self.people
        if tier is None:
            large = name.endswith(LARGE_FORMS)
            tier = rng.choices(
                ORG_TIERS, weights=TIER_WEIGHTS_LARGE_FORM if large else TIER_WEIGHTS_SMALL_FORM
            )[0]
        district_code = community.code[:6]
        leader_name, leader_id = people.person(district_code)
        domains = list(dict.fromkeys(domains))
        if rng.random() < 0.35:
            domains.append(rng.choice(("volunteer", "culture_sports", "education", "health", "family")))
        targets = list(dict.fromkeys(targets))
        if rng.random() < 0.3:
            targets.append(rng.choice(("residents", "elderly", "youth", "women", "disabled")))
        low, high = MEMBER_RANGE[tier]
        default_venue = community.name + rng.choice(URBAN_VENUES if community.is_urban else RURAL_VENUES)
        if community.is_urban and rng.random() < 0.15:
            default_venue = f"{community.name}{rng.randint(1, 24)}号楼架空层"
        pool = FUNDING_POOL[tier]
        funding = set(rng.sample(pool, rng.randint(1, 3)))
        organization = OrganizationPlan(
            name=name,
            tier=tier,
            category=category,
            community_code=community.code,
            founded_on=people.date_between(FOUNDED_FIRST, FOUNDED_LAST),
            leader_name=leader_name,
            leader_id_number=leader_id,
            leader_phone=people.mobile(),
            member_count=rng.randint(low, high),
            party_building=rng.choices(PARTY_CHOICES, weights=PARTY_WEIGHTS[tier])[0],
            venue=venue or default_venue,
            funding_sources=[code for code in FundingSource.values if code in funding],
            is_brand=rng.random() < BRAND_CHANCE[tier],
            domains=tuple(dict.fromkeys(domains))[:3],
            target_groups=tuple(dict.fromkeys(targets))[:3],
        )
        if tier == Tier.REGISTERED:
            self.credit_serial += rng.randint(1, 97)
            organization.credit_code = demo_credit_code(
                self.credit_serial,
                district_code=district_code,
                association=name.endswith(("协会", "理事会")),
            )
        self.plan.organizations.append(organization)
        return organization

    def community_organizations(self, community: RegionPlan) -> None:
        rng = self.rng
        mix = _community_mix(rng, community)
        per_category = Counter(mix)
        for category in ALL_CATEGORIES:
            wanted = per_category.get(category, 0)
            if not wanted:
                continue
            templates = _templates(category, community.is_urban)
            picks = rng.sample(templates, wanted)
            pinned = community.code == ORG_ACCOUNT_COMMUNITY and category == "culture"
            if pinned:
                account_template = next(t for t in templates if t[0] == ORG_ACCOUNT_SUFFIX)
                picks = [account_template, *(t for t in picks if t is not account_template)][:wanted]
            for index, (suffix, domains, targets, _where) in enumerate(picks):
                self.organization(
                    name=community.name + suffix,
                    category=category,
                    community=community,
                    domains=domains,
                    targets=targets,
                    tier=Tier.GUIDED if pinned and index == 0 else None,
                )

    def street_organizations(self, street: RegionPlan, communities: list[RegionPlan]) -> None:
        rng = self.rng
        hosts = [c for c in communities if c.profile == FULL] or [
            c for c in communities if c.profile == COVERED
        ]
        if not hosts:
            return
        for suffix, category, domains, targets in rng.sample(STREET_TEMPLATES, rng.randint(2, 3)):
            self.organization(
                name=street.name + suffix,
                category=category,
                community=rng.choice(hosts),
                domains=domains,
                targets=targets,
                venue=f"{street.name}社区社会组织服务中心",
            )

    def federation(self, street: RegionPlan, communities: list[RegionPlan]) -> None:
        rng = self.rng
        street_orgs = [
            org for org in self.plan.organizations if org.community_code.startswith(street.code[:9])
        ]
        hub = self.organization(
            name=f"{street.name}社区社会组织联合会",
            category="charity",
            community=next(c for c in communities if c.profile in (FULL, COVERED)),
            domains=("volunteer",),
            targets=("residents",),
            tier=Tier.REGISTERED,
            venue=f"{street.name}社区社会组织服务中心",
        )
        founded_on = FEDERATION_FOUNDED_ON[street.code[:9]]
        hub.founded_on = founded_on - datetime.timedelta(days=rng.randint(30, 120))
        hub.party_building = PartyBuilding.INDEPENDENT
        hub.is_brand = True
        # Filed and registered organizations are the usual members; a few guided ones join too.
        weights = [3 if org.tier != Tier.GUIDED else 1 for org in street_orgs]
        members: list[str] = []
        while len(members) < min(FEDERATION_MEMBERS, len(street_orgs)):
            pick = rng.choices(street_orgs, weights=weights)[0]
            if pick.name not in members:
                members.append(pick.name)
        self.plan.federations.append(
            FederationPlan(
                street_code=street.code[:9],
                hub_name=hub.name,
                founded_on=founded_on,
                member_names=tuple(members),
            )
        )

    # Social-work talent ------------------------------------------------------------------------

    def social_workers(self, community: RegionPlan) -> None:
        rng = self.rng
        counts = SOCIAL_WORKER_COUNT_WEIGHTS
        for _ in range(rng.choices(list(counts), weights=list(counts.values()))[0]):
            name, _id = self.people.person(community.code[:6], born_from=1970, born_to=1998)
            certified_on = self.people.date_between(datetime.date(2009, 6, 1), datetime.date(2025, 11, 30))
            self.certificate_serial += rng.randint(1, 40)
            self.plan.social_workers.append(
                SocialWorkerPlan(
                    name=name,
                    community_code=community.code,
                    qualification=rng.choices(
                        list(QUALIFICATION_WEIGHTS), weights=list(QUALIFICATION_WEIGHTS.values())
                    )[0],
                    certificate_number=f"S{certified_on.year}-99-{self.certificate_serial:06d}",
                    certified_on=certified_on,
                    is_active=rng.random() < 0.92,
                )
            )

    # Accounts ----------------------------------------------------------------------------------

    def accounts(self) -> None:
        org_a = next(
            org
            for org in self.plan.organizations
            if org.community_code == ORG_ACCOUNT_COMMUNITY and org.name.endswith(ORG_ACCOUNT_SUFFIX)
        )
        self.plan.accounts = [
            AccountPlan("admin", "张伟（系统管理员）", "", None, superuser=True),
            AccountPlan("bureau_city", "李明（市民政局）", Role.BUREAU, CITY_CODE),
            AccountPlan("bureau_district", "王芳（临江区民政局）", Role.BUREAU, "990101000000"),
            AccountPlan("street_a", "陈静（江滨街道办事处）", Role.STREET, "990101001000"),
            AccountPlan("street_b", "刘洋（望湖街道办事处）", Role.STREET, "990101002000"),
            AccountPlan("community_a", "赵秀英（幸福里社区居委会）", Role.COMMUNITY, ORG_ACCOUNT_COMMUNITY),
            AccountPlan("operator", "孙浩（临江区社会组织孵化基地）", Role.OPERATOR, "990101000000"),
            AccountPlan(
                "org_a",
                f"{org_a.leader_name}（{org_a.name}）",
                Role.ORGANIZATION,
                ORG_ACCOUNT_COMMUNITY,
                organization_name=org_a.name,
            ),
        ]

    def build(self) -> DemoPlan:
        self.regions()
        for _district_code, _district_name, streets in GEOGRAPHY:
            for street_code, _street_name, has_federation, _communities in streets:
                street = self.plan.region(street_code.ljust(12, "0"))
                communities = self.communities(street_code)
                for community in communities:
                    self.community_organizations(community)
                self.street_organizations(street, communities)
                if has_federation:
                    self.federation(street, communities)
                for community in communities:
                    self.social_workers(community)
        self.accounts()
        names = Counter((org.street_code, org.name) for org in self.plan.organizations)
        duplicates = [name for (_street, name), count in names.items() if count > 1]
        if duplicates:
            raise AssertionError(f"duplicate demo organization names: {duplicates}")
        return self.plan


def build_plan(seed: int = SEED) -> DemoPlan:
    """The whole demo as plain data; the same seed always gives the same plan."""
    return _Builder(seed).build()
