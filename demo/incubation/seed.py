"""The incubation builder: applies ``demo.incubation.plan`` through the incubation services.

Idempotent: a base is found again by its name, and a base found again is left as it is (its
tenants, services and subsidies were seeded with it). Tenancies are taken along the workflow by the
account that runs each base; their trail is then moved back to the days the steps stand for.
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import Event
from core.trail import subject_type
from demo.filing.specs import APPLICANT
from demo.seeding import DemoSeedError, Part
from incubation import services
from incubation.choices import BaseState, TenancyState
from incubation.models import IncubationBase, ServiceRecord, Space, Subsidy, Tenancy
from incubation.services.checks import add_months
from registry.choices import OrganizationStatus
from registry.models import Organization, Region, User

from .plan import BASES, EVALUATIONS, GROWTH, TENANTS, TRAININGS, BasePlan, TenantPlan

SEED = 20261
ONE_DAY = datetime.timedelta(days=1)


def seed_incubation(seed: int = SEED) -> Part:
    """Seed the bases, their tenants and records (see ``demo.incubation``); needs the city and filing."""
    today = timezone.localdate()
    users = {user.username: user for user in User.objects.unrestricted().filter(username__in=_usernames())}
    with transaction.atomic():
        created = [plan for plan in BASES if _base(plan, users, today)]
        used: set[int] = set(
            Tenancy.objects.unrestricted().exclude(organization=None).values_list("organization", flat=True)
        )
        for plan in TENANTS:
            if plan.base in {base.name for base in created}:
                _tenancy(plan, users, today, used)
        rng = random.Random(seed)
        for plan in created:
            _records(plan, users, today, rng)
            _close(plan, users)
    return Part(summary=_summary)


def _usernames() -> set[str]:
    names = {plan.runner for plan in BASES} | {plan.authority for plan in BASES if plan.authority}
    names |= {name for plan in BASES for name in plan.operators} | {
        user for user, _, _ in EVALUATIONS.values()
    }
    return names | {"admin", "org_a", APPLICANT}


def _base(plan: BasePlan, users: dict[str, User], today: datetime.date) -> bool:
    """Register, approve, equip and staff a base unless it exists; whether it was created."""
    if IncubationBase.objects.unrestricted().filter(name=plan.name).exists():
        return False
    admin = users["admin"]
    data = {
        "name": plan.name,
        "operator_name": plan.operator_name,
        "address": plan.address,
        "contact_name": plan.contact,
        "phone": plan.phone,
        "opened_on": plan.opened,
        "funding": plan.funding,
        "area": plan.area,
        "staff_count": plan.staff,
        "services": list(plan.services),
        "description": f"{plan.operator_name}受托运营，为初创期、成长期社区社会组织提供孵化服务。",
    }
    try:
        base = services.base_register(
            actor=admin, region=Region.objects.unrestricted().get(pk=plan.code), data=data
        )
        if plan.authority:
            services.base_approve(
                actor=users[plan.authority], base_id=base.pk, note="场地、制度和运营团队齐备"
            )
        for space in plan.spaces:
            fields = {
                "name": space.name,
                "kind": space.kind,
                "capacity": space.capacity,
                "for_tenants": space.for_tenants,
            }
            services.space_add(actor=admin, base_id=base.pk, data=fields)
        for username in plan.operators:
            services.operator_bind(actor=admin, base_id=base.pk, username=username)
    except ValidationError as error:
        raise DemoSeedError(f"无法生成演示孵化基地“{plan.name}”：{'；'.join(error.messages)}") from error
    return True


def _organization(
    plan: TenantPlan, base: IncubationBase, users: dict[str, User], used: set[int]
) -> Organization:
    if plan.organization == -1:
        return users["org_a"].organization
    pool = (
        Organization.objects.unrestricted()
        .filter(community__code__startswith=base.region.prefix, status=OrganizationStatus.ACTIVE)
        .exclude(pk__in=used | {users["org_a"].organization_id})
        .order_by("id")
    )
    organization = pool[plan.organization % 7]
    used.add(organization.pk)
    return organization


def _tenancy(plan: TenantPlan, users: dict[str, User], today: datetime.date, used: set[int]) -> None:
    base = IncubationBase.objects.unrestricted().select_related("region").get(name=plan.base)
    runner = users[next(p.runner for p in BASES if p.name == plan.base)]
    try:
        tenancy = _apply(plan, base, users, used)
        _take_along(plan, tenancy, base, runner, today)
    except ValidationError as error:
        raise DemoSeedError(f"无法生成演示入驻（{plan.base}）：{'；'.join(error.messages)}") from error


def _apply(plan: TenantPlan, base: IncubationBase, users: dict[str, User], used: set[int]) -> Tenancy:
    contact = {
        "contact_name": "赵丽",
        "contact_phone": "13812345678",
        "needs": "需要办公场地、能力培训和备案指导",
    }
    if plan.group is not None:
        name, community, category = plan.group
        data = {**contact, "group_name": name, "community": community, "category": category}
        return services.tenancy_apply(actor=users[APPLICANT], base=base.pk, data=data)
    organization = _organization(plan, base, users, used)
    actor = users["org_a"] if plan.organization == -1 else users["admin"]
    return services.tenancy_apply(
        actor=actor, base=base.pk, data={**contact, "organization": organization.pk}
    )


def _take_along(
    plan: TenantPlan, tenancy: Tenancy, base: IncubationBase, runner: User, today: datetime.date
) -> None:
    """Move a tenancy along the workflow to its planned state, on the days the plan gives."""
    moments: dict[str, datetime.date] = {}
    if plan.state in (TenancyState.APPLIED, TenancyState.REJECTED, TenancyState.WITHDRAWN):
        _undecided(plan, tenancy, runner, today)
        return
    start, end = _term(plan, base, today)
    space = Space.objects.unrestricted().filter(base=base, name=plan.space).first() if plan.space else None
    services.tenancy_admit(
        actor=runner,
        tenancy_id=tenancy.pk,
        planned_start=start,
        planned_end=end,
        space=space.pk if space else None,
    )
    moments["tenancy.admit"] = min(start, today) - 7 * ONE_DAY
    if plan.state == TenancyState.ADMITTED:
        return _backdate(tenancy, moments)
    services.tenancy_move_in(actor=runner, tenancy_id=tenancy.pk, started_on=start)
    moments["tenancy.move_in"] = start
    if plan.extended:
        new_end = add_months(end, plan.extended)
        services.tenancy_extend(
            actor=runner, tenancy_id=tenancy.pk, planned_end=new_end, reason=plan.note or "延期孵化"
        )
        moments["tenancy.extend"] = end - 20 * ONE_DAY
    ended = plan.dates[1] if plan.dates else add_months(today, -plan.end)
    if plan.state == TenancyState.GRADUATED:
        services.tenancy_graduate(
            actor=runner,
            tenancy_id=tenancy.pk,
            ended_on=ended,
            scores=GROWTH,
            narrative="章程健全、骨干稳定，已能独立开展服务项目，准予出壳。",
        )
        moments["tenancy.graduate"] = ended
    elif plan.state == TenancyState.EXITED:
        services.tenancy_exit(
            actor=runner, tenancy_id=tenancy.pk, ended_on=ended, reason=plan.note or "提前退出"
        )
        moments["tenancy.exit"] = ended
    _backdate(tenancy, moments)


def _term(
    plan: TenantPlan, base: IncubationBase, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    if plan.dates:
        start = plan.dates[0]
    elif plan.state == TenancyState.ADMITTED:
        start = today - plan.start * ONE_DAY  # ``start`` days ahead
    else:
        start = max(add_months(today, -plan.start), base.opened_on)
    return start, add_months(start, plan.term) - ONE_DAY


def _undecided(plan: TenantPlan, tenancy: Tenancy, runner: User, today: datetime.date) -> None:
    if plan.state == TenancyState.REJECTED:
        services.tenancy_reject(actor=runner, tenancy_id=tenancy.pk, reason=plan.note or "不符合入驻条件")
    elif plan.state == TenancyState.WITHDRAWN:
        applicant = User.objects.unrestricted().get(pk=tenancy.applicant_id)
        services.tenancy_withdraw(actor=applicant, tenancy_id=tenancy.pk, note="组织另有安排")
    elif plan.overdue:
        # Applied two weeks ago and not decided since: the workbench flags it.
        applied = today - 14 * ONE_DAY
        Tenancy.objects.unrestricted().filter(pk=tenancy.pk).update(decision_due=applied + 7 * ONE_DAY)
        _backdate(tenancy, {"tenancy.applied": applied})


def _backdate(tenancy: Tenancy, moments: dict[str, datetime.date]) -> None:
    """The tenancy's trail, moved back to the days its steps stand for (ten in the morning)."""
    events = Event.objects.unrestricted().filter(
        subject_type=subject_type(Tenancy), subject_id=str(tenancy.pk)
    )
    for event in events:
        if event.action in moments:
            when = timezone.make_aware(datetime.datetime.combine(moments[event.action], datetime.time(10)))
            Event._base_manager.filter(pk=event.pk).update(occurred_at=when)


def _records(plan: BasePlan, users: dict[str, User], today: datetime.date, rng: random.Random) -> None:
    """A year of services, the subsidies of the tenants with a space, trainings and the evaluation."""
    base = IncubationBase.objects.unrestricted().get(name=plan.name)
    if base.state != BaseState.OPEN:
        return
    runner = users[plan.runner]
    tenancies = list(
        Tenancy.objects.unrestricted().filter(base=base).exclude(started_on=None).select_related("space")
    )
    for months_ago in range(12, 0, -1):
        for day in (5, 15, 25):
            given = add_months(today.replace(day=1), -months_ago + 1).replace(day=day)
            if not base.opened_on <= given <= today:
                continue
            present = [
                t for t in tenancies if t.started_on <= given and (t.ended_on is None or t.ended_on > given)
            ]
            tenancy = rng.choice([*present, None]) if present else None
            data = {
                "tenancy": tenancy.pk if tenancy else None,
                "kind": rng.choice(plan.services),
                "given_on": given,
                "hours": rng.choice(["1", "1.5", "2", "3", "4"]),
                "participants": rng.randint(3, 30),
                "notes": "",
            }
            services.service_log(actor=runner, base=base.pk, data=data)
    for tenancy in tenancies:
        _subsidies(plan, base, tenancy, runner, today)
    for title, organizer, trainees, hours in TRAININGS.get(plan.name, ()):
        held = add_months(today, -rng.randint(2, 10))
        data = {"title": title, "organizer": organizer, "held_on": held, "trainees": trainees, "hours": hours}
        services.staff_training_record(actor=runner, base_id=base.pk, data=data)
    if plan.name in EVALUATIONS:
        evaluator, scores, narrative = EVALUATIONS[plan.name]
        services.base_evaluate(
            actor=users[evaluator], base_id=base.pk, year=today.year - 1, scores=scores, narrative=narrative
        )


def _subsidies(
    plan: BasePlan, base: IncubationBase, tenancy: Tenancy, runner: User, today: datetime.date
) -> None:
    """A rent subsidy per quarter of the last year spent in a space, and a reward on graduation."""
    if tenancy.space_id is not None:
        monthly = Decimal("1500") if tenancy.space.kind == "office" else Decimal("600")
        last = tenancy.ended_on or min(tenancy.planned_end, today)
        start = max(tenancy.started_on, add_months(today, -12))
        while start < last:
            end = min(add_months(start, 3) - ONE_DAY, last)
            approved = min(end + 10 * ONE_DAY, today)
            months = max(1, round((end - start).days / 30))
            _subsidy(
                runner, base, tenancy, "rent", monthly * months, start, end, approved, plan.approver_label
            )
            start = end + ONE_DAY
    if tenancy.state == TenancyState.GRADUATED and tenancy.ended_on >= add_months(today, -12):
        approved = min(tenancy.ended_on + 15 * ONE_DAY, today)
        day = tenancy.ended_on
        _subsidy(runner, base, tenancy, "reward", Decimal("5000"), day, day, approved, plan.approver_label)


def _subsidy(
    runner: User,
    base: IncubationBase,
    tenancy: Tenancy,
    kind: str,
    amount: Decimal,
    start: datetime.date,
    end: datetime.date,
    approved: datetime.date,
    approver: str,
) -> None:
    data = {
        "tenancy": tenancy.pk,
        "kind": kind,
        "amount": str(amount),
        "period_start": start,
        "period_end": end,
        "approver": approver,
        "approved_on": approved,
    }
    services.subsidy_record(actor=runner, base=base.pk, data=data)


def _close(plan: BasePlan, users: dict[str, User]) -> None:
    if plan.closed:
        base = IncubationBase.objects.unrestricted().get(name=plan.name)
        services.base_close(
            actor=users["admin"], base_id=base.pk, closed_on=plan.closed, reason=plan.closing_reason
        )


def _summary() -> list[str]:
    bases = IncubationBase.objects.unrestricted().filter(region__code__startswith="99")
    states = Counter(bases.values_list("state", flat=True))
    tenancies = Tenancy.objects.unrestricted().filter(base__in=bases.values("pk"))
    by_state = Counter(tenancies.values_list("state", flat=True))
    tenancy_line = "，".join(
        f"{TenancyState(state).label} {by_state[state]}" for state in TenancyState.values
    )
    services_count = ServiceRecord.objects.unrestricted().filter(base__in=bases.values("pk")).count()
    subsidies = Subsidy.objects.unrestricted().filter(base__in=bases.values("pk"))
    total = sum(subsidies.values_list("amount", flat=True), Decimal(0))
    return [
        f"  孵化基地：{bases.count()} 个（运营中 {states[BaseState.OPEN]}，"
        f"已停止运营 {states[BaseState.CLOSED]}，待批准 {states[BaseState.PENDING]}）；"
        "运营方账号 operator 负责江滨街道和临江区两个基地",
        f"  入驻：{tenancies.count()} 个（{tenancy_line}）",
        f"  孵化服务记录 {services_count} 条，孵化补贴 {subsidies.count()} 笔共 {total:,.2f} 元",
    ]
