"""Demo data of the filing workflow, seeded by ``manage.py seed_demo`` through ``FilingConfig.seed_demo``.

On top of the registry's demo city (``registry.demo``) it adds:

- **certificates** for every active filed organization of the city that has none, issued through
  ``services.certificate_issue`` by ``admin`` (today, numbered per street and year like any
  other; no PDF is rendered here, each renders on its first download), and three of them
  backdated so that they fall due for renewal (换发) within the notice window;
- **applications** (``APPLICATIONS``) in every state and of every kind, most of them in 江滨街道
  (``street_a``), a few in 望湖街道 (``street_b``) so that its workbench is not empty. Each is
  brought to its state through the filing services, acting as the demo accounts: the street
  office files for the group or an applicant files on their own; the community committee gives its
  opinion or returns; the street approves, returns or refuses. Approvals create, change or end
  organizations of the registry as in real use (their certificate PDFs render after commit).
- the **accounts** these need: ``applicant_demo``, an applicant (备案申请人) with a draft and a
  returned new filing of her own (the organization account ``org_a`` cannot apply: its group is
  community-guided, and organization accounts only file changes of filed organizations), and the
  committees of the other communities where an opinion is given (``community_001002`` for 桃源村 …).
  Applications still awaiting an opinion in 江滨街道 are all in 幸福里社区, so that ``community_a``
  has a workbench of its own.

The services stamp every step with the current time. To give the workbench a spread of
deadlines (one opinion overdue, one due soon, one decision overdue …), each application's dates
and trail are then moved back by ``_backdate``, a direct update of demo data only.

Deterministic (one ``random.Random(SEED)`` draws every made-up person and number, whatever is
already in the database) and idempotent: an application is found again by its community, kind
and contact name (unique among the demo's applications) and is never created twice; a
certificate is issued only to an organization without one; accounts are upserted.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from registry.choices import OrganizationStatus, Role, Tier
from registry.demo import CITY_PREFIX, MOBILE_PREFIXES, PASSWORD, DemoSeedError, LoginRow
from registry.identifiers import resident_id_check_char
from registry.models import Organization, Region, User

from . import services
from .choices import ApplicationKind, ApplicationState, MaterialKind, Opinion
from .models import ApplicationEvent, Certificate, FilingApplication
from .rules import current_rules
from .services.approval import certificate_term
from .services.proposals import REQUIRED_MATERIALS
from .workdays import add_working_days, is_working_day

SEED = 20261123
DISTRICT = "990101"  # 临江区: both demo streets of the workflow are in it
STREETS = {"990101001": "street_a", "990101002": "street_b"}
COMMUNITY_A = "990101001001"  # 幸福里社区, the committee of the demo account community_a
ADMIN = "admin"
APPLICANT = "applicant_demo"
APPLICANT_NAME = "林佳怡"

# The committees (村/社区「两委」) that give an opinion in the demo besides community_a, and the
# member of staff behind each account.
COMMITTEES = {
    "990101001002": "周桂兰",  # 桃源村
    "990101001003": "吴敏",  # 滨江花园社区
    "990101002001": "郑海燕",  # 湖畔社区
}

# Certificates made due for renewal: in each street, the first one by filing number (of an
# organization without applications), expiring in this many days.
RENEWALS_DUE = {"990101001": 15, "990101002": 38, "990102001": 56}

MATERIAL_NAMES = {
    MaterialKind.FILING_FORM: "备案申请表.pdf",
    MaterialKind.LEADER_FORM: "负责人登记表.pdf",
    MaterialKind.VENUE_PROOF: "场地使用证明.pdf",
    MaterialKind.CHARTER: "章程.pdf",
    MaterialKind.ROSTER: "成员名册.pdf",
    MaterialKind.DISSOLUTION: "解散决议.pdf",
    MaterialKind.OTHER: "一址多社场地共用说明.pdf",
}
FILING_FORM_NAMES = {
    ApplicationKind.NEW: "备案申请表.pdf",
    ApplicationKind.CHANGE: "变更备案申请表.pdf",
    ApplicationKind.DEREGISTRATION: "注销备案申请表.pdf",
}

OPINION_NOTES = {
    ApplicationKind.NEW: "同意备案。成员均为本社区居民，活动场所由社区提供，材料齐全。",
    ApplicationKind.CHANGE: "同意变更。新任负责人经成员大会选举产生，情况属实。",
    ApplicationKind.DEREGISTRATION: "同意注销。该组织已召开成员大会决定解散，财物已清理完毕。",
}
APPROVAL_NOTES = {
    ApplicationKind.NEW: "材料齐全，符合备案条件，准予备案。",
    ApplicationKind.CHANGE: "材料齐全，准予变更备案。",
    ApplicationKind.DEREGISTRATION: "材料齐全，准予注销备案。",
}

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


# -- made-up people ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str


@dataclass
class _Draws:
    """Everything random of the demo's applications, drawn in one fixed order."""

    rng: random.Random
    people: dict[str, Person] = field(default_factory=dict)

    def person(self, name: str, male: bool) -> Person:
        if name not in self.people:
            rng = self.rng
            born = datetime.date(1958, 1, 1) + datetime.timedelta(days=rng.randrange(34 * 365))
            sequence = rng.randrange(0, 1000, 2) + (1 if male else 0)  # odd for men, even for women
            body = f"{DISTRICT}{born:%Y%m%d}{sequence:03d}"
            phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            self.people[name] = Person(name, body + resident_id_check_char(body), phone)
        return self.people[name]

    def proposal(self, spec: DemoApplication) -> dict[str, Any]:
        rng, group = self.rng, spec.group
        leader = self.person(spec.contact, spec.male)
        founded = datetime.date(2023, 3, 1) + datetime.timedelta(days=rng.randrange(3 * 365))
        funding = rng.sample(("dues", "community_fund", "venue_support", "self_raised"), rng.randint(1, 2))
        return {
            "name": group.name,
            "category": group.category,
            "founded_on": founded.isoformat(),
            "member_count": rng.randint(12, 45),
            "venue": group.venue,
            "leader_name": leader.name,
            "leader_id_number": leader.id_number,
            "leader_phone": leader.phone,
            "party_building": rng.choices(("none", "joint", "independent"), weights=(60, 35, 5))[0],
            "funding_sources": sorted(funding),
            "domains": list(group.domains),
            "target_groups": list(group.targets),
        }


@dataclass(frozen=True)
class _Planned:
    spec: DemoApplication
    contact: Person
    proposal: dict[str, Any]  # a new filing's; a change's is made from its organization


def plan(seed: int = SEED) -> list[_Planned]:
    """Every demo application with its people and proposal; the same seed gives the same plan."""
    draws = _Draws(random.Random(seed))
    planned = []
    for spec in APPLICATIONS:
        if len(spec.trail) != len(spec.steps):
            raise AssertionError(f"{spec.contact}: {len(spec.steps)} steps, {len(spec.trail)} dates")
        proposal = draws.proposal(spec) if spec.kind == NEW else {}
        planned.append(_Planned(spec, draws.person(spec.contact, spec.male), proposal))
    return planned


# -- materials ---------------------------------------------------------------------------------


def _pdf_text(text: str) -> str:
    return "<" + text.encode("utf-16-be").hex().upper() + ">"


def demo_pdf(title: str, lines: Sequence[str] = ()) -> bytes:
    """A small, valid one-page A4 PDF with a title and a few lines.

    The text is set in STSong-Light, one of the standard Chinese fonts that PDF readers supply
    themselves, so nothing is embedded and each file stays under 2 KB.
    """
    text = ["BT", "/F1 20 Tf", "72 760 Td", f"{_pdf_text(title)} Tj", "/F1 12 Tf", "0 -40 Td"]
    for line in lines:
        text += [f"{_pdf_text(line)} Tj", "0 -24 Td"]
    text.append("ET")
    content = "\n".join(text).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 752 /Descent -271 /CapHeight 737 /StemV 58 >>",
        b"<< /Title <FEFF%s> >>" % title.encode("utf-16-be").hex().upper().encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (len(objects) + 1, len(objects))
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _material(kind: str, application_kind: str, subject: str, community: Region) -> SimpleUploadedFile:
    name = FILING_FORM_NAMES[application_kind] if kind == MaterialKind.FILING_FORM else MATERIAL_NAMES[kind]
    title = name.removesuffix(".pdf")
    street = community.parent.name if community.parent else ""
    lines = (f"组织名称：{subject}", f"所在社区：{street}{community.name}", "清河市演示数据，非真实材料")
    return SimpleUploadedFile(name, demo_pdf(title, lines), content_type="application/pdf")


# -- accounts ----------------------------------------------------------------------------------


def _region_path(region: Region | None) -> str:
    names = []
    while region is not None:
        names.append(region.name)
        region = region.parent
    return "".join(reversed(names))


def committee_username(community_code: str) -> str:
    return "community_a" if community_code == COMMUNITY_A else f"community_{community_code[6:]}"


def _accounts() -> tuple[dict[str, User], list[LoginRow]]:
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
        user = User.objects.filter(username=username).first() or User(username=username)
        user.full_name, user.role, user.region, user.organization = full_name, role, region, None
        user.is_active, user.is_staff, user.is_superuser = True, False, False
        user.password = password
        user.full_clean()
        user.save()
        jurisdiction = _region_path(region) if region else "本人提交的备案申请"
        logins.append(LoginRow(username, Role(role).label, jurisdiction))
    usernames = {ADMIN, *STREETS.values(), "community_a", *(username for username, *_ in wanted)}
    users = {
        user.username: user for user in User.objects.select_related("region").filter(username__in=usernames)
    }
    missing = sorted(usernames - set(users))
    if missing:
        raise DemoSeedError(f"缺少演示账号：{'、'.join(missing)}")
    return users, logins


# -- certificates ------------------------------------------------------------------------------


def _in_city(queryset: Any, path: str = "community__code") -> Any:
    return queryset.filter(**{f"{path}__startswith": CITY_PREFIX})


def _issue_certificates(actor: User) -> int:
    """A certificate for every active filed organization of the city without one, the oldest
    first in each street, issued by the administrator who set up the platform; no PDF is
    rendered (that happens on the first download)."""
    missing = _in_city(Organization.objects.unrestricted().active()).filter(
        tier=Tier.FILED, certificate__isnull=True
    )
    issued = 0
    for organization in missing.order_by("founded_on", "pk"):
        services.certificate_issue(organization=organization, actor=actor)
        issued += 1
    return issued


def _term_start(valid_until: datetime.date) -> datetime.date:
    """The issue date whose term ends on ``valid_until`` (the inverse of ``certificate_term``)."""
    day = valid_until + datetime.timedelta(days=1)
    years = current_rules().certificate_years
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _make_renewals_due() -> None:
    today = timezone.localdate()
    for street, days_left in RENEWALS_DUE.items():
        certificate = (
            Certificate.objects.unrestricted()
            .filter(
                organization__community__code__startswith=street,
                organization__status=OrganizationStatus.ACTIVE,
                organization__filing_applications__isnull=True,
            )
            .order_by("filing_number")
            .first()
        )
        if certificate is None or certificate.version != 1:  # a renewed one is left as it is
            continue
        issued_on = _term_start(today + datetime.timedelta(days=days_left))
        # Backdates demo data: the certificate was issued today like all the others; moving its
        # term back makes it due for renewal (换发) so the reminders and the renewal page have one.
        Certificate.objects.unrestricted().filter(pk=certificate.pk).update(
            issued_on=issued_on, valid_until=certificate_term(issued_on)
        )


# -- applications ------------------------------------------------------------------------------


def _target(community: Region) -> Organization:
    """The organization a demo change or deregistration is about: the first (by name) filed group
    of the community that is in no federation, has no account and no application yet, and whose
    category another active group of the community covers too (so that ending it leaves the
    community's "5+X" coverage as it was)."""
    active = Organization.objects.unrestricted().active().filter(community=community)
    per_category = Counter(active.values_list("category", flat=True))
    candidates = active.filter(
        tier=Tier.FILED,
        name__startswith=community.name,
        federation__isnull=True,
        federation_memberships__isnull=True,
        accounts__isnull=True,
        filing_applications__isnull=True,
    ).order_by("name")
    for organization in candidates:
        if per_category[organization.category_id] > 1:
            return organization
    raise DemoSeedError(f"{community.name}没有可办理变更或注销的备案组织")


def _change_proposal(spec: DemoApplication, organization: Organization, contact: Person) -> dict[str, Any]:
    if spec.change == CHANGE_LEADER:
        return {
            "leader_name": contact.name,
            "leader_id_number": contact.id_number,
            "leader_phone": contact.phone,
        }
    return {"member_count": organization.member_count + 6, "venue": spec.venue}


def _working_days_ago(today: datetime.date, days: int) -> datetime.date:
    day = today
    while days > 0:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            days -= 1
    return day


def _at(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _backdate(application: FilingApplication, spec: DemoApplication) -> None:
    """Move the application's dates back to its demo timeline and recount its deadlines.

    Backdates demo data: the services stamped every step with the current time; this direct
    update (which bypasses the trail's append-only guard on purpose) spreads the steps over the
    past working days given by ``spec.trail`` and recomputes the deadlines from them the way the
    services do, so that some are overdue and some due soon. Steps dated today keep their time.
    """
    rules = current_rules()
    today = timezone.localdate()
    changes: dict[str, Any] = {}
    events = list(application.events.order_by("occurred_at", "id"))
    times = []
    for index, (event, days_ago) in enumerate(zip(events, spec.trail, strict=True)):
        occurred = event.occurred_at
        if days_ago:
            occurred = _at(_working_days_ago(today, days_ago), 9 + 2 * index, 10 + 7 * index)
            ApplicationEvent.objects.filter(pk=event.pk).update(occurred_at=occurred)
        times.append(occurred)
        day = timezone.localdate(occurred)
        if event.action == "submit":
            changes.update(
                submitted_at=occurred,
                opinion_due=add_working_days(day, rules.opinion_working_days),
                decision_due=None,
            )
        elif event.action == "opinion":
            changes["decision_due"] = add_working_days(day, rules.decision_working_days)
        elif event.action in ("approve", "reject"):
            changes["decided_at"] = occurred
    created = _at(_working_days_ago(today, spec.started), 8, 40) if spec.started else application.created_at
    changes["created_at"] = min([created, *times])
    changes["updated_at"] = max([changes["created_at"], *times])
    FilingApplication.objects.unrestricted().filter(pk=application.pk).update(**changes)


def _apply(item: _Planned, users: dict[str, User]) -> bool:
    """Create one demo application and take it to its state; False if it exists already."""
    spec = item.spec
    community = Region.objects.unrestricted().select_related("parent").get(code=spec.community)
    if (
        FilingApplication.objects.unrestricted()
        .filter(community=community, kind=spec.kind, contact_name=spec.contact)
        .exists()
    ):
        return False
    applicant = users[spec.applicant]
    street = users[STREETS[spec.community[:9]]]
    committee = users.get(committee_username(spec.community))  # present where the demo needs one
    organization = None if spec.kind == NEW else _target(community)
    proposal = item.proposal
    if spec.kind == CHANGE:
        proposal = _change_proposal(spec, organization, item.contact)
    today = timezone.localdate()
    application = services.application_create(
        actor=applicant,
        kind=spec.kind,
        contact_name=spec.contact,
        contact_phone=item.contact.phone,
        proposal=proposal,
        community=community if spec.kind == NEW else None,
        organization=organization,
        fact_date=today - datetime.timedelta(days=spec.fact_days_ago) if spec.kind != NEW else None,
        shared_venue=spec.shared_venue,
    )
    subject = organization.name if organization else proposal["name"]
    kinds = spec.materials if spec.materials is not None else REQUIRED_MATERIALS[spec.kind]
    if spec.shared_venue:
        kinds = (*kinds, MaterialKind.OTHER)
    for kind in kinds:
        services.material_add(
            actor=applicant,
            application_id=application.pk,
            kind=kind,
            upload=_material(kind, spec.kind, subject, community),
        )
    pk = application.pk
    for step in spec.steps:
        if step == "submit":
            services.application_submit(actor=applicant, application_id=pk, commitment_accepted=True)
        elif step == "opinion":
            services.application_give_opinion(
                actor=committee,
                application_id=pk,
                opinion=Opinion.AGREE,
                note=OPINION_NOTES[spec.kind],
                venue_certified=spec.shared_venue,
            )
        elif step == "approve":
            services.application_approve(actor=street, application_id=pk, note=APPROVAL_NOTES[spec.kind])
        elif step == "return":
            actor = committee if spec.returned_by == Role.COMMUNITY else street
            services.application_return(actor=actor, application_id=pk, reason=spec.reason)
        else:
            services.application_reject(actor=street, application_id=pk, reason=spec.reason)
    _backdate(application, spec)
    return True


# -- the whole ---------------------------------------------------------------------------------


@dataclass
class FilingSeedResult:
    applications_by_state: dict[str, int]
    applications_created: int
    certificates: int
    certificates_issued: int
    renewals_due: int
    logins: list[LoginRow]


def seed_demo(*, stdout: OutputWrapper | None = None, seed: int = SEED) -> list[LoginRow]:
    """Seed the filing demo (see the module docstring); returns the logins it created.

    Needs the registry's demo city (``registry.demo.seed_demo`` calls this afterwards). Writes a
    summary line to ``stdout``.
    """
    result = apply_demo(seed)
    if stdout is not None:
        for line in summary_lines(result):
            stdout.write(line)
    return result.logins


def apply_demo(seed: int = SEED) -> FilingSeedResult:
    planned = plan(seed)
    with transaction.atomic():
        users, logins = _accounts()
        issued = _issue_certificates(users[ADMIN])
        created = 0
        for item in planned:
            try:
                created += _apply(item, users)
            except ValidationError as error:
                name = item.proposal.get("name") or item.spec.contact
                raise DemoSeedError(f"无法生成演示备案申请“{name}”：{'；'.join(error.messages)}") from error
        _make_renewals_due()
        return _result(created, issued, logins)


def _result(created: int, issued: int, logins: list[LoginRow]) -> FilingSeedResult:
    applications = _in_city(FilingApplication.objects.unrestricted())
    by_state = Counter(applications.values_list("state", flat=True))
    certificates = _in_city(Certificate.objects.unrestricted(), "organization__community__code")
    today = timezone.localdate()
    notice = datetime.timedelta(days=current_rules().renewal_notice_days)
    return FilingSeedResult(
        applications_by_state={state: by_state.get(state, 0) for state in ApplicationState.values},
        applications_created=created,
        certificates=certificates.count(),
        certificates_issued=issued,
        renewals_due=certificates.filter(
            organization__status=OrganizationStatus.ACTIVE, valid_until__lte=today + notice
        ).count(),
        logins=logins,
    )


def summary_lines(result: FilingSeedResult) -> Iterable[str]:
    states = "，".join(
        f"{ApplicationState(state).label} {count}" for state, count in result.applications_by_state.items()
    )
    total = sum(result.applications_by_state.values())
    return [
        f"  备案申请：{total} 件（{states}），本次新建 {result.applications_created} 件",
        f"  备案证书：{result.certificates} 张，本次颁发 {result.certificates_issued} 张，"
        f"{result.renewals_due} 张即将到期待换发",
    ]
