"""Naming material of the demo city: what its organizations are called, and its made-up people.

Names follow the filing rule "place + community + field + form" (``TEMPLATES``, per category);
people get a surname and a given name, a mobile number of a real prefix and an ID of the district
(drawn in ``demo.people``). Plain data, like ``demo.city``.
"""

from __future__ import annotations

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
