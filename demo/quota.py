"""The quota part of the demo: policies and their dated snapshots (a builder, see ``demo.builders``).

On top of the demo city (``demo.registry``), where 37 of the 61 communities meet
"5+X" and only two streets have a federation, it adds:

- **policies** copied from the presets by the demo bureaus: 清河市 adopts the Beijing targets
  and the Hainan talent target, 临江区 the Taicang "5+X", and the city tracks the national
  figures;
- **snapshots** of each policy over its jurisdiction at the end of each of the last eight
  quarters and today, so the dashboards open with data and trends (organizations enter the
  register's history on their founding day, so earlier snapshots count fewer of them).

Idempotent: policies are found again by jurisdiction and name; a snapshot of the same policy,
region and date is recomputed in place (its rows replaced), never duplicated.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from assessment.models import QuotaPolicy, QuotaReport
from assessment.services import policy_copy, report_run
from registry.models import Region, User

from .city import CITY_CODE
from .seeding import Part

# (account, preset, jurisdiction code, policy name)
POLICIES = (
    ("bureau_city", "beijing", CITY_CODE, "清河市社区社会组织发展目标（参照北京）"),
    ("bureau_city", "hainan", CITY_CODE, "清河市社会工作人才配备目标（参照海南）"),
    ("bureau_city", "national", CITY_CODE, "清河市社区社会组织统计监测"),
    ("bureau_city", "jinzhong", CITY_CODE, "清河市社会组织孵化基地建设目标（参照晋中）"),
    ("bureau_district", "taicang", "990101000000", "临江区“5+X”社区社会组织全覆盖"),
)
QUARTERS_BACK = 8


def snapshot_dates(today: datetime.date, quarters: int = QUARTERS_BACK) -> list[datetime.date]:
    """The last day of each of the previous ``quarters`` quarters, then today."""
    dates = []
    year, quarter = today.year, (today.month - 1) // 3 + 1
    for _ in range(quarters):
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        dates.append(quarter_end(year, quarter))
    return [*sorted(dates), today]


def quarter_end(year: int, quarter: int) -> datetime.date:
    first_of_next = datetime.date(year + quarter // 4, quarter % 4 * 3 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def seed_quota() -> Part:
    with transaction.atomic():
        policies = [_policy(*item) for item in POLICIES]
    dates = snapshot_dates(timezone.localdate())
    snapshots = 0
    for policy in policies:
        for as_of in dates:
            report, _ = QuotaReport.objects.unrestricted().get_or_create(
                policy=policy, region=policy.jurisdiction, as_of=as_of
            )
            report_run(report_id=report.pk)
            snapshots += 1
    line = (
        f"指标方案 {len(policies)} 个，指标报告快照 {snapshots} 份"
        f"（{dates[0]:%Y-%m-%d} 至 {dates[-1]:%Y-%m-%d}，每季度末及今天）"
    )
    return Part(summary=lambda: [line])


def _policy(username: str, preset: str, code: str, name: str) -> QuotaPolicy:
    jurisdiction = Region.objects.unrestricted().get(code=code)
    existing = QuotaPolicy.objects.unrestricted().filter(jurisdiction=jurisdiction, name=name).first()
    if existing is not None:
        return existing
    source = QuotaPolicy.objects.unrestricted().get(preset=preset, jurisdiction=None)
    actor = User.objects.unrestricted().get(username=username)
    return policy_copy(actor=actor, source=source, jurisdiction=jurisdiction, name=name)
