"""Complaints (投诉举报): the street's list, detail and steps; the public's form and status lookup."""

from __future__ import annotations

from typing import Any

import django_filters as filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from registry.choices import OrganizationStatus, RegionLevel
from registry.filtersets import StyledFilterSet
from registry.forms import BootstrapFormMixin
from registry.http import client_ip
from registry.identifiers import mask_phone
from registry.models import Organization, Region
from registry.ratelimit import hit
from registry.views.base import ScopedDetailView, ScopedListView

from .. import services
from ..choices import ComplaintState as S
from ..models import Complaint
from ..services.complaints import CONTENT_MAX, CONTENT_MIN, complaint_allowed_actions, normalize_lookup_code

COMPLAINT_RATE = (5, 3600)  # filed complaints per client address per hour
TOO_MANY = "提交过于频繁，请稍后再试"
LOOKUP_TOO_MANY = "查询过于频繁，请稍后再试"
NOT_FOUND = "未查询到该查询码，请核对后重试"
SEARCH_LIMIT = 30

# How each state shows: Bootstrap colour and what it means for the complainant.
STATE_DISPLAY = {
    S.RECEIVED: ("primary", "投诉举报已受理，街道办事处（乡镇人民政府）将安排核实。"),
    S.INVESTIGATING: ("warning", "街道办事处（乡镇人民政府）正在调查核实。"),
    S.CLOSED: ("success", "已办结，办理结果如下。"),
}


def _say(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's field errors land on the form's fields; errors of fields it lacks on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


# -- staff pages ---------------------------------------------------------------------------------


class ComplaintFilterSet(StyledFilterSet):
    """Filters of complaints, shared by the pages and the API; the complainant's data never filters."""

    q = filters.CharFilter(label="组织名称", method="filter_q")
    state = filters.ChoiceFilter(label="办理状态", choices=S.choices)
    lookup_code = filters.CharFilter(label="查询码", method="filter_lookup_code")

    class Meta:
        model = Complaint
        fields = ["q", "state", "lookup_code"]

    def filter_q(self, queryset: QuerySet[Complaint], name: str, value: str) -> QuerySet[Complaint]:
        value = value.strip()
        return queryset.filter(organization__name__icontains=value) if value else queryset

    def filter_lookup_code(self, queryset: QuerySet[Complaint], name: str, value: str) -> QuerySet[Complaint]:
        value = normalize_lookup_code(value)
        return queryset.filter(lookup_code=value) if value else queryset


class ComplaintListView(ScopedListView):
    model = Complaint
    filterset_class = ComplaintFilterSet
    select_related = ("organization", "street")
    template_name = "filing/complaint_list.html"


class ComplaintDetailView(ScopedDetailView):
    model = Complaint
    select_related = ("organization__community", "street", "handled_by")
    template_name = "filing/complaint_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        complaint = self.object
        actions = {t.action: t for t in complaint_allowed_actions(self.request.user, complaint)}
        # The organization was loaded with the complaint, inside the user's scope.
        events = complaint.organization.audit_events.filter(
            action__startswith="complaint.", details__complaint=complaint.pk
        ).order_by("occurred_at", "id")
        return {
            **super().get_context_data(**kwargs),
            "complainant_phone": mask_phone(complaint.complainant_phone),
            "actions": actions,
            "events": list(events),
            "state_colour": STATE_DISPLAY[complaint.state][0],
        }


ACTIONS = {
    "investigate": lambda request, pk: services.complaint_investigate(
        actor=request.user, complaint_id=pk, note=request.POST.get("note", ""), ip=client_ip(request)
    ),
    "close": lambda request, pk: services.complaint_close(
        actor=request.user, complaint_id=pk, feedback=request.POST.get("feedback", ""), ip=client_ip(request)
    ),
}
DONE = {"investigate": "已开始调查。", "close": "已办结，投诉人可凭查询码查看办理结果。"}


@login_required
@require_POST
def complaint_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One button of the detail page: one step of the complaint's workflow."""
    if action not in ACTIONS:
        raise Http404
    try:
        ACTIONS[action](request, pk)
    except Complaint.DoesNotExist as missing:
        raise Http404 from missing
    except ValidationError as error:
        _say(request, error)
    else:
        messages.success(request, DONE[action])
    return HttpResponseRedirect(reverse("complaint-detail", args=[pk]))


# -- the public's pages ---------------------------------------------------------------------------


def _active_organizations() -> QuerySet[Organization]:
    # The public may complain about any organization on the register: its name and place are public.
    return Organization.objects.unrestricted().filter(status=OrganizationStatus.ACTIVE)


class PublicComplaintForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label="被投诉组织",
        queryset=Organization.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"required": "请先选择被投诉的组织", "invalid_choice": "请先选择被投诉的组织"},
    )
    content = forms.CharField(
        label="投诉举报内容",
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": CONTENT_MAX}),
        help_text=f"请写明时间、地点和具体事实，{CONTENT_MIN}至{CONTENT_MAX}字。",
        error_messages={"required": "请填写投诉举报内容"},
    )
    complainant_name = forms.CharField(label="姓名（选填）", max_length=50, required=False)
    complainant_phone = forms.CharField(
        label="手机号码（选填）",
        max_length=11,
        required=False,
        help_text="便于街道工作人员与您核实情况；不会公开。",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _active_organizations()


def _chosen_organization(value: str | None) -> Organization | None:
    if not (value or "").isdigit():
        return None
    return _active_organizations().select_related("community__parent").filter(pk=int(value)).first()


def _search(street_code: str, name: str) -> list[Organization]:
    """Active organizations of one street whose name contains the words typed."""
    if not street_code.isdigit() or not name:
        return []
    street = Region.objects.unrestricted().filter(code=street_code, level=RegionLevel.STREET).first()
    if street is None:
        return []
    return list(
        _active_organizations()
        .within(street)
        .filter(name__icontains=name)
        .select_related("community")[:SEARCH_LIMIT]
    )


def _form_page(request: HttpRequest, form: PublicComplaintForm, **context: Any) -> HttpResponse:
    status = context.pop("status", 200)
    street_code = request.GET.get("street", "")[:12]
    name = request.GET.get("q", "").strip()[:50]
    organization = context.pop("organization", None)
    streets = Region.objects.unrestricted().filter(level=RegionLevel.STREET).select_related("parent")
    return render(
        request,
        "public/complaint_form.html",
        {
            "form": form,
            "organization": organization,
            "streets": streets.order_by("code"),
            "street_code": street_code,
            "q": name,
            "results": [] if organization else _search(street_code, name),
            "searched": bool(street_code and name),
            **context,
        },
        status=status,
    )


@never_cache
@sensitive_post_parameters("complainant_name", "complainant_phone", "content")
def public_complaint(request: HttpRequest) -> HttpResponse:
    """Anyone may complain about an organization on the register, without signing in. Rate-limited per
    client address; on success the lookup code (查询码) is shown once."""
    if request.method != "POST":
        filed = request.session.pop("filed_complaint", None) if request.GET.get("filed") else None
        if filed:
            return render(request, "public/complaint_form.html", {"filed": filed})
        organization = _chosen_organization(request.GET.get("organization"))
        initial = {"organization": organization.pk} if organization else {}
        return _form_page(request, PublicComplaintForm(initial=initial), organization=organization)
    form = PublicComplaintForm(request.POST)
    organization = _chosen_organization(request.POST.get("organization"))
    if not form.is_valid():
        return _form_page(request, form, organization=organization)
    if not hit(request, "complaint", *COMPLAINT_RATE):
        response = _form_page(request, form, organization=organization, error=TOO_MANY, status=429)
        response["Retry-After"] = str(COMPLAINT_RATE[1])
        return response
    try:
        complaint = services.complaint_file(
            organization=form.cleaned_data["organization"],
            content=form.cleaned_data["content"],
            complainant_name=form.cleaned_data["complainant_name"],
            complainant_phone=form.cleaned_data["complainant_phone"],
            ip=client_ip(request),
        )
    except ValidationError as error:
        add_service_error(form, error)
        return _form_page(request, form, organization=organization)
    request.session["filed_complaint"] = {
        "code": complaint.lookup_code,
        "organization": complaint.organization.name,
    }
    return HttpResponseRedirect(f"{reverse('public-complaint')}?filed=1")


@never_cache
def public_complaint_status(request: HttpRequest) -> HttpResponse:
    """One exact lookup code per request, rate-limited per client address: the state and the street's
    feedback, nothing of the complainant and not the complaint's words."""
    code = normalize_lookup_code(request.GET.get("code", ""))[:32]
    context: dict[str, Any] = {"code": code, "searched": bool(code)}
    if not code:
        return render(request, "public/complaint_status.html", context)
    limit, period = settings.PUBLIC_LOOKUP_RATE
    if not hit(request, "complaint-status", limit, period):
        response = render(
            request, "public/complaint_status.html", {**context, "error": LOOKUP_TOO_MANY}, status=429
        )
        response["Retry-After"] = str(period)
        return response
    complaint = services.complaint_lookup(code)
    if complaint is None:
        return render(request, "public/complaint_status.html", {**context, "error": NOT_FOUND})
    colour, explanation = STATE_DISPLAY[complaint.state]
    # Only what the page shows leaves here: the template never holds the complainant's data.
    context["result"] = {
        "code": complaint.lookup_code,
        "state": complaint.state,
        "state_display": complaint.get_state_display(),
        "state_colour": colour,
        "state_explanation": explanation,
        "organization": complaint.organization.name,
        "street": complaint.street.name,
        "received_at": complaint.received_at,
        "closed_at": complaint.closed_at,
        "feedback": complaint.feedback if complaint.state == S.CLOSED else "",
    }
    return render(request, "public/complaint_status.html", context)
