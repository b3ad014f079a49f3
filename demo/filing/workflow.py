"""Taking each demo application to its state through the filing services, then back in time."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.utils import timezone

from core.models import Event
from core.trail import subject_type
from core.workdays import add_working_days, is_working_day
from demo.seeding import DemoSeedError
from filing import services
from filing.choices import ApplicationKind, MaterialKind, Opinion
from filing.models import FilingApplication
from filing.rules import current_rules
from filing.services.proposals import REQUIRED_MATERIALS
from registry.choices import Role, Tier
from registry.models import Organization, Region, User

from .accounts import STREETS, committee_username
from .materials import material
from .plan import Person, Planned
from .specs import CHANGE, CHANGE_LEADER, NEW, DemoApplication

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


def apply_application(item: Planned, users: dict[str, User]) -> bool:
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
            upload=material(kind, spec.kind, subject, community),
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
