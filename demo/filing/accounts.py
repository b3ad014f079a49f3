"""The demo accounts the filing part needs: the applicant and the committees that give opinions."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from demo.seeding import PASSWORD, DemoSeedError, LoginRow
from registry.choices import Role
from registry.models import Region, User

from .specs import APPLICANT, APPLICANT_NAME

STREETS = {"990101001": "street_a", "990101002": "street_b"}
COMMUNITY_A = "990101001001"  # 幸福里社区, the committee of the demo account community_a
ADMIN = "admin"

# The committees (村/社区「两委」) that give an opinion in the demo besides community_a, and the
# member of staff behind each account.
COMMITTEES = {
    "990101001002": "周桂兰",  # 桃源村
    "990101001003": "吴敏",  # 滨江花园社区
    "990101002001": "郑海燕",  # 湖畔社区
}


def _region_path(region: Region | None) -> str:
    names = []
    while region is not None:
        names.append(region.name)
        region = region.parent
    return "".join(reversed(names))


def committee_username(community_code: str) -> str:
    return "community_a" if community_code == COMMUNITY_A else f"community_{community_code[6:]}"


def accounts() -> tuple[dict[str, User], list[LoginRow]]:
    """The demo accounts the applications need: the registry's and the ones created here."""
    password = make_password(PASSWORD)  # hashed once: the demo's password is published anyway
    wanted: list[tuple[str, str, str, Region | None]] = [(APPLICANT, APPLICANT_NAME, Role.APPLICANT, None)]
    for code, staff in COMMITTEES.items():
        community = Region.objects.unrestricted().select_related("parent").get(code=code)
        office = "村民委员会" if community.name.endswith("村") else "居民委员会"
        wanted.append(
            (committee_username(code), f"{staff}（{community.name}{office}）", Role.COMMUNITY, community)
        )
    logins = []
    for username, full_name, role, region in wanted:
        user = User.objects.unrestricted().filter(username=username).first() or User(username=username)
        user.full_name, user.role, user.region, user.organization = full_name, role, region, None
        user.is_active, user.is_staff, user.is_superuser = True, False, False
        user.password = password
        user.full_clean()
        user.save()
        jurisdiction = _region_path(region) if region else "本人提交的备案申请"
        logins.append(LoginRow(username, Role(role).label, jurisdiction))
    usernames = {ADMIN, *STREETS.values(), "community_a", *(username for username, *_ in wanted)}
    users = {
        user.username: user
        for user in User.objects.unrestricted().select_related("region").filter(username__in=usernames)
    }
    missing = sorted(usernames - set(users))
    if missing:
        raise DemoSeedError(f"缺少演示账号：{'、'.join(missing)}")
    return users, logins
