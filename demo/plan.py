"""The demo as plain data: every region, organization, federation, social worker and account.

``demo.drawing.build_plan()`` draws a ``DemoPlan`` from the city (``demo.city``, ``demo.names``),
with no database; ``demo.registry`` applies it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from registry.choices import RegionLevel, UrbanRural


@dataclass(frozen=True)
class RegionPlan:
    code: str
    name: str
    level: RegionLevel
    parent_code: str | None
    urban_rural: str = ""
    profile: str = ""
    missing: tuple[str, ...] = ()

    @property
    def is_urban(self) -> bool:
        return self.urban_rural == UrbanRural.URBAN


@dataclass
class OrganizationPlan:
    name: str
    tier: str
    category: str
    community_code: str
    founded_on: datetime.date
    leader_name: str
    leader_id_number: str
    leader_phone: str
    member_count: int
    party_building: str
    venue: str
    funding_sources: list[str]
    is_brand: bool
    domains: tuple[str, ...]
    target_groups: tuple[str, ...]
    credit_code: str = ""

    @property
    def street_code(self) -> str:
        return self.community_code[:9]


@dataclass(frozen=True)
class FederationPlan:
    street_code: str
    hub_name: str
    founded_on: datetime.date
    member_names: tuple[str, ...]


@dataclass(frozen=True)
class SocialWorkerPlan:
    name: str
    community_code: str
    qualification: str
    certificate_number: str
    certified_on: datetime.date
    is_active: bool


@dataclass(frozen=True)
class AccountPlan:
    username: str
    full_name: str
    role: str
    region_code: str | None
    superuser: bool = False
    organization_name: str = ""


@dataclass
class DemoPlan:
    regions: list[RegionPlan] = field(default_factory=list)
    organizations: list[OrganizationPlan] = field(default_factory=list)
    federations: list[FederationPlan] = field(default_factory=list)
    social_workers: list[SocialWorkerPlan] = field(default_factory=list)
    accounts: list[AccountPlan] = field(default_factory=list)

    def region(self, code: str) -> RegionPlan:
        return next(region for region in self.regions if region.code == code)
