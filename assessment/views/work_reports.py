"""Work reports (工作报告): the list, the organizations that have not reported, reporting, the report
with the community's answer, resubmission after a return, attachments."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View

from core.pages import ActionView, ScopedDetailView, ScopedListView, ScopedMixin, step_caller
from core.trail import history_of
from registry.choices import Role
from registry.models import Organization

from .. import services
from ..evaluation import selectors
from ..evaluation.choices import WorkReportState
from ..evaluation.filtersets import WorkReportFilterSet
from ..evaluation.forms.reports import ActivityFormSet, AttachmentForm, WorkReportForm, activity_items
from ..evaluation.periods import parse_period_key, recent_periods
from ..evaluation.permissions import work_report_parts
from ..evaluation.rules import current_rules
from ..models import WorkReport, WorkReportAttachment
from ..services.work_reports import WORK_REPORT, work_report_allowed_actions
from .evaluation_base import EvaluationFormView


class WorkReportListView(ScopedListView):
    """Reports of the user's jurisdiction; an organization's account sees its own."""

    model = WorkReport
    filterset_class = WorkReportFilterSet
    select_related = ("organization__community__parent",)
    permission = "evaluation.see_work_reports"
    template_name = "assessment/evaluation/work_report_list.html"


class MissingReportsView(ScopedListView):
    """The active organizations of the jurisdiction that have not reported for a period (the last
    ended one by default): the community's list of whom to remind."""

    model = Organization
    permission = "evaluation.see_rounds"
    denied_message = "只有工作人员可以查看未报送名单"
    template_name = "assessment/evaluation/work_report_missing.html"

    def get_queryset(self) -> Any:
        self.filterset = None
        self.period = selectors.expected_period()
        if self.request.GET.get("period"):
            try:
                self.period = parse_period_key(self.request.GET["period"])
            except ValidationError:
                self.period_error = "报告期间无效，已显示上一期"
        return selectors.unreported_organizations(self.request.user, self.period)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "period": self.period,
            "periods": recent_periods(current_rules().report_period, selectors.expected_period().end)[:6],
            "overdue": selectors.is_overdue(self.period),
            "period_error": getattr(self, "period_error", ""),
        }


class WorkReportCreateView(EvaluationFormView):
    """An organization's account reports for itself; the community's 两委 picks an organization."""

    model = WorkReport
    form_class = WorkReportForm
    permission = "evaluation.submit_work_report"
    denied_message = "您的角色不能报送工作报告"
    title = "报送工作报告"
    intro = "社区社会组织定期向所在村（社区）“两委”报告工作。"
    submit_label = "报送"
    done = "工作报告已报送，请留意社区“两委”的意见。"
    multipart = True
    back = "work-report-list"
    template_name = "assessment/evaluation/work_report_form.html"

    def choose_organization(self) -> bool:
        return self.request.user.role != Role.ORGANIZATION

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), "choose_organization": self.choose_organization()}
        if self.choose_organization() and self.request.GET.get("organization", "").isdigit():
            kwargs.setdefault("initial", {})["organization"] = int(self.request.GET["organization"])
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        data = self.request.POST if self.request.method == "POST" else None
        self.activities = getattr(self, "activities", None) or ActivityFormSet(data, prefix="activities")
        return {**super().get_context_data(**kwargs), "activities": self.activities}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.activities = ActivityFormSet(request.POST, prefix="activities")
        form = self.get_form()
        if form.is_valid() and self.activities.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def perform(self, form: BaseForm) -> WorkReport:
        user = self.request.user
        organization = form.cleaned_data.get("organization")
        return services.work_report_submit(
            actor=user,
            organization_id=organization.pk if organization else user.organization_id,
            data=form.report_data(activity_items(self.activities)),
            attachment=form.cleaned_data.get("attachment"),
            ip=self.ip,
        )

    def success_url_for(self, result: WorkReport) -> str:
        return reverse("work-report-detail", args=[result.pk])


class WorkReportDetailView(ScopedDetailView):
    model = WorkReport
    select_related = ("organization__community__parent", "submitted_by", "responded_by")
    template_name = "assessment/evaluation/work_report_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report, user = self.object, self.request.user
        actions = {t.action: t for t in work_report_allowed_actions(user, report)}
        return {
            **super().get_context_data(**kwargs),
            "actions": actions,
            "activities": list(report.activities.all()),
            "attachments": list(report.attachments.all()),
            "events": history_of(report, user=user),
            "may_attach": bool(work_report_parts(user, report))
            and report.state != WorkReportState.ACKNOWLEDGED,
        }


class WorkReportResubmitView(EvaluationFormView):
    """Correct a returned report and report it again (the same period)."""

    model = WorkReport
    form_class = WorkReportForm
    title = "修改后重新报送"
    submit_label = "重新报送"
    done = "已重新报送。"
    back = "work-report-detail"
    template_name = "assessment/evaluation/work_report_form.html"

    def setup_object(self) -> None:
        super().setup_object()
        allowed = {t.action for t in work_report_allowed_actions(self.request.user, self.object)}
        if "resubmit" not in allowed:
            raise PermissionDenied("该报告当前无需修改，或您无权修改")

    def get_form_kwargs(self) -> dict[str, Any]:
        report = self.object
        initial = {
            name: getattr(report, name)
            for name in ("narrative", "volunteer_hours", "funds_received", "funds_used")
        }
        return {
            **super().get_form_kwargs(),
            "choose_organization": False,
            "resubmit": True,
            "initial": initial,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if self.request.method == "POST":
            activities = ActivityFormSet(self.request.POST, prefix="activities")
        else:
            initial = [
                {"title": a.title, "held_on": a.held_on, "participants": a.participants}
                for a in self.object.activities.all()
            ]
            activities = ActivityFormSet(prefix="activities", initial=initial)
        self.activities = getattr(self, "activities", None) or activities
        return {**super().get_context_data(**kwargs), "activities": self.activities, "report": self.object}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_object()
        self.activities = ActivityFormSet(request.POST, prefix="activities")
        form = self.get_form()
        if form.is_valid() and self.activities.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def perform(self, form: BaseForm) -> WorkReport:
        data = form.report_data(activity_items(self.activities))
        return services.work_report_resubmit(
            actor=self.request.user, report_id=self.object.pk, data=data, ip=self.ip
        )

    def success_url_for(self, result: WorkReport) -> str:
        return reverse("work-report-detail", args=[result.pk])


class WorkReportAttachView(EvaluationFormView):
    """Add a file to a report that has not been acknowledged."""

    model = WorkReport
    form_class = AttachmentForm
    title = "上传工作报告附件"
    submit_label = "上传"
    done = "附件已上传。"
    multipart = True
    back = "work-report-detail"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def perform(self, form: BaseForm) -> Any:
        return services.work_report_attach(
            actor=self.request.user,
            report_id=self.object.pk,
            attachment=form.cleaned_data["attachment"],
            ip=self.ip,
        )

    def success_url_for(self, result: Any) -> str:
        return reverse("work-report-detail", args=[self.object.pk])


class WorkReportActionView(ActionView):
    """The community's answer: acknowledged (已阅知) or returned for correction (退回修改)."""

    model = WorkReport
    detail_url = "work-report-detail"
    workflow = WORK_REPORT
    actions = {
        "acknowledge": step_caller(services.work_report_acknowledge, "report_id", response="response"),
        "return": step_caller(services.work_report_return, "report_id", response="response"),
    }


class AttachmentDownloadView(ScopedMixin, View):
    """An attachment, to those who may read its report; never a public URL."""

    model = WorkReportAttachment

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = self.get_queryset().select_related("report").get(pk=pk)
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
