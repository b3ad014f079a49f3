"""The filing builder: accounts, certificates and applications, in one go (see ``demo.filing``)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from demo.seeding import DemoSeedError, LoginRow, Part
from filing.choices import ApplicationState
from filing.models import Certificate, FilingApplication
from filing.rules import current_rules
from registry.choices import OrganizationStatus

from .accounts import ADMIN, accounts
from .certificates import in_city, issue_certificates, make_renewals_due
from .plan import SEED, plan
from .workflow import apply_application


@dataclass
class FilingSeedResult:
    applications_by_state: dict[str, int]
    applications_created: int
    certificates: int
    certificates_issued: int
    renewals_due: int
    logins: list[LoginRow]


def seed_filing(seed: int = SEED) -> Part:
    """Seed the filing part of the demo (see ``demo.filing``); needs the demo city."""
    planned = plan(seed)
    with transaction.atomic():
        users, logins = accounts()
        issued = issue_certificates(users[ADMIN])
        created = 0
        for item in planned:
            try:
                created += apply_application(item, users)
            except ValidationError as error:
                name = item.proposal.get("name") or item.spec.contact
                raise DemoSeedError(f"无法生成演示备案申请“{name}”：{'；'.join(error.messages)}") from error
        make_renewals_due()
        result = _result(created, issued, logins)
    return Part(summary=lambda: summary_lines(result), logins=result.logins)


def _result(created: int, issued: int, logins: list[LoginRow]) -> FilingSeedResult:
    applications = in_city(FilingApplication.objects.unrestricted())
    by_state = Counter(applications.values_list("state", flat=True))
    certificates = in_city(Certificate.objects.unrestricted(), "organization__community__code")
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
