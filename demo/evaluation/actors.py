"""Who acts in the evaluation demo: the demo's own accounts where the city has one for the office (the
committees of four communities, two streets, two bureaus), the superuser elsewhere."""

from __future__ import annotations

from dataclasses import dataclass

from demo.seeding import DemoSeedError
from registry.choices import Role, Tier
from registry.models import Organization, User


@dataclass
class Actors:
    admin: User
    committees: dict[str, User]  # community code → its 两委's account
    streets: dict[str, User]  # street code → its office's account
    bureaus: dict[str, User]  # district code prefix → its bureau's account; "" for the city's
    organizations: dict[int, User]  # organization id → its own account

    def committee(self, community_code: str) -> User:
        return self.committees.get(community_code, self.admin)

    def street(self, community_code: str) -> User:
        return self.streets.get(community_code[:9].ljust(12, "0"), self.admin)

    def reporter(self, organization: Organization) -> User:
        return self.organizations.get(organization.pk) or self.committee(organization.community_id)

    def brand_office(self, organization: Organization) -> User:
        """The office that manages the organization's tier (分类管理) designates it."""
        if organization.tier != Tier.REGISTERED:
            return self.street(organization.community_id)
        return self.bureaus.get(organization.community_id[:6]) or self.bureaus.get("") or self.admin


def actors() -> Actors:
    users = list(User.objects.unrestricted().select_related("region").filter(is_active=True))
    admin = next((user for user in users if user.is_superuser and user.username == "admin"), None)
    if admin is None:
        raise DemoSeedError("缺少演示超级管理员账号 admin（请先生成演示城市）")
    by_role = {role: [user for user in users if user.role == role] for role in Role.values}
    bureaus = {}
    for user in by_role[Role.BUREAU]:
        prefix = user.region.prefix if user.region_id else None
        if prefix is not None:
            bureaus["" if len(prefix) < 6 else prefix] = user
    return Actors(
        admin=admin,
        committees={user.region_id: user for user in by_role[Role.COMMUNITY] if user.region_id},
        streets={user.region_id: user for user in by_role[Role.STREET] if user.region_id},
        bureaus=bureaus,
        organizations={user.organization_id: user for user in by_role[Role.ORGANIZATION]},
    )
