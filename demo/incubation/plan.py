"""What the incubation demo holds: plain data, applied by ``demo.incubation.seed``."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

D = datetime.date


@dataclass(frozen=True)
class SpacePlan:
    name: str
    kind: str
    capacity: int
    for_tenants: bool = False


@dataclass(frozen=True)
class BasePlan:
    code: str
    name: str
    operator_name: str
    opened: datetime.date
    address: str
    contact: str
    phone: str
    funding: str
    area: int
    staff: int
    services: tuple[str, ...]
    runner: str  # the account that decides and logs for the base: its operator, or the staff managing it
    authority: str  # who approved it ("" for a base still awaiting approval)
    approver_label: str  # how subsidies name who approved them
    spaces: tuple[SpacePlan, ...] = ()
    operators: tuple[str, ...] = ()
    closed: datetime.date | None = None
    closing_reason: str = ""


@dataclass(frozen=True)
class TenantPlan:
    """A tenancy; ``months`` are counted back from today (start, end), fixed ``dates`` win over them."""

    base: str
    state: str
    organization: int | None = None  # the n-th active organization of the base's area (by id)
    group: tuple[str, str, str] | None = None  # a group not yet filed: name, community code, category
    start: int = 0  # months ago it moved in (or, for an admission, days ahead it will)
    term: int = 12  # months
    end: int = 0  # months ago it graduated or left
    space: str | None = None
    dates: tuple[datetime.date, datetime.date] | None = None  # moved in, graduated
    overdue: bool = False  # an application whose decision is already late
    extended: int = 0  # months the term was extended by
    note: str = ""


FULL_SET = (
    SpacePlan("党建活动室", "party", 30),
    SpacePlan("会议培训室", "training", 60),
    SpacePlan("综合服务区", "service", 20),
    SpacePlan("交流展示区", "exhibition", 40),
)
CITY, DISTRICT, JIANGBIN, WANGHU = (
    "清河市社会组织发展服务中心",
    "临江区社会组织发展服务中心",
    "江滨街道社会组织培育孵化中心",
    "望湖街道社会组织培育孵化中心",
)
QINGSHAN, SONGLIN = "青山区社会组织发展服务中心", "松林镇社会组织培育孵化中心"

BASES = (
    BasePlan(
        "990100000000",
        CITY,
        "清河市社会组织联合会",
        D(2021, 3, 1),
        "清河市人民路100号市民中心五楼",
        "何建华",
        "0571-86001234",
        "budget",
        1800,
        8,
        ("policy_advice", "talent", "research", "capacity", "allocation", "exhibition", "visits"),
        runner="bureau_city",
        authority="bureau_city",
        approver_label="清河市民政局",
        spaces=(
            *FULL_SET,
            SpacePlan("资源配置区", "resources", 20),
            SpacePlan("流动办公区", "hot_desk", 8, True),
        ),
    ),
    BasePlan(
        "990101000000",
        DISTRICT,
        "临江区益众社会工作服务中心",
        D(2022, 5, 10),
        "临江区滨河路66号区党群服务中心三楼",
        "周敏",
        "0571-86112345",
        "transfer",
        900,
        5,
        (
            "office",
            "policy_guidance",
            "capacity",
            "finance",
            "projects",
            "registration",
            "branding",
            "cooperation",
        ),
        runner="operator",
        authority="bureau_district",
        approver_label="临江区民政局",
        spaces=(
            *FULL_SET,
            SpacePlan("流动办公区", "hot_desk", 6, True),
            SpacePlan("入驻办公室101", "office", 1, True),
            SpacePlan("入驻办公室102", "office", 1, True),
        ),
        operators=("operator",),
    ),
    BasePlan(
        "990101001000",
        JIANGBIN,
        "临江区益众社会工作服务中心",
        D(2023, 3, 1),
        "江滨街道江滨路88号党群服务中心二楼",
        "许丽",
        "0571-86223456",
        "purchase",
        420,
        3,
        (
            "office",
            "policy_guidance",
            "resources",
            "capacity",
            "growth_assessment",
            "consulting",
            "information",
            "registration",
        ),
        runner="operator",
        authority="street_a",
        approver_label="江滨街道办事处",
        spaces=(
            *FULL_SET,
            SpacePlan("流动办公区", "hot_desk", 4, True),
            SpacePlan("入驻办公室201", "office", 1, True),
        ),
        operators=("operator",),
    ),
    BasePlan(
        "990101002000",
        WANGHU,
        "望湖街道社区社会组织联合会",
        D(2024, 9, 1),
        "望湖街道湖滨路12号社区服务中心",
        "钱进",
        "0571-86334567",
        "lottery",
        260,
        2,
        ("office", "policy_guidance", "capacity", "registration", "information"),
        runner="street_b",
        authority="street_b",
        approver_label="望湖街道办事处",
        spaces=(
            SpacePlan("党建活动室", "party", 20),
            SpacePlan("会议培训室", "training", 40),
            SpacePlan("综合服务区", "service", 10),
            SpacePlan("流动办公区", "hot_desk", 3, True),
        ),
    ),
    BasePlan(
        "990102000000",
        QINGSHAN,
        "青山区公益服务发展中心",
        D(2022, 1, 1),
        "青山区青山大道8号",
        "孔亮",
        "0571-86445678",
        "budget",
        500,
        3,
        ("office", "capacity", "registration"),
        runner="admin",
        authority="admin",
        approver_label="青山区民政局",
        spaces=(SpacePlan("会议培训室", "training", 30), SpacePlan("流动办公区", "hot_desk", 4, True)),
        closed=D(2025, 6, 30),
        closing_reason="场地改造，入驻组织已全部出壳，业务并入市级中心",
    ),
    BasePlan(
        "990102100000",
        SONGLIN,
        "松林镇社会工作站",
        D(2026, 1, 1),
        "松林镇政府综合楼一楼",
        "冯涛",
        "0571-86556789",
        "budget",
        150,
        1,
        ("office", "policy_guidance", "registration"),
        runner="admin",
        authority="",
        approver_label="",
    ),
)

TENANTS = (
    # 江滨街道: every state, the demo organization's own application among them.
    TenantPlan(JIANGBIN, "graduated", organization=0, start=22, end=8, space="入驻办公室201"),
    TenantPlan(JIANGBIN, "graduated", organization=1, start=18, end=5, space="流动办公区"),
    TenantPlan(JIANGBIN, "active", organization=2, start=4, space="入驻办公室201"),
    TenantPlan(JIANGBIN, "active", organization=3, start=7, space="流动办公区"),
    TenantPlan(JIANGBIN, "active", group=("春晖社区亲子阅读社", "990101001005", "culture"), start=2),
    TenantPlan(
        JIANGBIN,
        "extended",
        organization=4,
        start=13,
        term=12,
        extended=6,
        space="流动办公区",
        note="公益项目处于执行期",
    ),
    TenantPlan(JIANGBIN, "admitted", organization=5, start=-10, space="流动办公区"),
    TenantPlan(
        JIANGBIN, "exited", organization=6, start=9, end=2, space="流动办公区", note="骨干成员外迁，自愿退出"
    ),
    TenantPlan(JIANGBIN, "rejected", organization=7, note="活动内容以营利性培训为主，不属于孵化范围"),
    TenantPlan(JIANGBIN, "withdrawn", organization=8),
    TenantPlan(JIANGBIN, "applied", organization=-1),  # the demo organization account's, awaiting
    TenantPlan(JIANGBIN, "applied", organization=9, overdue=True),
    # 临江区
    TenantPlan(DISTRICT, "graduated", organization=10, start=26, end=12, space="入驻办公室101"),
    TenantPlan(DISTRICT, "active", organization=11, start=10, space="入驻办公室101"),
    TenantPlan(DISTRICT, "active", organization=12, start=5, space="入驻办公室102"),
    TenantPlan(DISTRICT, "active", organization=13, start=3, space="流动办公区"),
    TenantPlan(DISTRICT, "active", organization=14, start=1),
    TenantPlan(DISTRICT, "applied", organization=15),
    # the city
    TenantPlan(CITY, "graduated", organization=0, start=30, end=14, space="流动办公区"),
    TenantPlan(CITY, "active", organization=1, start=6, space="流动办公区"),
    TenantPlan(CITY, "active", organization=2, start=2),
    # 望湖街道
    TenantPlan(WANGHU, "active", organization=0, start=8, space="流动办公区"),
    TenantPlan(WANGHU, "applied", organization=1, overdue=True),
    # 青山区, before it closed
    TenantPlan(
        QINGSHAN, "graduated", organization=0, dates=(D(2023, 3, 1), D(2024, 12, 20)), space="流动办公区"
    ),
    TenantPlan(
        QINGSHAN, "graduated", organization=1, dates=(D(2024, 1, 15), D(2025, 5, 30)), space="流动办公区"
    ),
)

EVALUATIONS = {
    DISTRICT: (
        "bureau_district",
        {
            "party": 9,
            "facilities": 13,
            "rules": 12,
            "staff": 13,
            "incubation": 16,
            "services": 13,
            "funds": 9,
        },
        "制度健全，场地使用效率高；出壳组织多数已完成备案，建议加强品牌推广。",
    ),
    JIANGBIN: (
        "street_a",
        {
            "party": 10,
            "facilities": 14,
            "rules": 14,
            "staff": 13,
            "incubation": 18,
            "services": 14,
            "funds": 9,
        },
        "贴近社区需求，孵化成效明显，成长评估规范，评为优秀。",
    ),
}
TRAININGS = {
    JIANGBIN: (("社会组织孵化实务示范培训", "清河市社会组织发展服务中心", 4, 8),),
    DISTRICT: (
        ("培育孵化机构运营管理网上课堂", "清河市社会组织发展服务中心", 5, 6),
        ("社会工作职业资格考前辅导", "临江区民政局", 3, 12),
    ),
}
GROWTH = {"governance": 16, "capacity": 15, "projects": 14, "resources": 13, "influence": 14}
