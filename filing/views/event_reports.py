"""Major-event reports (重大活动报告): list, report, detail with the street's reply, and resubmission."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import FormView

from core.badges import badge_key, colour
from core.feedback import attach_errors
from core.http import client_ip
from core.pages import ActionView, ScopedDetailView, ScopedListView, ScopedMixin, step_caller
from core.trail import history_of
from registry.choices import Role
from registry.models import User

from .. import services
from ..choices import EventReportState as S
from ..filtersets import EventReportFilterSet
from ..forms import EventReportForm
from ..models import EventReport
from ..services.event_reports import EVENT_REPORT, REPORT_FIELDS, event_report_allowed_actions


class EventReportListView(ScopedListView):
    """Reports of the user's jurisdiction; an organization's account sees its own."""

    model = EventReport
    filterset_class = EventReportFilterSet
    select_related = ("organization__community",)
    template_name = "filing/event_report_list.html"


class EventReportCreateView(ScopedMixin, FormView):
    """An organization's account reports for itself; the street office picks an organization of its street."""

    model = EventReport
    form_class = EventReportForm
    template_name = "filing/event_report_form.html"
    permission = "filing.report_event"
    denied_message = "您的角色不能报告重大活动"

    def get_form_kwargs(self) -> dict[str, Any]:
        user = self.request.user
        kwargs = super().get_form_kwargs()
        if user.role != Role.ORGANIZATION and self.request.GET.get("organization", "").isdigit():
            kwargs["initial"] = {"organization": int(self.request.GET["organization"])}
        return {**kwargs, "user": user, "choose_organization": user.role != Role.ORGANIZATION}

    def form_valid(self, form: EventReportForm) -> HttpResponse:
        user = self.request.user
        organization = form.cleaned_data.get("organization")
        try:
            report = services.event_report_submit(
                actor=user,
                organization_id=organization.pk if organization else user.organization_id,
                data=form.report_data(),
                ip=client_ip(self.request),
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "重大活动报告已提交，请留意街道的回复。")
        return HttpResponseRedirect(reverse("event-report-detail", args=[report.pk]))


class EventReportDetailView(ScopedDetailView):
    model = EventReport
    select_related = ("organization__community__parent", "submitted_by", "responded_by")
    template_name = "filing/event_report_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = self.object
        actions = {t.action: t for t in event_report_allowed_actions(self.request.user, report)}
        return {
            **super().get_context_data(**kwargs),
            "actions": actions,
            "events": history_of(report, user=self.request.user),
            "response_colour": colour(badge_key(report), report.state),
            # A resubmitted report shows what the street asked for last time.
            "response_heading": "上次街道意见" if report.state == S.SUBMITTED else "街道回复",
            "resubmit_form": _resubmit_form(self.request.user, report) if "resubmit" in actions else None,
        }


def _resubmit_form(user: User, report: EventReport, data: Any = None) -> EventReportForm:
    initial = {name: getattr(report, name) for name in REPORT_FIELDS}
    return EventReportForm(data, initial=initial, user=user, choose_organization=False)


class EventReportResubmitView(ScopedMixin, FormView):
    """Edit the report with the details the street asked for, and report it again."""

    model = EventReport
    form_class = EventReportForm
    template_name = "filing/event_report_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.report = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            allowed = {t.action for t in event_report_allowed_actions(request.user, self.report)}
            if "resubmit" not in allowed:
                raise PermissionDenied("该报告当前无需补充，或您无权修改")
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class: Any = None) -> EventReportForm:
        data = self.request.POST if self.request.method == "POST" else None
        return _resubmit_form(self.request.user, self.report, data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "report": self.report}

    def form_valid(self, form: EventReportForm) -> HttpResponse:
        try:
            services.event_report_resubmit(
                actor=self.request.user,
                report_id=self.report.pk,
                data=form.report_data(),
                ip=client_ip(self.request),
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已补充并重新报告。")
        return HttpResponseRedirect(reverse("event-report-detail", args=[self.report.pk]))


class EventReportActionView(ActionView):
    """The street's reply: acknowledged (街道已知悉) or more information needed (需补充说明)."""

    model = EventReport
    detail_url = "event-report-detail"
    workflow = EVENT_REPORT
    actions = {
        "acknowledge": step_caller(services.event_report_acknowledge, "report_id", response="response"),
        "more_info": step_caller(services.event_report_request_more_info, "report_id", response="response"),
    }
