"""The review of dormant organizations (僵尸型): the nightly scan for organizations with no activity for a
year or no work report for two, the street's flag for one it cannot reach, and the street's review of
a flag (DOMAIN.md §4).

What counts as activity is partly recorded by other apps (work reports, service projects, trainings),
which filing does not import: they register it in ``core.activity`` and the scan reads it there."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.activity import activity_sources, work_report_sources
from core.models import Event
from core.trail import record, record_many, subject_type
from registry.choices import OrganizationStatus
from registry.models import Organization, User

from ..choices import DormancyReason, DormancyState, FilingAction
from ..errors import FilingCode
from ..models import DormancyFlag, EventReport, FilingApplication
from ..rules import current_rules
from .duties import STREET_TIERS, require_street_staff, required_text

ACTIVITY_WINDOW = datetime.timedelta(days=365)
# A flag the street dismissed after review is not raised again by the scan for this long.
DISMISSAL_QUIET_PERIOD = datetime.timedelta(days=180)


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _activity_since(since: datetime.datetime, until: datetime.datetime) -> Q:
    """Any sign of life in the window: a major-event report or a filing application (filing's own),
    a change to the record (``updated_at`` is set on creation too), or any activity another app
    registered (``core.activity``: work reports, service projects, trainings …)."""
    of_organization = {"organization": OuterRef("pk")}
    recent_event = EventReport.objects.unrestricted().filter(**of_organization, submitted_at__gte=since)
    recent_application = FilingApplication.objects.unrestricted().filter(
        **of_organization, submitted_at__gte=since
    )
    active = Q(updated_at__gte=since) | Q(Exists(recent_event)) | Q(Exists(recent_application))
    for source in activity_sources():
        active |= Q(pk__in=source.provider(since, until))
    return active


def _reported_since(since: datetime.datetime, until: datetime.datetime) -> Q | None:
    """A work report in the window; None while no app records work reports (the reason is then not
    computed, rather than raised against everyone)."""
    sources = work_report_sources()
    if not sources:
        return None
    reported = Q(pk__in=[])
    for source in sources:
        reported |= Q(pk__in=source.provider(since, until))
    return reported


def dormant_organizations(today: datetime.date) -> dict[int, tuple[str, str, list[str]]]:
    """Active filed and community-guided organizations the scan would flag, with their reasons:
    ``no_activity`` (nothing in the last year) and ``no_report`` (no work report in the last
    ``no_report_years`` years, for an organization on the register that long). Organizations with
    an open flag, or one the street dismissed in the last 180 days, are left alone.

    Two queries whatever the number of organizations: one per reason."""
    until = _day_start(today + datetime.timedelta(days=1))
    since = _day_start(today - ACTIVITY_WINDOW)
    quiet_since = _day_start(today - DISMISSAL_QUIET_PERIOD)
    standing_flag = DormancyFlag.objects.unrestricted().filter(
        Q(state=DormancyState.OPEN) | Q(state=DormancyState.DISMISSED, reviewed_at__gte=quiet_since),
        organization=OuterRef("pk"),
    )
    candidates = (
        Organization.objects.unrestricted()
        .filter(status=OrganizationStatus.ACTIVE, tier__in=STREET_TIERS)
        .exclude(Exists(standing_flag))
    )
    found: dict[int, tuple[str, str, list[str]]] = {}
    idle = candidates.exclude(_activity_since(since, until)).values_list("pk", "community_id", "name")
    for pk, community, name in idle:
        found[pk] = (community, name, [DormancyReason.NO_ACTIVITY.value])
    report_since = _day_start(_years_before(today, current_rules().no_report_years))
    reported = _reported_since(report_since, until)
    if reported is not None:
        silent = candidates.filter(created_at__lt=report_since).exclude(reported)
        for pk, community, name in silent.values_list("pk", "community_id", "name"):
            found.setdefault(pk, (community, name, []))[2].append(DormancyReason.NO_REPORT.value)
    return found


def dormancy_scan(*, today: datetime.date | None = None) -> int:
    """Flag the dormant organizations (``dormant_organizations``) for their street to review.

    An internal job for every street at once, so unrestricted and set-based: two queries find the
    organizations, one bulk insert flags them, one more writes their audit lines. Returns how many
    organizations were flagged.
    """
    rows = dormant_organizations(today or timezone.localdate())
    if not rows:
        return 0
    now = timezone.now()
    with transaction.atomic():
        # ignore_conflicts: a street may flag the same organization by hand while the scan runs;
        # the partial unique constraint keeps one open flag and the scan leaves that one be.
        DormancyFlag.objects.bulk_create(
            [
                DormancyFlag(
                    organization_id=pk,
                    street_id=community[:9].ljust(12, "0"),
                    reasons=reasons,
                    flagged_at=now,
                )
                for pk, (community, _name, reasons) in rows.items()
            ],
            ignore_conflicts=True,
        )
        flags = DormancyFlag.objects.unrestricted().filter(
            organization_id__in=list(rows), state=DormancyState.OPEN, flagged_at=now
        )
        record_many(
            [
                Event(
                    occurred_at=now,
                    action=FilingAction.DORMANCY_FLAGGED,
                    subject_type=subject_type(DormancyFlag),
                    subject_id=str(flag_id),
                    subject_label=rows[organization_id][1],
                    region_code=rows[organization_id][0],
                    organization_id=organization_id,
                    to_state=DormancyState.OPEN,
                    reason="；".join(DormancyReason(r).label for r in rows[organization_id][2]),
                    details={"reasons": rows[organization_id][2], "source": "scan"},
                )
                for flag_id, organization_id in flags.values_list("pk", "organization_id")
            ]
        )
    return len(rows)


@transaction.atomic
def dormancy_flag_unreachable(
    *, actor: User, organization_id: int, note: str, ip: str | None = None
) -> DormancyFlag:
    """The street marks an organization it cannot reach (无法取得联系); joins an open flag if any.

    The note (how contact was attempted) goes into the audit trail of the organization.
    """
    require_street_staff(actor)
    organization = (
        Organization.objects.for_user(actor, "change")
        .select_for_update()
        .get(pk=organization_id, status=OrganizationStatus.ACTIVE, tier__in=STREET_TIERS)
    )
    require_street_staff(actor, organization.street_code)
    errors = required_text(note, "note", "请填写联系情况说明")
    if errors:
        raise ValidationError(errors)
    reason = DormancyReason.UNREACHABLE
    flag = (
        DormancyFlag.objects.unrestricted()
        .select_for_update()
        .filter(organization=organization, state=DormancyState.OPEN)
        .first()
    )
    if flag is None:
        flag = DormancyFlag.objects.create(
            organization=organization, street_id=organization.street_code, reasons=[reason.value]
        )
    elif reason.value not in flag.reasons:
        flag.reasons = [*flag.reasons, reason.value]
        flag.save(update_fields=["reasons"])
    record(
        actor=actor,
        action=FilingAction.DORMANCY_FLAGGED,
        subject=flag,
        region=organization.community_id,
        organization=organization,
        label=organization.name,
        to_state=DormancyState.OPEN,
        reason=f"{reason.label}：{note.strip()}",
        ip=ip,
        details={"reasons": [reason.value]},
    )
    return flag


@transaction.atomic
def dormancy_dismiss(*, actor: User, flag_id: int, note: str, ip: str | None = None) -> DormancyFlag:
    """The street reviewed the flag and found the organization working normally (复核正常).

    Raises DormancyFlag.DoesNotExist outside the actor's jurisdiction (or for anyone but the street),
    ValidationError ``not_open`` for a flag already closed and a field error without a note.
    """
    flag = (
        DormancyFlag.objects.for_user(actor, "change")
        .select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=flag_id)
    )
    if flag.state != DormancyState.OPEN:
        raise ValidationError(
            "该标记已复核（%(state)s）", code=FilingCode.NOT_OPEN, params={"state": flag.get_state_display()}
        )
    errors = required_text(note, "note", "请填写复核意见")
    if errors:
        raise ValidationError(errors)
    flag.state = DormancyState.DISMISSED
    flag.reviewed_by = actor
    flag.reviewed_at = timezone.now()
    flag.review_note = note.strip()
    flag.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    record(
        actor=actor,
        action=FilingAction.DORMANCY_DISMISSED,
        subject=flag,
        region=flag.organization.community_id,
        organization=flag.organization,
        label=flag.organization.name,
        from_state=DormancyState.OPEN,
        to_state=DormancyState.DISMISSED,
        reason=flag.review_note,
        ip=ip,
    )
    return flag
