"""The demo city of ``manage.py seed_demo``: its regions, coverage profiles and naming material.

Everything lives under the fictional province prefix ``99`` so it never clashes with real
division codes. This module is plain data: ``registry.demo_plan`` draws the whole demo from it and
``registry.demo`` applies that plan to the database.

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

from .choices import FundingSource, PartyBuilding, QualificationLevel, Tier

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
