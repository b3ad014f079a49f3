"""Quota dashboards (指标看板): a snapshot read from the user's viewpoint and drilled down
district → street → community, its charts and Excel downloads, and runs requested on demand whose
progress the page follows.

Staff only: for anyone else the pages do not exist. A snapshot, policy or region outside the
user's jurisdiction is a 404 like everywhere else; of a wider area's snapshot a user sees only
the rows of their own jurisdiction.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from core.errors import Unavailable
from core.pages import object_view
from core.permissions import can
from registry.choices import RegionLevel, Tier
from registry.divisions import normalize_code
from registry.models import Region, User

from .. import charts, selectors, services
from ..choices import ReportStatus, RuleKind
from ..models import QuotaPolicy, QuotaReport, QuotaReportRow

# -- what the request asks for ----------------------------------------------------------------------


@dataclass
class Selection:
    """The policy, snapshot and region a dashboard request resolves to (row: the region's line)."""

    policies: list[QuotaPolicy]
    policy: QuotaPolicy | None
    report: QuotaReport | None
    top: Region | None
    row: QuotaReportRow | None

    @property
    def region(self) -> Region | None:
        return self.row.region if self.row else self.top


def _staff_only(user: User) -> None:
    if not can(user, "assessment.view"):
        raise Http404("页面不存在")


def _may_run(user: User) -> bool:
    return can(user, "assessment.run_report")


def _pk(raw: str) -> int:
    if not raw.isdigit():
        raise Http404("参数有误")
    return int(raw)


def _policy_in(policies: Sequence[QuotaPolicy], pk: int) -> QuotaPolicy:
    for policy in policies:
        if policy.pk == pk:
            return policy
    raise Http404("未找到该指标方案")


def _report(user: User, raw: str) -> QuotaReport:
    return get_object_or_404(selectors.reports_for(user), pk=_pk(raw))


def select(user: User, params: QueryDict) -> Selection:
    _staff_only(user)
    policies = selectors.dashboard_policies(user)
    report, policy = None, None
    if params.get("report"):
        report = _report(user, params["report"])
    elif params.get("policy"):
        policy = _policy_in(policies, _pk(params["policy"]))
        report = selectors.latest_report(user, policy)
    else:
        report = selectors.latest_report(user)
    if report is not None:
        known = [candidate for candidate in policies if candidate.pk == report.policy_id]
        policy = known[0] if known else report.policy
    elif policy is None and policies:
        policy = policies[0]
    top = selectors.viewpoint(report, user) if report else user.region
    row = None
    if report is not None:
        code = normalize_code(params.get("region") or top.code)
        row = selectors.row_of(report, user, code)
        if row is None and params.get("region"):
            raise Http404("该报告中没有这个区划")
    return Selection(policies=policies, policy=policy, report=report, top=top, row=row)


# -- the figures of one region ----------------------------------------------------------------------


def rules_of(report: QuotaReport) -> list[dict[str, Any]]:
    return list(report.rules)


def results_of(
    line: QuotaReportRow | selectors.TrendPoint, rules: Iterable[dict[str, Any]]
) -> list[dict[str, Any] | None]:
    """A snapshot line's result of each rule, in the rules' order (None where it has none)."""
    return [line.results.get(rule["key"]) for rule in rules]


def community_missing(
    rules: list[dict[str, Any]], row: QuotaReportRow, names: dict[str, str]
) -> dict[str, Any]:
    """The categories a community lacks: by the policy's 5+X rule when it has one, else every
    category in use with no active organization in the community on the report date."""
    if charts.rule_of_kind(rules, RuleKind.CATEGORY_COVERAGE):
        return {"missing": [name for name, _ in most_missing(rules, row, names)], "missing_by_rule": True}
    lacking = [name for code, name in selectors.active_categories() if not row.counts.get(f"category:{code}")]
    return {"missing": lacking, "missing_by_rule": False}


def most_missing(
    rules: list[dict[str, Any]], row: QuotaReportRow, names: dict[str, str]
) -> list[tuple[str, int]]:
    """The categories the communities of an area most often lack, from the 5+X rule's tally."""
    rule = charts.rule_of_kind(rules, RuleKind.CATEGORY_COVERAGE)
    result = row.results.get(rule["key"]) if rule else None
    missing = (result or {}).get("detail", {}).get("missing") or {}
    if isinstance(missing, list):  # a community's own line lists the codes it lacks
        missing = dict.fromkeys(missing, 1)
    return [(names.get(code, code), count) for code, count in missing.items()]


def _furthest_level(region: Region) -> RegionLevel:
    return RegionLevel.STREET if region.level < RegionLevel.STREET else RegionLevel.COMMUNITY


def _report_choices(user: User, policy: QuotaPolicy | None) -> list[tuple[QuotaReport, str]]:
    """The snapshots to pick from, each with its status unless it is done."""
    reports = selectors.report_choices(user, policy) if policy else []
    return [
        (report, "" if report.status == ReportStatus.DONE else report.get_status_display())
        for report in reports
    ]


def _status(report: QuotaReport | None) -> dict[str, Any]:
    return {
        "busy": report is not None and selectors.is_busy(report),
        "failed": report is not None and report.status == ReportStatus.FAILED,
        "status_url": reverse("quota-report-status", args=[report.pk]) if report else "",
    }


def _figures(user: User, selection: Selection, by_shortfall: bool) -> dict[str, Any]:
    report, row, region = selection.report, selection.row, selection.region
    rules = rules_of(report)
    children = selectors.sorted_children_rows(report, user, region, by_shortfall=by_shortfall)
    points = selectors.trend(selection.policy, region, user, rules=rules)
    return {
        "rules": rules,
        "has_targets": any(rule["kind"] != RuleKind.TRACKING for rule in rules),
        "cards": list(zip(rules, results_of(row, rules), strict=True)),
        "children": [(child, results_of(child, rules)) for child in children],
        "child_level": children[0].get_level_display() if children else "",
        "meeting_all": row.meeting_all,
        "furthest": selectors.furthest_from_target(
            report, user, within=region, level=_furthest_level(region)
        ),
        "furthest_level": _furthest_level(region).label,
        "missing": most_missing(rules, row, selectors.category_names()),
        "trail": selectors.drill_trail(user, selection.top, region),
        "trend": [(point, results_of(point, rules)) for point in points],
        "charts": charts.chart_data(rules, children, points, community=False),
    }


# -- pages ------------------------------------------------------------------------------------------


@login_required
@require_GET
def quota_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    selection = select(user, request.GET)
    if selection.row is not None and selection.row.level == RegionLevel.COMMUNITY:
        query = urlencode({"report": selection.report.pk})
        return HttpResponseRedirect(f"{reverse('quota-community', args=[selection.row.region_id])}?{query}")
    by_shortfall = request.GET.get("sort") == "shortfall"
    context: dict[str, Any] = {
        "selection": selection,
        "policy": selection.policy,
        "report": selection.report,
        "region": selection.region,
        "row": selection.row,
        "choices": _report_choices(user, selection.policy),
        "by_shortfall": by_shortfall,
        "query": _query(selection, sort="shortfall" if by_shortfall else ""),
        **_status(selection.report),
    }
    if selection.row is not None:
        context.update(_figures(user, selection, by_shortfall))
        context["changed_since"] = selectors.changed_since(selection.report, user, selection.region)
    return render(request, "assessment/dashboard.html", context)


@object_view(Region)
@login_required
@require_GET
def quota_community(request: HttpRequest, code: str) -> HttpResponse:
    """One community's line: which categories it lacks, which targets it fails, and its counts."""
    user = request.user
    params = request.GET.copy()
    params["region"] = code
    selection = select(user, params)
    row = selection.row
    if row is None or row.level != RegionLevel.COMMUNITY:
        raise Http404("未找到该社区的指标结果")
    rules = rules_of(selection.report)
    results = list(zip(rules, results_of(row, rules), strict=True))
    points = selectors.trend(selection.policy, row.region, user, rules=rules)
    names = selectors.category_names()
    return render(
        request,
        "assessment/community.html",
        {
            "selection": selection,
            "policy": selection.policy,
            "report": selection.report,
            "region": row.region,
            "row": row,
            "results": results,
            "failing": [(rule, result) for rule, result in results if result and result["outcome"] == "fail"],
            **community_missing(rules, row, names),
            "tiers": [(tier.label, row.counts.get(f"tier:{tier.value}", 0)) for tier in Tier],
            "categories": _category_counts(row, names),
            "social_workers": row.counts.get("social_workers"),
            "trail": selectors.drill_trail(user, selection.top, row.region),
            "trend": [(point, results_of(point, rules)) for point in points],
            "rules": rules,
            "charts": charts.chart_data(rules, [], points, community=True),
            "query": _query(selection),
            **_status(selection.report),
        },
    )


def _category_counts(row: QuotaReportRow, names: dict[str, str]) -> list[tuple[str, int]]:
    counts = [
        (names.get(key.split(":", 1)[1], key.split(":", 1)[1]), n)
        for key, n in row.counts.items()
        if key.startswith("category:")
    ]
    return sorted(counts, key=lambda item: (-item[1], item[0]))


def _query(selection: Selection, **extra: str) -> str:
    params = {"report": selection.report.pk if selection.report else ""}
    if selection.policy is not None and selection.report is None:
        params["policy"] = selection.policy.pk
    if (
        selection.row is not None
        and selection.top is not None
        and selection.row.region_id != selection.top.code
    ):
        params["region"] = selection.row.region_id
    params.update(extra)
    return urlencode({key: value for key, value in params.items() if value != ""})


# -- runs -------------------------------------------------------------------------------------------


@login_required
@require_POST
def quota_run(request: HttpRequest) -> HttpResponse:
    """Run the chosen policy over the viewpoint of the open snapshot (or the user's area), today."""
    user = request.user
    _staff_only(user)
    if not _may_run(user):
        raise PermissionDenied("只有民政局和街道办事处可以生成指标报告")
    policy = _policy_in(selectors.dashboard_policies(user), _pk(request.POST.get("policy", "")))
    shown = _report(user, request.POST["report"]) if request.POST.get("report") else None
    region = selectors.run_region(policy, user, shown if shown and shown.policy_id == policy.pk else None)
    back = f"{reverse('quota-dashboard')}?{urlencode({'policy': policy.pk})}"
    if region is None:
        messages.error(request, "无法确定评估辖区：请用有辖区的工作人员账号生成该方案的报告")
        return HttpResponseRedirect(back)
    try:
        report = services.report_request(actor=user, policy=policy, region=region)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(back)
    except Unavailable as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(back)
    messages.success(request, f"已提交“{policy.name}”对{region.name}的评估，完成后页面将自动刷新。")
    return HttpResponseRedirect(f"{reverse('quota-dashboard')}?{urlencode({'report': report.pk})}")


@object_view(QuotaReport)
@login_required
@require_GET
def quota_report_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Where a run stands, for the page's progress bar."""
    _staff_only(request.user)
    report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
    return JsonResponse(
        {
            "status": report.status,
            "status_label": report.get_status_display(),
            "progress": report.progress,
            "stage": report.stage,
            "error": report.error,
            "finished": report.is_finished,
        }
    )
