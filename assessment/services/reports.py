from __future__ import annotations

import datetime
import logging

from celery.exceptions import SoftTimeLimitExceeded
from celery.result import AsyncResult
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from core.bulk import copy_rows, reclaim
from core.errors import Unavailable
from core.jobs import Progress, enqueue, progress_writer
from core.trail import record
from registry.choices import RegionLevel
from registry.errors import RegistryCode
from registry.models import Region, User

from ..choices import AssessmentAuditAction, ReportStatus
from ..errors import AssessmentCode
from ..models import QuotaPolicy, QuotaReport, QuotaReportRow, QuotaRule
from ..quota.engine import Row, evaluate
from .policies import policy_rules_frozen

logger = logging.getLogger(__name__)

ROW_COLUMNS = (
    "report_id",
    "region_id",
    "level",
    "parent_code",
    "urban_rural",
    "organizations",
    "passed",
    "failed",
    "shortfall",
    "results",
    "counts",
    "meeting_all",
)
TASK_DEAD_STATES = frozenset({"FAILURE", "REVOKED"})


def stale_after() -> datetime.timedelta:
    """How long a run may stay pending or running before it is taken to have died with its worker.

    A message a dead worker had taken comes back after the broker's visibility timeout and then runs
    at most the hard time limit; past both, no worker can still be on it.
    """
    return datetime.timedelta(seconds=settings.CELERY_VISIBILITY_TIMEOUT + settings.CELERY_TASK_TIME_LIMIT)


def _still_working(report: QuotaReport) -> bool:
    if report.status not in (ReportStatus.PENDING, ReportStatus.RUNNING):
        return False
    if report.task_id and AsyncResult(report.task_id).state in TASK_DEAD_STATES:
        return False  # killed at its hard time limit, or revoked: known dead, run it again now
    last_sign = max(filter(None, (report.requested_at, report.started_at)), default=None)
    return last_sign is not None and timezone.now() - last_sign < stale_after()


def _reports():
    return QuotaReport.objects.unrestricted()


def _check_request(policy: QuotaPolicy, region: Region, as_of: datetime.date) -> None:
    if as_of > timezone.localdate():
        raise ValidationError(
            {"as_of": ValidationError("统计日期不能晚于今天", code=RegistryCode.FUTURE_DATE)}
        )
    if not policy.applies_to(region.code):
        raise ValidationError(
            {
                "region": ValidationError(
                    f"“{policy.name}”不适用于{region.name}", code=AssessmentCode.OUTSIDE_POLICY
                )
            }
        )


def report_request(
    *, actor: User | None, policy: QuotaPolicy, region: Region, as_of: datetime.date | None = None
) -> QuotaReport:
    """Queue a run of a policy over a region as of a date (today by default).

    A snapshot of the same policy, region and date already queued or running is returned as it
    is; a finished one is run again and its rows replaced when the run completes.
    """
    as_of = as_of or timezone.localdate()
    _check_request(policy, region, as_of)
    with transaction.atomic():
        report, _ = _reports().select_for_update().get_or_create(policy=policy, region=region, as_of=as_of)
        if _still_working(report):
            return report
        report.status, report.progress, report.stage, report.error, report.task_id = (
            ReportStatus.PENDING,
            0,
            "排队等待计算",
            "",
            "",
        )
        report.requested_by = actor if actor and actor.pk else None
        report.requested_at = timezone.now()
        report.save(
            update_fields=["status", "progress", "stage", "error", "task_id", "requested_by", "requested_at"]
        )
        if actor is not None:
            record(
                actor=actor,
                action=AssessmentAuditAction.REPORT_REQUESTED,
                subject=report,
                region=region,
                details={"report": report.pk, "policy": policy.pk, "as_of": as_of.isoformat()},
            )
        transaction.on_commit(lambda: _enqueue(report.pk))
    return report


QUEUE_DOWN = "任务队列暂不可用，报告未能开始计算，请稍后重试"


def _enqueue(report_id: int) -> None:
    """Hand the run to a worker. With the broker unreachable the report is marked failed at once, so
    nothing waits as "pending" for a task that does not exist, and the caller hears why (503)."""
    from ..tasks import run_quota_report

    # Province-wide reports can take a while: a deployment may give them a queue of their own.
    enqueue(
        run_quota_report,
        report_id,
        rows=_reports(),
        queue=settings.QUOTA_REPORT_QUEUE or None,
        failed={
            "status": ReportStatus.FAILED,
            "finished_at": timezone.now(),
            "stage": "未能开始计算",
            "error": QUEUE_DOWN,
        },
    )


def nightly_reports_request(*, as_of: datetime.date | None = None) -> int:
    """Queue today's snapshot of every active policy over its own jurisdiction."""
    policies = QuotaPolicy.objects.unrestricted().active().select_related("jurisdiction")
    count = 0
    for policy in policies:
        try:
            report_request(actor=None, policy=policy, region=policy.jurisdiction, as_of=as_of)
        except Unavailable:
            continue  # marked failed with the reason; tomorrow's run, or a user's, tries again
        count += 1
    return count


# A run tells its progress at most this often: each report is a write of its own, and a street's
# whole run takes less than one.
PROGRESS_EVERY = datetime.timedelta(seconds=1)


def _progress(report_id: int) -> Progress:
    """The run's progress writer: a new stage is always written, more percent of the same stage at most
    once every PROGRESS_EVERY."""
    write = progress_writer(_reports(), report_id)
    last = {"at": timezone.now(), "stage": "开始计算"}  # the run's start has just been written

    def say(percent: int, stage: str) -> None:
        if stage == last["stage"] and timezone.now() - last["at"] < PROGRESS_EVERY:
            return
        last.update(at=timezone.now(), stage=stage)
        write(percent, stage)

    return say


def report_run(*, report_id: int) -> QuotaReport:
    """Compute a snapshot and swap its rows in atomically; a failure is recorded, not raised.

    Safe to run twice (a redelivered task, a second worker): the swap happens under the
    report's row lock, so the snapshot ends with exactly one set of rows.
    """
    report = (
        _reports()
        .select_related("policy", "region")
        .prefetch_related(Prefetch("policy__rules", queryset=QuotaRule.objects.unrestricted()))
        .get(pk=report_id)
    )
    _reports().filter(pk=report_id).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), progress=1, stage="开始计算", error=""
    )
    try:
        rules = policy_rules_frozen(report.policy)
        say = _progress(report_id)
        rows = evaluate(rules, report.region, report.as_of, progress=say)
        say(90, "保存结果")
        if _swap_rows(report_id, [rule.as_json() for rule in rules], rows):
            reclaim(QuotaReportRow._meta.db_table)  # a rerun: its old rows' space is reused next time
    except SoftTimeLimitExceeded:
        logger.warning("quota report %s stopped at the time limit", report_id)
        _reports().filter(pk=report_id).update(
            status=ReportStatus.FAILED,
            finished_at=timezone.now(),
            stage="计算超时",
            error=(
                f"计算超过 {settings.CELERY_TASK_SOFT_TIME_LIMIT} 秒的时限，已停止；请缩小统计范围或稍后重试"
            ),
        )
    except Exception as error:
        logger.exception("quota report %s failed", report_id)
        _reports().filter(pk=report_id).update(
            status=ReportStatus.FAILED,
            finished_at=timezone.now(),
            stage="计算失败",
            error=f"计算失败（{type(error).__name__}）：{error}"[:1000],
        )
    return _record_end(report_id)


def _record_end(report_id: int) -> QuotaReport:
    """One event for the end of a run someone asked for, so they are told (``assessment.notices``);
    like the request, a scheduled run started by no one leaves no event."""
    with transaction.atomic():
        report = _reports().get(pk=report_id)
        if report.requested_by_id is None:
            return report
        done = report.status == ReportStatus.DONE
        record(
            actor=None,
            action=AssessmentAuditAction.REPORT_FINISHED if done else AssessmentAuditAction.REPORT_FAILED,
            subject=report,
            region=report.region_id,
            to_state=report.status,
            reason="" if done else report.stage,
            details={"report": report.pk, "policy": report.policy_id, "as_of": report.as_of.isoformat()},
        )
    return report


def meeting_all_within(rows: list[Row]) -> dict[str, int]:
    """How many communities meeting every rule with a target each region holds, itself included:
    counted once here, so no page has to count them again."""
    meeting: dict[str, int] = {}
    for row in sorted(rows, key=lambda row: -row.level):
        own = meeting.get(row.code, 0) + (row.level == RegionLevel.COMMUNITY and row.meets_all)
        meeting[row.code] = own
        if row.parent_code:
            meeting[row.parent_code] = meeting.get(row.parent_code, 0) + own
    return meeting


def _row_values(report_id: int, row: Row, meeting_all: int) -> tuple:
    return (
        report_id,
        row.code,
        int(row.level),
        row.parent_code,
        row.urban_rural,
        row.organizations,
        row.passed,
        row.failed,
        row.shortfall,
        row.results,
        row.counts,
        meeting_all,
    )


@transaction.atomic
def _swap_rows(report_id: int, rules: list[dict], rows: list[Row]) -> int:
    """Replace the snapshot's rows; how many old rows were deleted."""
    report = _reports().select_for_update().get(pk=report_id)
    deleted, _ = QuotaReportRow.objects.unrestricted().filter(report=report).delete()
    meeting = meeting_all_within(rows)
    values = (_row_values(report.pk, row, meeting[row.code]) for row in rows)
    copy_rows(QuotaReportRow._meta.db_table, ROW_COLUMNS, values)
    root = next(row for row in rows if row.code == report.region_id)
    report.rules = rules
    report.summary = {
        "organizations": root.organizations,
        "communities": root.counts.get("communities", 0),
        "passed": root.passed,
        "failed": root.failed,
        "communities_meeting_all": meeting[root.code],
    }
    report.row_count = len(rows)
    report.status, report.progress, report.stage = ReportStatus.DONE, 100, "已完成"
    report.finished_at = timezone.now()
    report.save(update_fields=["rules", "summary", "row_count", "status", "progress", "stage", "finished_at"])
    return deleted
