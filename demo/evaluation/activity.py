"""The evaluation demo's work reports, service projects, trainings and Party-member leaders."""

from __future__ import annotations

import datetime
import random
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils import timezone

from assessment import services
from assessment.evaluation.periods import ReportPeriod, last_ended
from assessment.models import ServiceProject, Training, TrainingAttendee, WorkReport
from demo.city import CITY_PREFIX
from demo.people import People
from demo.seeding import DemoSeedError
from registry import services as registry
from registry.choices import RegionLevel
from registry.models import Organization, Region

from .actors import Actors
from .plan import SEED, OrganizationPlan

ACTIVITIES = ("主题宣传活动", "走访慰问", "志愿服务日", "居民议事会", "文体展演", "技能培训班", "健康讲座")
PROJECTS = {
    "charity": "邻里守望关爱服务项目",
    "mutual_aid": "时间银行互助服务项目",
    "culture": "社区文化惠民服务项目",
    "mediation": "邻里纠纷调解服务项目",
    "safety": "平安社区共建服务项目",
    "featured": "社区特色服务项目",
}
FUNDING = ("government", "venture", "lottery", "community_fund", "donation", "own")


def _moment(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _report_data(organization: Organization, period: ReportPeriod, rng: random.Random) -> dict:
    span = (period.end - period.start).days
    activities = [
        {
            "title": rng.choice(ACTIVITIES),
            "held_on": period.start + datetime.timedelta(days=rng.randint(0, span)),
            "participants": rng.randint(12, 150),
        }
        for _ in range(rng.randint(1, 3))
    ]
    received = rng.choice((0, 0, 2000, 5000, 12000))
    return {
        "period_kind": period.kind,
        "year": period.year,
        "period_index": period.index,
        "narrative": f"{period.label}，{organization.name}围绕居民需求开展活动{len(activities)}次，"
        "组织志愿者参与社区服务，按章程召开成员会议，资金收支已在社区公示。",
        "volunteer_hours": rng.randint(20, 400),
        "funds_received": received,
        "funds_used": round(received * rng.uniform(0.5, 1.0), 2),
        "activities": activities,
    }


def seed_reports(
    organizations: list[Organization], plans: Mapping[int, OrganizationPlan], actors: Actors
) -> int:
    """Reports of the last two half-years: the older acknowledged, the latest partly still to answer,
    a few returned for correction. Each dated in the month after its half-year."""
    today = timezone.localdate()
    latest = last_ended("half", today)
    created = 0
    for organization in organizations:
        plan = plans[organization.pk]
        for period, reported in zip((latest, latest.previous()), plan.reports, strict=True):
            if not reported or _reported(organization, period):
                continue
            rng = random.Random(f"{SEED}:report:{organization.name}:{period.key}")
            reporter = actors.reporter(organization)
            try:
                report = services.work_report_submit(
                    actor=reporter,
                    organization_id=organization.pk,
                    data=_report_data(organization, period, rng),
                )
            except ValidationError as error:
                raise DemoSeedError(
                    f"无法报送“{organization.name}”的工作报告：{'；'.join(error.messages)}"
                ) from error
            sent = min(today, period.end + datetime.timedelta(days=rng.randint(3, 28)))
            WorkReport.objects.unrestricted().filter(pk=report.pk).update(submitted_at=_moment(sent))
            _answer(report, actors.committee(organization.community_id), older=period != latest, rng=rng)
            created += 1
    return created


def _reported(organization: Organization, period: ReportPeriod) -> bool:
    return (
        WorkReport.objects.unrestricted()
        .filter(
            organization=organization, year=period.year, period_kind=period.kind, period_index=period.index
        )
        .exists()
    )


def _answer(report: WorkReport, committee, *, older: bool, rng: random.Random) -> None:
    roll = rng.random()
    if older or roll < 0.6:
        services.work_report_acknowledge(actor=committee, report_id=report.pk, response="已阅，工作扎实。")
    elif roll < 0.68:
        services.work_report_return(
            actor=committee, report_id=report.pk, response="请补充资金使用明细和活动照片。"
        )


def seed_projects(
    organizations: list[Organization], plans: Mapping[int, OrganizationPlan], actors: Actors
) -> int:
    """One service project this year for each active organization, running to the end of the year."""
    today = timezone.localdate()
    year_start, year_end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    latest_start = max(year_start, today - datetime.timedelta(days=30))
    created = 0
    for organization in organizations:
        if not plans[organization.pk].active:
            continue
        title = f"{organization.community.name}{PROJECTS.get(organization.category.code, '社区服务项目')}"
        if ServiceProject.objects.unrestricted().filter(organization=organization, title=title).exists():
            continue
        rng = random.Random(f"{SEED}:project:{organization.name}")
        starts_on = year_start + datetime.timedelta(days=rng.randint(0, (latest_start - year_start).days))
        funding = rng.choice(FUNDING)
        data = {
            "title": title,
            "starts_on": starts_on,
            "ends_on": year_end,
            "beneficiaries": rng.randint(50, 1200),
            "volunteer_hours": rng.randint(30, 600),
            "funding_source": funding,
            "amount": 0 if funding == "own" else rng.choice((5000, 10000, 20000, 50000)),
            "description": "面向社区困难群体和老年人开展常态化服务，每月不少于两次。",
        }
        services.project_record(
            actor=actors.street(organization.community_id), organization_id=organization.pk, data=data
        )
        created += 1
    return created


def seed_trainings(
    organizations: list[Organization], plans: Mapping[int, OrganizationPlan], actors: Actors
) -> int:
    """A district course (8 学时) for the leaders of the active organizations, and a street course for
    the street's civil-affairs assistant, its community workers and some core members. Returns the
    person-times recorded."""
    today = timezone.localdate()
    by_district: dict[str, list[Organization]] = {}
    for organization in organizations:
        if plans[organization.pk].active:
            by_district.setdefault(organization.community_id[:6], []).append(organization)
    districts = Region.objects.unrestricted().filter(code__in=[code.ljust(12, "0") for code in by_district])
    for district in districts:
        course = _training(
            district,
            f"{district.name}社区社会组织负责人能力提升培训",
            today - datetime.timedelta(days=150),
            8,
            actors,
        )
        services.training_add_leaders(
            actor=actors.admin,
            training_id=course.pk,
            organization_ids=[o.pk for o in by_district[district.prefix]],
        )
    for street in Region.objects.unrestricted().filter(
        code__startswith=CITY_PREFIX, level=RegionLevel.STREET
    ):
        _street_course(
            street, [o for o in organizations if o.community_id.startswith(street.prefix)], actors, today
        )
    return TrainingAttendee.objects.unrestricted().filter(region__code__startswith=CITY_PREFIX).count()


def _training(region: Region, title: str, held_on: datetime.date, hours: int, actors: Actors) -> Training:
    existing = Training.objects.unrestricted().filter(region=region, title=title).first()
    if existing is not None:
        return existing
    data = {
        "title": title,
        "organizer": f"{region.name}民政部门",
        "held_on": held_on,
        "hours": hours,
        "topics": ["party", "capacity", "operations"],
    }
    return services.training_record(actor=actors.admin, data=data, region_code=region.code)


def _street_course(
    street: Region, organizations: list[Organization], actors: Actors, today: datetime.date
) -> None:
    course = _training(
        street, f"{street.name}社区社会组织骨干培训", today - datetime.timedelta(days=60), 4, actors
    )
    if TrainingAttendee.objects.unrestricted().filter(training=course).exists():
        return
    people = People(random.Random(f"{SEED}:people:{street.code}"))
    district = street.code[:6]
    attendees = [{"audience": "civil_affairs", "name": people.person(district)[0], "region": street.code}]
    communities = sorted({o.community_id for o in organizations})[:3]
    attendees += [
        {"audience": "community_worker", "name": people.person(district)[0], "region": code}
        for code in communities
    ]
    attendees += [
        {"audience": "core", "name": people.person(district)[0], "organization": o.pk}
        for o in organizations[:4]
    ]
    for data in attendees:
        services.training_add_attendee(actor=actors.admin, training_id=course.pk, data=data)


def seed_party_leaders(
    organizations: list[Organization], plans: Mapping[int, OrganizationPlan], actors: Actors
) -> int:
    """Some leaders are Party members (recorded on the organization, through the registry)."""
    marked = 0
    for organization in organizations:
        if plans[organization.pk].party_leader and not organization.leader_party_member:
            registry.organization_update(
                actor=actors.admin, organization_id=organization.pk, data={"leader_party_member": True}
            )
            marked += 1
    return marked
