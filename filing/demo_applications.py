"""The demo's filing applications as plain data: what each one proposes and how far it has gone.

``filing.demo_plan`` draws the made-up people and proposals for them; ``filing.demo`` takes each
application to its state through the filing services.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.choices import Role

from .choices import ApplicationKind, ApplicationState, MaterialKind

APPLICANT = "applicant_demo"
APPLICANT_NAME = "林佳怡"

# What a change application proposes.
CHANGE_LEADER = "leader"  # a new leader after an election (换届)
CHANGE_MEMBERS_VENUE = "members_venue"  # more members, a new venue

# -- the applications ------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """The group a new filing proposes."""

    name: str
    category: str
    domains: tuple[str, ...]
    targets: tuple[str, ...]
    venue: str


@dataclass(frozen=True)
class DemoApplication:
    """One demo application and how far it has gone.

    ``trail`` gives, for each step the application has taken (submit, then opinion or return or
    refusal, then the decision), how many working days ago it was taken; ``started`` when the
    draft was begun. Changes and deregistrations take the first suitable filed organization of
    the community (``_target``).
    """

    contact: str  # the contact person; the leader of a new group, the new leader of a leader change
    male: bool
    kind: str
    community: str
    applicant: str  # username
    state: str
    started: int
    trail: tuple[int, ...] = ()
    group: Group | None = None
    change: str = ""
    venue: str = ""  # the new venue of a CHANGE_MEMBERS_VENUE change
    fact_days_ago: int = 0  # calendar days since the change or the dissolution
    materials: tuple[str, ...] | None = None  # None: every required one
    shared_venue: bool = False
    returned_by: str = ""  # Role.COMMUNITY or Role.STREET
    reason: str = ""  # of the return or the refusal

    @property
    def steps(self) -> tuple[str, ...]:
        return {
            ApplicationState.DRAFT: (),
            ApplicationState.SUBMITTED: ("submit",),
            ApplicationState.OPINION_GIVEN: ("submit", "opinion"),
            ApplicationState.APPROVED: ("submit", "opinion", "approve"),
            ApplicationState.RETURNED: ("submit", "return"),
            ApplicationState.REJECTED: ("submit", "reject"),
        }[self.state]


S = ApplicationState
NEW, CHANGE, DEREGISTRATION = ApplicationKind.NEW, ApplicationKind.CHANGE, ApplicationKind.DEREGISTRATION
# 江滨街道: 001 幸福里社区, 002 桃源村, 003 滨江花园社区, 004 柳岸社区, 005 春晖社区, 009 南湖社区
JB = "990101001"
WH = "990101002"  # 望湖街道: 001 湖畔社区, 002 望湖社区

APPLICATIONS: tuple[DemoApplication, ...] = (
    # 江滨街道 ------------------------------------------------------------------------------
    # Drafts: one the street office has begun (materials still missing), one of the applicant's.
    DemoApplication(
        contact="沈桂芳",
        male=False,
        kind=NEW,
        community=f"{JB}001",
        applicant="street_a",
        state=S.DRAFT,
        started=1,
        group=Group(
            name="幸福里社区银龄互助队",
            category="mutual_aid",
            domains=("elderly", "volunteer"),
            targets=("elderly", "empty_nest"),
            venue="幸福里社区老年活动室",
        ),
        materials=(MaterialKind.FILING_FORM, MaterialKind.LEADER_FORM),
    ),
    DemoApplication(
        contact=APPLICANT_NAME,
        male=False,
        kind=NEW,
        community=f"{JB}005",
        applicant=APPLICANT,
        state=S.DRAFT,
        started=0,
        group=Group(
            name="春晖社区亲子阅读社",
            category="culture",
            domains=("education", "childcare"),
            targets=("youth", "women"),
            venue="春晖社区新时代文明实践站二楼阅览室",
        ),
        materials=(MaterialKind.FILING_FORM,),
    ),
    # Awaiting 幸福里社区's opinion: overdue, due soon, fresh, and a shared address (一址多社).
    DemoApplication(
        contact="徐建华",
        male=True,
        kind=NEW,
        community=f"{JB}001",
        applicant="street_a",
        state=S.SUBMITTED,
        started=9,
        trail=(8,),
        group=Group(
            name="幸福里社区老年助餐志愿队",
            category="charity",
            domains=("elderly", "volunteer"),
            targets=("elderly", "empty_nest"),
            venue="幸福里社区长者食堂",
        ),
    ),
    DemoApplication(
        contact="何丽萍",
        male=False,
        kind=NEW,
        community=f"{JB}001",
        applicant="street_a",
        state=S.SUBMITTED,
        started=5,
        trail=(4,),
        group=Group(
            name="幸福里社区手工编织社",
            category="culture",
            domains=("culture_sports",),
            targets=("women", "elderly"),
            venue="幸福里社区居民活动中心手工坊",
        ),
    ),
    DemoApplication(
        contact="马国强",
        male=True,
        kind=NEW,
        community=f"{JB}001",
        applicant="street_a",
        state=S.SUBMITTED,
        started=1,
        trail=(0,),
        group=Group(
            name="幸福里社区健步走队",
            category="culture",
            domains=("culture_sports", "health"),
            targets=("residents", "elderly"),
            venue="幸福里社区党群服务中心（滨江步道集合点）",
        ),
    ),
    DemoApplication(
        contact="罗文斌",
        male=True,
        kind=NEW,
        community=f"{JB}001",
        applicant="street_a",
        state=S.SUBMITTED,
        started=2,
        trail=(1,),
        group=Group(
            name="幸福里社区书法研习社",
            category="culture",
            domains=("culture_sports", "education"),
            targets=("elderly", "residents"),
            venue="幸福里社区新时代文明实践站",  # an address groups already filed there use
        ),
        shared_venue=True,
    ),
    # Awaiting the street's decision: one overdue, one in time.
    DemoApplication(
        contact="袁长林",
        male=True,
        kind=NEW,
        community=f"{JB}002",
        applicant="street_a",
        state=S.OPINION_GIVEN,
        started=17,
        trail=(16, 12),
        group=Group(
            name="桃源村农技服务站",
            category="mutual_aid",
            domains=("agri_tech",),
            targets=("residents", "left_behind"),
            venue="桃源村党群服务中心农技室",
        ),
    ),
    DemoApplication(
        contact="韩晓丽",
        male=False,
        kind=NEW,
        community=f"{JB}003",
        applicant="street_a",
        state=S.OPINION_GIVEN,
        started=6,
        trail=(5, 2),
        group=Group(
            name="滨江花园社区少儿科普社",
            category="culture",
            domains=("education",),
            targets=("youth",),
            venue="滨江花园社区居民活动中心",
        ),
    ),
    # Returned for correction: the applicant's by the street, the street's by the committee.
    DemoApplication(
        contact=APPLICANT_NAME,
        male=False,
        kind=NEW,
        community=f"{JB}004",
        applicant=APPLICANT,
        state=S.RETURNED,
        started=7,
        trail=(6, 3),
        group=Group(
            name="柳岸社区亲子运动队",
            category="culture",
            domains=("culture_sports", "childcare"),
            targets=("youth", "women"),
            venue="柳岸社区文化活动室",
        ),
        returned_by=Role.STREET,
        reason="成员名册缺少成员本人签名，章程未载明活动经费的管理办法，请补正后重新提交。",
    ),
    DemoApplication(
        contact="蔡红霞",
        male=False,
        kind=NEW,
        community=f"{JB}001",
        applicant="street_a",
        state=S.RETURNED,
        started=5,
        trail=(4, 2),
        group=Group(
            name="幸福里社区楼道美化志愿队",
            category="charity",
            domains=("environment", "volunteer"),
            targets=("residents",),
            venue="幸福里社区党群服务中心",
        ),
        returned_by=Role.COMMUNITY,
        reason="场地使用证明未加盖社区党群服务中心印章，请补正后重新提交。",
    ),
    # Refused.
    DemoApplication(
        contact="汪婷婷",
        male=False,
        kind=NEW,
        community=f"{JB}009",
        applicant="street_a",
        state=S.REJECTED,
        started=8,
        trail=(7, 2),
        group=Group(
            name="南湖社区少儿舞蹈队",
            category="culture",
            domains=("culture_sports",),
            targets=("youth",),
            venue="南湖社区居民活动中心",
        ),
        reason="经核实，该队按课时向学员收取培训费用，属营利性培训活动，不属于社区社会组织，不予备案。",
    ),
    # Approved today: three new filings, a change (new leader) and a deregistration.
    DemoApplication(
        contact="董立新",
        male=True,
        kind=NEW,
        community=f"{JB}001",
        applicant="street_a",
        state=S.APPROVED,
        started=10,
        trail=(9, 6, 0),
        group=Group(
            name="幸福里社区银发智能手机互助组",
            category="mutual_aid",
            domains=("education", "elderly"),
            targets=("elderly",),
            venue="幸福里社区党群服务中心电子阅览室",
        ),
    ),
    DemoApplication(
        contact="史福生",
        male=True,
        kind=NEW,
        community=f"{JB}002",
        applicant="street_a",
        state=S.APPROVED,
        started=12,
        trail=(11, 8, 0),
        group=Group(
            name="桃源村农耕文化传承队",
            category="featured",
            domains=("culture_sports", "education"),
            targets=("residents", "youth"),
            venue="桃源村文化礼堂",
        ),
    ),
    DemoApplication(
        contact="叶雪梅",
        male=False,
        kind=NEW,
        community=f"{JB}003",
        applicant="street_a",
        state=S.APPROVED,
        started=9,
        trail=(8, 5, 0),
        group=Group(
            name="滨江花园社区绿植认养志愿队",
            category="featured",
            domains=("environment", "volunteer"),
            targets=("residents",),
            venue="滨江花园社区中心花园",
        ),
    ),
    DemoApplication(
        contact="郭德明",
        male=True,
        kind=CHANGE,
        community=f"{JB}001",
        applicant="street_a",
        state=S.APPROVED,
        started=3,
        trail=(3, 2, 0),
        change=CHANGE_LEADER,
        fact_days_ago=6,
    ),
    DemoApplication(
        contact="孔德福",
        male=True,
        kind=DEREGISTRATION,
        community=f"{JB}002",
        applicant="street_a",
        state=S.APPROVED,
        started=9,
        trail=(8, 6, 0),
        fact_days_ago=12,
    ),
    # 望湖街道 ------------------------------------------------------------------------------
    DemoApplication(
        contact="曹建平",
        male=True,
        kind=NEW,
        community=f"{WH}002",
        applicant="street_b",
        state=S.DRAFT,
        started=2,
        group=Group(
            name="望湖社区文明劝导志愿队",
            category="safety",
            domains=("public_safety", "volunteer"),
            targets=("residents",),
            venue="望湖社区党群服务中心",
        ),
        materials=(MaterialKind.FILING_FORM, MaterialKind.LEADER_FORM, MaterialKind.VENUE_PROOF),
    ),
    DemoApplication(
        contact="江慧敏",
        male=False,
        kind=NEW,
        community=f"{WH}001",
        applicant="street_b",
        state=S.SUBMITTED,
        started=3,
        trail=(2,),
        group=Group(
            name="湖畔社区亲子阅读社",
            category="culture",
            domains=("education", "childcare"),
            targets=("youth", "women"),
            venue="湖畔社区党群服务中心二楼",
        ),
    ),
    DemoApplication(
        contact="邱秀兰",
        male=False,
        kind=CHANGE,
        community=f"{WH}001",
        applicant="street_b",
        state=S.SUBMITTED,
        started=1,
        trail=(1,),
        change=CHANGE_MEMBERS_VENUE,
        venue="湖畔社区党群服务中心三楼活动室",
        fact_days_ago=3,
    ),
    DemoApplication(
        contact="陆海涛",
        male=True,
        kind=NEW,
        community=f"{WH}001",
        applicant="street_b",
        state=S.OPINION_GIVEN,
        started=7,
        trail=(6, 1),
        group=Group(
            name="湖畔社区水上安全宣传队",
            category="safety",
            domains=("public_safety", "education"),
            targets=("youth", "residents"),
            venue="湖畔社区居民活动中心",
        ),
    ),
    DemoApplication(
        contact="秦文静",
        male=False,
        kind=NEW,
        community=f"{WH}001",
        applicant="street_b",
        state=S.APPROVED,
        started=11,
        trail=(10, 7, 0),
        group=Group(
            name="湖畔社区陶艺坊",
            category="culture",
            domains=("culture_sports",),
            targets=("residents", "youth"),
            venue="湖畔社区3号楼架空层",
        ),
    ),
)
