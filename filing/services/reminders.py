"""Nightly reminders: deadlines of the filing workflow and certificates due for renewal (换发).

An internal job, not acting for one user, so it reads unrestricted and sends each responsible
person their own message. Everything is set-based: one query for the applications, one for
the certificates, one for the staff, then the notifications in bulk. Each message carries a
dedupe key, so a second run on the same day (a retry, a manual run) sends nothing new.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.workdays import ONE_DAY, add_working_days, is_working_day, working_days_between
from registry.choices import OrganizationStatus, Role
from registry.models import User
from registry.services import NotificationDraft, notifications_send_many

from ..choices import ApplicationState as S
from ..models import Certificate, FilingApplication
from ..rules import FilingRules, current_rules
from ..selectors import CORRECTION_WORKING_DAYS, application_url, due_soon_limit

STEP_LABELS = {S.SUBMITTED: "社区初审", S.OPINION_GIVEN: "街道办结"}


def street_code(region_code: str) -> str:
    """The street (街道/乡镇) a community belongs to: the first 9 digits of its division code."""
    return region_code[:9].ljust(12, "0")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _due_applications(today: datetime.date, rules: FilingRules) -> list[FilingApplication]:
    """Submitted or decided-on applications due soon or overdue, and returned ones left uncorrected
    for more than CORRECTION_WORKING_DAYS working days."""
    soon = due_soon_limit(today, rules)
    # Returned on or before this date means the correction period ended before today.
    returned_by = add_working_days(today - ONE_DAY, -CORRECTION_WORKING_DAYS)
    queryset = FilingApplication.objects.unrestricted().filter(
        Q(state=S.SUBMITTED, opinion_due__lte=soon)
        | Q(state=S.OPINION_GIVEN, decision_due__lte=soon)
        | Q(state=S.RETURNED, applicant__is_active=True)
    )
    queryset = queryset.filter(~Q(state=S.RETURNED) | Q(returned_at__lt=_start_of(returned_by + ONE_DAY)))
    return list(queryset.select_related("community", "organization"))


def _staff_by_region(codes: set[str]) -> dict[tuple[str, str], list[int]]:
    """Active community and street staff sitting on the given regions, by (role, region code)."""
    staff: dict[tuple[str, str], list[int]] = defaultdict(list)
    rows = (
        User.objects.unrestricted()
        .filter(is_active=True, role__in=[Role.COMMUNITY, Role.STREET], region_id__in=codes)
        .values_list("pk", "role", "region_id")
    )
    for pk, role, region_id in rows:
        staff[(role, region_id)].append(pk)
    return staff


def _deadline_message(
    application: FilingApplication, today: datetime.date, due: datetime.date
) -> tuple[str, str]:
    step = STEP_LABELS[application.state]
    name = f"{application.get_kind_display()}「{application.display_name}」"
    if due < today:
        late = max(1, working_days_between(due, today))
        title = f"【逾期】{step}：{application.display_name}"
        status = f"已逾期 {late} 个工作日"
    else:
        title = f"【即将到期】{step}：{application.display_name}"
        status = f"还剩 {working_days_between(today, due)} 个工作日"
    body = f"{name}（{application.community.name}）的{step}期限为 {due:%Y-%m-%d}，{status}，请及时办理。"
    return title, body


def _application_drafts(
    applications: list[FilingApplication], staff: dict[tuple[str, str], list[int]], today: datetime.date
) -> Iterator[NotificationDraft]:
    for application in applications:
        key = f"deadline:{application.pk}:{application.state}:{today.isoformat()}"
        url = application_url(application.pk)
        if application.state == S.RETURNED:
            returned_on = timezone.localdate(application.returned_at or application.updated_at)
            yield NotificationDraft(
                user_id=application.applicant_id,
                title=f"【待补正】{application.display_name}",
                body=(
                    f"您的{application.get_kind_display()}「{application.display_name}」已于 "
                    f"{returned_on:%Y-%m-%d} 退回补正，请按退回意见补正材料后重新提交。"
                ),
                url=url,
                dedupe_key=key,
            )
            continue
        if application.state == S.SUBMITTED:
            due, recipients = application.opinion_due, staff[(Role.COMMUNITY, application.community_id)]
        else:
            due, recipients = (
                application.decision_due,
                staff[(Role.STREET, street_code(application.community_id))],
            )
        title, body = _deadline_message(application, today, due)
        for user_id in recipients:
            yield NotificationDraft(user_id=user_id, title=title, body=body, url=url, dedupe_key=key)


def _renewal_drafts(
    certificates: list[Certificate], staff: dict[tuple[str, str], list[int]], today: datetime.date
) -> Iterator[NotificationDraft]:
    year, week, _ = today.isocalendar()
    for certificate in certificates:
        organization = certificate.organization
        key = f"renewal:{certificate.pk}:{certificate.valid_until.isoformat()}:{year}-W{week:02d}"
        days = (certificate.valid_until - today).days
        for user_id in staff[(Role.STREET, street_code(organization.community_id))]:
            yield NotificationDraft(
                user_id=user_id,
                title=f"【证书换发】{organization.name}",
                body=(
                    f"备案证书 {certificate.filing_number} 将于 {certificate.valid_until:%Y-%m-%d} 到期"
                    f"（还有 {days} 天），请提醒该组织及时办理换发。"
                ),
                url=reverse("certificate-renewals"),
                dedupe_key=key,
            )


def deadline_reminders_send(today: datetime.date | None = None) -> int:
    """Send the day's reminders; returns how many notifications were sent.

    - ``submitted`` due soon or overdue → community staff of the application's community;
    - ``opinion_given`` due soon or overdue → street staff of its street;
    - ``returned`` more than CORRECTION_WORKING_DAYS working days ago → the applicant;
    - certificates expiring within ``renewal_notice_days`` → street staff (once a week each).

    One message per recipient and application a day (per certificate a week); nothing is sent
    on rest days.
    """
    today = today or timezone.localdate()
    if not is_working_day(today):
        # Nobody acts on a rest day: the next working day's run catches up.
        return 0
    rules = current_rules()
    applications = _due_applications(today, rules)
    certificates = list(
        Certificate.objects.unrestricted()
        .filter(
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=rules.renewal_notice_days),
            organization__status=OrganizationStatus.ACTIVE,
        )
        .select_related("organization")
    )
    codes = {application.community_id for application in applications}
    codes |= {street_code(code) for code in codes}
    codes |= {street_code(certificate.organization.community_id) for certificate in certificates}
    staff = _staff_by_region(codes)
    drafts = [
        *_application_drafts(applications, staff, today),
        *_renewal_drafts(certificates, staff, today),
    ]
    return notifications_send_many(drafts=drafts)
