"""Demo data of the filing workflow, seeded by ``manage.py seed_demo`` through ``FilingConfig.seed_demo``.

On top of the registry's demo city (``registry.demo``) it adds:

- **certificates** for every active filed organization of the city that has none, issued through
  ``services.certificate_issue`` by ``admin`` (today, numbered per street and year like any
  other; no PDF is rendered here, each renders on its first download), and three of them
  backdated so that they fall due for renewal (换发) within the notice window;
- **applications** (``APPLICATIONS``, in ``filing.demo_applications``) in every state and of every
  kind, most of them in 江滨街道 (``street_a``), a few in 望湖街道 (``street_b``) so that its
  workbench is not empty. Each is brought to its state through the filing services, acting as the
  demo accounts: the street office files for the group or an applicant files on their own; the
  community committee gives its opinion or returns; the street approves, returns or refuses.
  Approvals create, change or end organizations of the registry as in real use (their certificate
  PDFs render after commit).
- the **accounts** these need: ``applicant_demo``, an applicant (备案申请人) with a draft and a
  returned new filing of her own (the organization account ``org_a`` cannot apply: its group is
  community-guided, and organization accounts only file changes of filed organizations), and the
  committees of the other communities where an opinion is given (``community_001002`` for 桃源村 …).
  Applications still awaiting an opinion in 江滨街道 are all in 幸福里社区, so that ``community_a``
  has a workbench of its own.

The services stamp every step with the current time. To give the workbench a spread of
deadlines (one opinion overdue, one due soon, one decision overdue …), each application's dates
and trail are then moved back by ``_backdate``, a direct update of demo data only.

Deterministic (one ``random.Random(SEED)`` in ``filing.demo_plan`` draws every made-up person and
number, whatever is already in the database) and idempotent: an application is found again by its
community, kind and contact name (unique among the demo's applications) and is never created
twice; a certificate is issued only to an organization without one; accounts are upserted.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.base import OutputWrapper
from django.db import transaction
from django.utils import timezone

from core.models import Event
from core.trail import subject_type
from registry.choices import OrganizationStatus, Role, Tier
from registry.demo import CITY_PREFIX, PASSWORD, DemoSeedError, LoginRow
from registry.models import Organization, Region, User

from . import services
from .choices import ApplicationKind, ApplicationState, MaterialKind, Opinion
from .demo_applications import APPLICANT, APPLICANT_NAME, CHANGE, CHANGE_LEADER, NEW, DemoApplication
from .demo_materials import FILING_FORM_NAMES, MATERIAL_NAMES, _material
from .demo_plan import SEED, Person, _Planned, plan
from .models import Certificate, FilingApplication
from .rules import current_rules
from .services.approval import certificate_term
from .services.proposals import REQUIRED_MATERIALS
from .workdays import add_working_days, is_working_day

__all__ = [
    "FILING_FORM_NAMES",
    "MATERIAL_NAMES",
    "SEED",
    "FilingSeedResult",
    "apply_demo",
    "committee_username",
    "plan",
    "seed_demo",
    "summary_lines",
]

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

# Certificates made due for renewal: in each street, the first one by filing number (of an
# organization without applications), expiring in this many days.
RENEWALS_DUE = {"990101001": 15, "990101002": 38, "990102001": 56}

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
    trail = Event._base_manager.filter(
        subject_type=subject_type(FilingApplication), subject_id=str(application.pk)
    )
    events = list(trail.filter(action__startswith="filing.").order_by("occurred_at", "id"))
    times = []
    for index, (event, days_ago) in enumerate(zip(events, spec.trail, strict=True)):
        occurred = event.occurred_at
        if days_ago:
            occurred = _at(_working_days_ago(today, days_ago), 9 + 2 * index, 10 + 7 * index)
            Event._base_manager.filter(pk=event.pk).update(occurred_at=occurred)
        times.append(occurred)
        day = timezone.localdate(occurred)
        step = event.action.removeprefix("filing.")
        if step == "submit":
            changes.update(
                submitted_at=occurred,
                opinion_due=add_working_days(day, rules.opinion_working_days),
                decision_due=None,
            )
        elif step == "opinion":
            changes["decision_due"] = add_working_days(day, rules.decision_working_days)
        elif step in ("approve", "reject"):
            changes["decided_at"] = occurred
        elif step == "return":
            changes["returned_at"] = occurred
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
