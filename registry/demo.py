"""Demonstration data (``manage.py seed_demo``): a fictional city with its organizations and logins.

Everything lives under the fictional province prefix ``99`` so it never clashes with real
division codes. ``build_plan()`` is a pure, deterministic description of the whole demo (one
seeded random generator, no database); ``seed_demo()`` applies it idempotently: regions are
upserted by code, organizations are created through ``services.organization_create`` (full
validation and an audit event each) unless one of the same name already exists in the street
(an ended one too: a rerun never brings back an organization that has been deregistered or
revoked since), and federations, social workers and accounts are upserted by their natural keys.

Coverage is uneven on purpose, so that quota reports have something to explain. Each community
carries a profile (see ``GEOGRAPHY``):

- ``FULL``: all five core categories plus 特色类 (the Taicang "5+X"), 16–24 organizations in an
  urban community and 8–13 in a rural one, i.e. above the Taicang (10/6) and Beijing (15/8)
  counts. They also host the street-wide organizations (江滨街道平安巡逻队 …) and the
  federation hubs. 江滨街道 and 青山街道 are the model streets: almost every community is FULL.
- ``COVERED``: all six categories present, but only 6–9 organizations (urban) or 6–7 (rural):
  meets 5+X, falls short of the Beijing averages.
- ``PARTIAL``: one or two categories missing (named per community in ``GEOGRAPHY``; 纠纷调处类
  most often, 文体科教类 never) and few organizations: fails 5+X. 东关街道, 石桥镇 and 柳湾乡
  are the weak streets.
- ``EMPTY``: no organization at all — 锦绣新城社区 (a newly built estate in 东关街道) and 石门村
  (a remote village of 柳湾乡).

So 37 of the 61 communities meet 5+X (every FULL and COVERED one) and 24 do not. No annual
evaluation grades are seeded, so the "high-quality" averages start at zero.

Only 江滨街道 and 青山街道 have a federation (联合会), so the Beijing "federation in every
street" rule fails for the other six streets. Social-work talent is spread 0–4 per community,
so some communities meet the Hainan targets and some have nobody.

Each organization enters the register's history on its founding day (and each social worker on
the day they qualified), so quota reports dated in the past show the city growing.

Other apps add their own demo data without registry importing them (see ``seed_other_apps``):
every app config that defines a ``seed_demo(*, stdout)`` method is called once the registry's
data is in place, inside the same transaction.
"""

from __future__ import annotations

import datetime
import io
import random
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from . import services
from .choices import (
    FundingSource,
    PartyBuilding,
    QualificationLevel,
    RegionLevel,
    Role,
    Tier,
    UrbanRural,
)
from .identifiers import credit_code_check_char, resident_id_check_char
from .models import (
    Category,
    Federation,
    Organization,
    Region,
    ServiceDomain,
    SocialWorker,
    TargetGroup,
    User,
)

SEED = 20261122
PASSWORD = "demo12345"
SITE_URL = "http://127.0.0.1:8000/"
CITY_CODE = "990100000000"
CITY_NAME = "清河市"
CITY_PREFIX = CITY_CODE[:4]

FULL = "full"
COVERED = "covered"
PARTIAL = "partial"
EMPTY = "empty"

CORE_CATEGORIES = ("charity", "mutual_aid", "culture", "mediation", "safety")
FEATURED_CATEGORY = "featured"
ALL_CATEGORIES = (*CORE_CATEGORIES, FEATURED_CATEGORY)

Community = tuple[str, str, tuple[str, ...]]


def full(name: str) -> Community:
    return (name, FULL, ())


def covered(name: str) -> Community:
    return (name, COVERED, ())


def partial(name: str, *missing: str) -> Community:
    return (name, PARTIAL, missing)


def empty(name: str) -> Community:
    return (name, EMPTY, ())


# District code and name, and its streets: 9-digit code, name, whether it has a federation, and
# its communities with their coverage profile (for PARTIAL ones, the categories they lack:
# 纠纷调处类 ten times, 平安建设类 seven, 特色类 six, 公益慈善类 four, 居民互助类 twice,
# 文体科教类 never). A name ending in 村 is a rural village, anything else an urban community.
# Village parts are numbered 001, 002 … in the order given; the first community of 江滨街道,
# 幸福里社区, is home to the demo community and organization accounts.
GEOGRAPHY: tuple[tuple[str, str, tuple[tuple[str, str, bool, tuple[Community, ...]], ...]], ...] = (
    (
        "990101",
        "临江区",
        (
            (
                "990101001",
                "江滨街道",
                True,
                (
                    full("幸福里社区"),
                    full("桃源村"),
                    full("滨江花园社区"),
                    full("柳岸社区"),
                    full("春晖社区"),
                    covered("锦江社区"),
                    full("朝阳社区"),
                    partial("渔港社区", "mediation"),
                    full("南湖社区"),
                ),
            ),
            (
                "990101002",
                "望湖街道",
                False,
                (
                    full("湖畔社区"),
                    full("望湖社区"),
                    partial("翠苑社区", "mediation", "safety"),
                    covered("金桂社区"),
                    full("明珠社区"),
                    partial("清波社区", "featured"),
                    full("紫荆社区"),
                    partial("博雅社区", "safety"),
                ),
            ),
            (
                "990101003",
                "东关街道",
                False,
                (
                    full("东关社区"),
                    partial("鼓楼社区", "mediation"),
                    partial("文昌社区", "charity", "featured"),
                    covered("仁和社区"),
                    partial("育才社区", "safety"),
                    empty("锦绣新城社区"),
                    full("永安社区"),
                ),
            ),
        ),
    ),
    (
        "990102",
        "青山区",
        (
            (
                "990102001",
                "青山街道",
                True,
                (
                    full("青山社区"),
                    full("松鹤社区"),
                    full("秀水社区"),
                    covered("新华社区"),
                    partial("建设社区", "mediation"),
                    full("康乐社区"),
                    full("枫林社区"),
                    full("青峰村"),
                ),
            ),
            (
                "990102100",
                "松林镇",
                False,
                (
                    full("松林社区"),
                    full("松林村"),
                    partial("杏花村", "mediation", "safety"),
                    covered("竹溪村"),
                    partial("龙泉村", "featured"),
                    full("梅岭村"),
                    partial("黄土坡村", "charity"),
                    full("白沙村"),
                ),
            ),
        ),
    ),
    (
        "990121",
        "河西县",
        (
            (
                "990121100",
                "河西镇",
                False,
                (
                    full("河西社区"),
                    partial("新街社区", "mediation"),
                    full("西河村"),
                    partial("王家庄村", "safety", "featured"),
                    covered("李家湾村"),
                    partial("大柳树村", "mutual_aid"),
                    full("前进村"),
                    partial("红星村", "mediation"),
                ),
            ),
            (
                "990121101",
                "石桥镇",
                False,
                (
                    covered("石桥社区"),
                    partial("石桥村", "safety"),
                    partial("双河村", "mediation", "featured"),
                    full("高家岭村"),
                    partial("马鞍山村", "charity"),
                    partial("清泉村", "mediation"),
                    covered("南坪村"),
                ),
            ),
            (
                "990121200",
                "柳湾乡",
                False,
                (
                    partial("柳湾村", "safety", "mutual_aid"),
                    partial("东岭村", "featured"),
                    full("上河村"),
                    partial("下河村", "mediation", "charity"),
                    empty("石门村"),
                    covered("桃花村"),
                ),
            ),
        ),
    ),
)

FEDERATION_FOUNDED_ON = {
    "990101001": datetime.date(2019, 6, 18),
    "990102001": datetime.date(2021, 3, 26),
}
FEDERATION_MEMBERS = 15

# Field + form of community-level names, per category: (suffix, service domains, target
# groups, where): "U" urban only, "R" rural only, "B" both.
Template = tuple[str, tuple[str, ...], tuple[str, ...], str]
TEMPLATES: dict[str, tuple[Template, ...]] = {
    "charity": (
        ("爱心志愿服务队", ("volunteer",), ("residents",), "B"),
        ("助老志愿服务队", ("elderly", "volunteer"), ("empty_nest", "elderly"), "B"),
        ("困境儿童关爱小组", ("childcare",), ("children_in_need",), "B"),
        ("助残服务站", ("disability",), ("disabled",), "B"),
        ("阳光助学社", ("education",), ("children_in_need", "youth"), "B"),
        ("慈善帮扶协会", ("volunteer",), ("subsistence", "extreme_poverty"), "B"),
        ("红十字救护队", ("health",), ("residents",), "U"),
        ("爱心食堂志愿服务队", ("elderly", "volunteer"), ("elderly", "empty_nest"), "U"),
        ("垃圾分类志愿服务队", ("environment", "volunteer"), ("residents",), "U"),
        ("公益微基金管理小组", ("volunteer",), ("subsistence",), "U"),
        ("留守儿童关爱服务站", ("childcare",), ("left_behind", "children_in_need"), "R"),
        ("乡村公益服务站", ("volunteer",), ("extreme_poverty", "subsistence"), "R"),
        ("美丽乡村环保志愿队", ("environment",), ("residents",), "R"),
    ),
    "mutual_aid": (
        ("邻里互助站", ("family", "volunteer"), ("residents",), "B"),
        ("空巢老人结对帮扶组", ("elderly",), ("empty_nest",), "B"),
        ("邻里守望互助队", ("volunteer",), ("elderly", "residents"), "B"),
        ("巾帼互助社", ("family",), ("women",), "B"),
        ("养老互助协会", ("elderly",), ("elderly",), "B"),
        ("时间银行互助中心", ("volunteer", "elderly"), ("elderly", "residents"), "U"),
        ("四点半课堂互助组", ("childcare", "education"), ("youth", "migrant_workers"), "U"),
        ("家庭互助服务中心", ("family",), ("women", "residents"), "U"),
        ("新市民互助站", ("family", "rights"), ("migrant_workers",), "U"),
        ("育儿互助社", ("childcare", "family"), ("women", "youth"), "U"),
        ("农机互助组", ("agri_tech",), ("residents",), "R"),
        ("留守老人互助组", ("elderly",), ("left_behind", "empty_nest"), "R"),
        ("种养殖技术互助社", ("agri_tech",), ("residents",), "R"),
        ("邻里帮工互助队", ("volunteer",), ("residents",), "R"),
    ),
    "culture": (
        ("夕阳红合唱队", ("culture_sports",), ("elderly",), "B"),
        ("广场舞队", ("culture_sports",), ("women", "residents"), "B"),
        ("科普宣传队", ("education",), ("residents",), "B"),
        ("书画协会", ("culture_sports",), ("elderly", "residents"), "U"),
        ("太极拳协会", ("culture_sports", "health"), ("elderly",), "U"),
        ("摄影协会", ("culture_sports",), ("residents",), "U"),
        ("读书社", ("education",), ("residents", "youth"), "U"),
        ("京剧票友社", ("culture_sports",), ("elderly",), "U"),
        ("乒乓球协会", ("culture_sports", "health"), ("residents",), "U"),
        ("少儿诗词社", ("education",), ("youth",), "U"),
        ("腰鼓队", ("culture_sports",), ("women", "elderly"), "R"),
        ("锣鼓队", ("culture_sports",), ("residents",), "R"),
        ("秧歌队", ("culture_sports",), ("women", "residents"), "R"),
        ("农民篮球队", ("culture_sports",), ("youth", "residents"), "R"),
        ("农家书屋读书组", ("education",), ("left_behind", "residents"), "R"),
        ("地方戏曲社", ("culture_sports",), ("elderly", "residents"), "R"),
    ),
    "mediation": (
        ("邻里纠纷调解组", ("mediation",), ("residents",), "B"),
        ("和事佬调解队", ("mediation",), ("residents",), "B"),
        ("婚姻家庭调解站", ("mediation", "family"), ("women", "residents"), "B"),
        ("法律服务志愿队", ("legal_aid", "rights"), ("residents", "migrant_workers"), "B"),
        ("老党员调解队", ("mediation",), ("residents",), "B"),
        ("心理疏导服务站", ("mental_health",), ("residents", "youth"), "U"),
        ("物业纠纷协调组", ("mediation", "rights"), ("residents",), "U"),
        ("矛盾纠纷调解中心", ("mediation", "legal_aid"), ("residents",), "U"),
        ("劳资纠纷调解站", ("mediation", "rights"), ("migrant_workers",), "U"),
        ("土地纠纷调处组", ("mediation",), ("residents",), "R"),
        ("乡贤理事会", ("village_sages", "mediation"), ("residents",), "R"),
    ),
    "safety": (
        ("平安巡逻队", ("public_safety",), ("residents",), "B"),
        ("治安志愿巡逻队", ("public_safety", "volunteer"), ("residents",), "B"),
        ("防诈骗宣传队", ("public_safety", "education"), ("elderly",), "B"),
        ("禁毒志愿服务队", ("correction", "public_safety"), ("youth",), "B"),
        ("安帮帮教志愿组", ("correction",), ("residents",), "B"),
        ("楼栋安全员小组", ("public_safety",), ("residents", "elderly"), "U"),
        ("消防志愿服务队", ("public_safety",), ("residents",), "U"),
        ("交通文明劝导队", ("public_safety",), ("residents",), "U"),
        ("红袖标巡逻队", ("public_safety",), ("residents",), "U"),
        ("义务消防队", ("public_safety",), ("residents",), "R"),
        ("护河巡查队", ("environment", "public_safety"), ("residents",), "R"),
        ("平安联防队", ("public_safety",), ("residents",), "R"),
        ("防汛应急队", ("public_safety",), ("residents", "left_behind"), "R"),
    ),
    "featured": (
        ("非遗剪纸传习社", ("culture_sports",), ("youth", "women"), "B"),
        ("老兵志愿服务队", ("volunteer",), ("residents",), "B"),
        ("家风家训宣讲队", ("education", "family"), ("residents",), "B"),
        ("红色文化宣讲队", ("education",), ("youth",), "B"),
        ("居民议事协会", ("volunteer",), ("residents",), "U"),
        ("花卉园艺社", ("environment",), ("elderly",), "U"),
        ("文明养犬协会", ("environment",), ("residents",), "U"),
        ("旧物改造社", ("environment",), ("residents",), "U"),
        ("茶艺社", ("culture_sports",), ("women",), "U"),
        ("红白理事会", ("ceremonies",), ("residents",), "R"),
        ("电商助农服务站", ("agri_tech",), ("residents", "left_behind"), "R"),
        ("民俗文化传承协会", ("culture_sports",), ("residents",), "R"),
        ("乡村振兴服务中心", ("agri_tech",), ("residents",), "R"),
    ),
}

# Street-wide organizations, named after the street or township and hosted by one of its
# well-covered communities: (suffix, category, domains, target groups).
STREET_TEMPLATES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("志愿者协会", "charity", ("volunteer",), ("residents",)),
    ("社会工作服务中心", "charity", ("volunteer", "mental_health"), ("subsistence", "disabled")),
    ("平安巡逻队", "safety", ("public_safety",), ("residents",)),
    ("矛盾纠纷多元调解中心", "mediation", ("mediation", "legal_aid"), ("residents",)),
    ("老年体育协会", "culture", ("culture_sports", "health"), ("elderly",)),
    ("文化艺术协会", "culture", ("culture_sports",), ("residents",)),
    ("养老服务中心", "mutual_aid", ("elderly",), ("elderly", "empty_nest")),
)

# The organization of 幸福里社区 that the demo organization account belongs to.
ORG_ACCOUNT_COMMUNITY = "990101001001"
ORG_ACCOUNT_SUFFIX = "夕阳红合唱队"

# How extra organizations beyond one per category spread: culture and sports groups abound.
EXTRA_WEIGHTS = {"charity": 3, "mutual_aid": 3, "culture": 5, "mediation": 1.5, "safety": 2, "featured": 1.5}

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
)


def _words(*lines: str) -> tuple[str, ...]:
    return tuple(" ".join(lines).split())


MALE_GIVEN = _words(
    "建国 建华 国强 志强 伟 军 勇 德明 文斌 海涛 永刚 明辉 长林 福生 宝山 俊杰 振华 立新 庆丰",
    "春生 学军 卫东 红军 家豪 浩然 志刚 建平 新民 树林 金龙 守仁 光明 德福 国华 晓东 子轩 宇航",
)
FEMALE_GIVEN = _words(
    "秀英 桂英 玉兰 淑珍 丽华 美玲 春梅 秀兰 凤英 红霞 晓燕 丽娟 海燕 雪梅 静 敏 婷婷 慧",
    "金凤 月娥 桂兰 素芬 玉梅 小红 丽萍 慧敏 文静 佳怡 雨萱 晓丽",
)
MOBILE_PREFIXES = (
    *(f"13{d}" for d in range(10)),
    *(f"15{d}" for d in (0, 1, 2, 3, 5, 6, 7, 8, 9)),
    *(f"18{d}" for d in range(10)),
)
URBAN_VENUES = ("党群服务中心", "文化活动室", "居民活动中心", "新时代文明实践站", "老年活动室", "议事厅")
RURAL_VENUES = ("村委会会议室", "文化礼堂", "党群服务中心", "农家书屋", "老年活动中心")

FOUNDED_FIRST = datetime.date(2012, 1, 1)
FOUNDED_LAST = datetime.date(2026, 10, 31)

ORG_TIERS = (Tier.REGISTERED, Tier.FILED, Tier.GUIDED)
# Associations and centres are the ones that grow into legal registration.
TIER_WEIGHTS_LARGE_FORM = (25, 50, 25)
TIER_WEIGHTS_SMALL_FORM = (4, 47, 49)
LARGE_FORMS = ("协会", "中心", "理事会")
MEMBER_RANGE = {Tier.REGISTERED: (30, 120), Tier.FILED: (15, 80), Tier.GUIDED: (10, 40)}
BRAND_CHANCE = {Tier.REGISTERED: 0.18, Tier.FILED: 0.10, Tier.GUIDED: 0.05}
PARTY_WEIGHTS = {
    Tier.REGISTERED: (35, 45, 20),
    Tier.FILED: (10, 40, 50),
    Tier.GUIDED: (3, 30, 67),
}
PARTY_CHOICES = (PartyBuilding.INDEPENDENT, PartyBuilding.JOINT, PartyBuilding.NONE)
FUNDING_POOL = {
    Tier.REGISTERED: (
        FundingSource.GOVERNMENT,
        FundingSource.DONATION,
        FundingSource.DUES,
        FundingSource.COMMUNITY_FUND,
    ),
    Tier.FILED: (
        FundingSource.DUES,
        FundingSource.COMMUNITY_FUND,
        FundingSource.VENUE_SUPPORT,
        FundingSource.GOVERNMENT,
        FundingSource.DONATION,
    ),
    Tier.GUIDED: (
        FundingSource.SELF_RAISED,
        FundingSource.VENUE_SUPPORT,
        FundingSource.DUES,
        FundingSource.COMMUNITY_FUND,
        FundingSource.OTHER,
    ),
}

SOCIAL_WORKER_COUNT_WEIGHTS = {0: 22, 1: 25, 2: 28, 3: 15, 4: 10}
QUALIFICATION_WEIGHTS = {
    QualificationLevel.ASSISTANT: 60,
    QualificationLevel.INTERMEDIATE: 34,
    QualificationLevel.SENIOR: 6,
}


# -- the plan ----------------------------------------------------------------------------------


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


class _People:
    """Names, resident IDs and mobiles of made-up people, drawn from the plan's generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self, district_code: str, *, born_from: int = 1950, born_to: int = 1995) -> tuple[str, str]:
        rng = self.rng
        male = rng.random() < 0.5
        name = rng.choice(SURNAMES) + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
        birth = datetime.date(born_from, 1, 1) + datetime.timedelta(
            days=rng.randrange((datetime.date(born_to, 12, 31) - datetime.date(born_from, 1, 1)).days)
        )
        sequence = rng.randrange(0, 1000, 2) + (1 if male else 0)  # odd for men, even for women
        body = f"{district_code}{birth:%Y%m%d}{sequence:03d}"
        return name, body + resident_id_check_char(body)

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def date_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))


def organization_code_check_char(body: str) -> str:
    """The GB 11714 check character of an 8-character organization code body."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w for ch, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def demo_credit_code(serial: int, *, district_code: str, association: bool) -> str:
    """A valid GB 32100 code: civil affairs (5), 社会团体 (1) or 民办非企业单位 (2), the district."""
    body = f"MJ{serial:06d}"
    body += organization_code_check_char(body)
    head = f"5{'1' if association else '2'}{district_code[:6]}{body}"
    return head + credit_code_check_char(head)


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
        self.people = _People(self.rng)
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


# -- applying it -------------------------------------------------------------------------------


class DemoSeedError(Exception):
    """The demo cannot be applied to this database (missing vocabularies, invalid data …)."""


@dataclass(frozen=True)
class LoginRow:
    username: str
    role: str
    jurisdiction: str


@dataclass
class SeedResult:
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
    logins: list[LoginRow]
    # What the other apps' seed_demo hooks reported: summary lines, then their own logins.
    app_lines: list[str] = field(default_factory=list)

    @property
    def organizations(self) -> int:
        return sum(self.organizations_by_tier.values())


def seed_demo(seed: int = SEED) -> SeedResult:
    """Create or refresh the demo city; running it again changes nothing but the passwords.

    The registry's data comes first, then every other app's (``seed_other_apps``), all in one
    transaction: if any part fails, nothing is left half-seeded.
    """
    plan = build_plan(seed)
    with transaction.atomic():
        regions = _apply_regions(plan)
        admin = _apply_account(next(a for a in plan.accounts if a.superuser), regions)
        created = _apply_organizations(plan, regions, actor=admin)
        _apply_federations(plan, regions, actor=admin)
        _apply_social_workers(plan, regions, actor=admin)
        _date_register_entries()
        for account in plan.accounts:
            if not account.superuser:
                _apply_account(account, regions)
        app_lines, app_logins = seed_other_apps()
        result = _result(plan, regions, created)
        result.app_lines = app_lines
        result.logins.extend(app_logins)
        return result


def seed_other_apps() -> tuple[list[str], list[LoginRow]]:
    """Run the demo hook of every installed app but this one; returns their lines and logins.

    The hook is a method of the app's ``AppConfig``::

        def seed_demo(self, *, stdout: OutputWrapper) -> Iterable[LoginRow] | None

    called after the registry's demo data exists, inside ``seed_demo``'s transaction, in
    INSTALLED_APPS order. It must be idempotent (a second run creates nothing), writes its
    summary lines to ``stdout`` (printed after the registry's summary, left out by ``--quiet``)
    and may return extra demo logins, listed after the registry's in the logins table. This is
    how the apps built on the registry seed themselves without the registry importing them.
    """
    lines: list[str] = []
    logins: list[LoginRow] = []
    for app_config in apps.get_app_configs():
        hook = getattr(app_config, "seed_demo", None)
        if app_config.name == "registry" or not callable(hook):
            continue
        buffer = io.StringIO()
        logins.extend(hook(stdout=OutputWrapper(buffer)) or ())
        lines.extend(buffer.getvalue().splitlines())
    return lines, logins


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
        entries = history.objects.filter(
            history_type="+", community__code__startswith=CITY_PREFIX, **{f"{date_field}__isnull": False}
        )
        moved = []
        for entry in entries.only("history_id", "history_date", date_field):
            day = getattr(entry, date_field)
            entered = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
            if entered < entry.history_date:
                entry.history_date = entered
                moved.append(entry)
        history.objects.bulk_update(moved, ["history_date"], batch_size=500)


def _apply_account(account: AccountPlan, regions: dict[str, Region]) -> User:
    user = User.objects.filter(username=account.username).first() or User(username=account.username)
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


def _result(plan: DemoPlan, regions: dict[str, Region], created: int) -> SeedResult:
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
    usernames = [account.username for account in plan.accounts]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    logins = []
    for account in plan.accounts:
        user = users[account.username]
        role = Role(account.role).label if account.role else "超级管理员"
        jurisdiction = _region_path(user.region, regions)
        if user.organization_id:
            jurisdiction = f"{account.organization_name}（{user.region.name}）"
        logins.append(LoginRow(account.username, role, jurisdiction))
    community_count = communities.count()
    return SeedResult(
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
        logins=logins,
    )


# -- printing ----------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Terminal columns: Chinese characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def summary_lines(result: SeedResult) -> list[str]:
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
        *result.app_lines,
    ]


def login_lines(result: SeedResult) -> list[str]:
    header = ("用户名", "角色", "辖区", "密码")
    rows = [(row.username, row.role, row.jurisdiction, PASSWORD) for row in result.logins]
    widths = [max(display_width(line[i]) for line in (header, *rows)) + 2 for i in range(3)]
    lines = [f"演示账号（密码均为 {PASSWORD}）："]
    for line in (header, *rows):
        lines.append(
            "  " + "".join(pad(cell, width) for cell, width in zip(line[:3], widths, strict=True)) + line[3]
        )
    lines.append(f"访问地址：{SITE_URL}")
    return lines
