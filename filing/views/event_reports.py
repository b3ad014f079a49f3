"""Major-event reports (重大活动报告): list, report, detail with the street's reply, and resubmission."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from registry.choices import OrganizationStatus, Role
from registry.filtersets import StyledFilterSet
from registry.forms import BootstrapFormMixin
from registry.http import client_ip
from registry.models import Organization, User
from registry.views.base import ScopedDetailView, ScopedListView, ScopedMixin

from .. import services
from ..choices import EventKind
from ..choices import EventReportState as S
from ..models import EventReport
from ..services.event_reports import REPORT_FIELDS, REQUIRED_MESSAGES, event_report_allowed_actions
from .complaints import add_service_error

REPORTING_ROLES = frozenset({Role.ORGANIZATION, Role.STREET})
STATE_COLOURS = {S.SUBMITTED: "primary", S.ACKNOWLEDGED: "success", S.MORE_INFO: "warning"}
DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def may_report(user: User) -> bool:
    return user.is_superuser or user.role in REPORTING_ROLES


class EventReportFilterSet(StyledFilterSet):
    """Filters of event reports, shared by the pages and the API."""

    q = filters.CharFilter(label="活动或组织名称", method="filter_q")
    state = filters.ChoiceFilter(label="状态", choices=S.choices)
    kind = filters.ChoiceFilter(label="活动类型", choices=EventKind.choices)

    class Meta:
        model = EventReport
        fields = ["q", "state", "kind"]

    def filter_q(self, queryset: QuerySet[EventReport], name: str, value: str) -> QuerySet[EventReport]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(organization__name__icontains=value))


def _datetime_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )


class EventReportForm(BootstrapFormMixin, forms.Form):
    """Shapes the input; event_report_submit/resubmit check the dates and write."""

    organization = forms.ModelChoiceField(label="报告组织", queryset=Organization.objects.none())
    kind = forms.ChoiceField(label="活动类型", choices=[("", "---------"), *EventKind.choices])
    title = forms.CharField(label="活动名称", max_length=200)
    starts_at = _datetime_field("开始时间")
    ends_at = _datetime_field("结束时间")
    venue = forms.CharField(label="活动地点", max_length=200)
    expected_participants = forms.IntegerField(label="预计参加人数")
    description = forms.CharField(label="活动内容", widget=forms.Textarea(attrs={"rows": 4}))
    safety_measures = forms.CharField(
        label="安全保障措施",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="如场地安全、人员疏导、应急预案、医疗保障等。",
    )

    def __init__(self, *args: Any, user: User, choose_organization: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, message in REQUIRED_MESSAGES.items():  # the service's own words for a missing field
            self.fields[name].error_messages["required"] = message
        if choose_organization:
            self.fields["organization"].queryset = (
                Organization.objects.for_user(user)
                .filter(status=OrganizationStatus.ACTIVE)
                .select_related("community")
            )
            self.fields["organization"].label_from_instance = lambda o: f"{o.name}（{o.community.name}）"
            self.fields["organization"].error_messages["required"] = "请选择报告的组织"
        else:
            del self.fields["organization"]

    def report_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}


class EventReportListView(ScopedListView):
    """Reports of the user's jurisdiction; an organization's account sees its own."""

    model = EventReport
    filterset_class = EventReportFilterSet
    select_related = ("organization__community",)
    template_name = "filing/event_report_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "can_report": may_report(self.request.user)}


class EventReportCreateView(ScopedMixin, FormView):
    """An organization's account reports for itself; the street office picks an organization of its street."""

    model = EventReport
    form_class = EventReportForm
    template_name = "filing/event_report_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not may_report(request.user):
            raise PermissionDenied("您的角色不能报告重大活动")
        return super().dispatch(request, *args, **kwargs)

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
            add_service_error(form, error)
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
        events = report.organization.audit_events.filter(
            action__startswith="event_report.", details__event_report=report.pk
        ).order_by("occurred_at", "id")
        return {
            **super().get_context_data(**kwargs),
            "actions": actions,
            "events": list(events),
            "state_colour": STATE_COLOURS[report.state],
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
            add_service_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "已补充并重新报告。")
        return HttpResponseRedirect(reverse("event-report-detail", args=[self.report.pk]))


ACTIONS = {
    "acknowledge": services.event_report_acknowledge,
    "more_info": services.event_report_request_more_info,
}
DONE = {"acknowledge": "已回复：街道已知悉。", "more_info": "已请组织补充说明。"}


@login_required
@require_POST
def event_report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The street's reply: acknowledged (街道已知悉) or more information needed (需补充说明)."""
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](
            actor=request.user, report_id=pk, response=request.POST.get("response", ""), ip=client_ip(request)
        )
    except EventReport.DoesNotExist as missing:
        raise Http404 from missing
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, DONE[action])
    return HttpResponseRedirect(reverse("event-report-detail", args=[pk]))
