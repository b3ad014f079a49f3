"""The demo city of ``manage.py seed_demo``: its regions, coverage profiles and how its
organizations, federations and social workers are spread.

Everything lives under the fictional province prefix ``99`` so it never clashes with real
division codes. This module is plain data, like ``demo.names`` (what things are called):
``demo.plan`` draws the whole demo from them and ``demo.registry`` applies that plan to the
database.

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
"""

from __future__ import annotations

import datetime

from registry.choices import FundingSource, PartyBuilding, QualificationLevel, Tier

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

# The organization of 幸福里社区 that the demo organization account belongs to.
ORG_ACCOUNT_COMMUNITY = "990101001001"
ORG_ACCOUNT_SUFFIX = "夕阳红合唱队"

# How extra organizations beyond one per category spread: culture and sports groups abound.
EXTRA_WEIGHTS = {"charity": 3, "mutual_aid": 3, "culture": 5, "mediation": 1.5, "safety": 2, "featured": 1.5}

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
