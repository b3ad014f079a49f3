"""Complaints (投诉举报): the street's list, detail and steps; the public's form and status lookup."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from core.feedback import attach_errors, too_many_lookups
from core.http import client_ip
from core.pages import ActionView, ScopedDetailView, ScopedListView, step_caller
from core.ratelimit import hit
from core.trail import history_of
from registry.choices import RegionLevel
from registry.identifiers import mask_phone
from registry.models import Organization, Region

from .. import services
from ..choices import ComplaintState as S
from ..filtersets import ComplaintFilterSet
from ..forms import PublicComplaintForm, active_organizations
from ..models import Complaint
from ..services.complaints import COMPLAINT, complaint_allowed_actions, normalize_lookup_code
from .public import headline

COMPLAINT_RATE = (5, 3600)  # filed complaints per client address per hour
TOO_MANY = "提交过于频繁，请稍后再试"
NOT_FOUND = "未查询到该查询码，请核对后重试"
SEARCH_LIMIT = 30

# How each state shows: Bootstrap colour and what it means for the complainant.
STATE_DISPLAY = {
    S.RECEIVED: ("primary", "投诉举报已受理，街道办事处（乡镇人民政府）将安排核实。"),
    S.INVESTIGATING: ("warning", "街道办事处（乡镇人民政府）正在调查核实。"),
    S.CLOSED: ("success", "已办结，办理结果如下。"),
}


# -- staff pages ---------------------------------------------------------------------------------


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
        return {
            **super().get_context_data(**kwargs),
            "complainant_phone": mask_phone(complaint.complainant_phone),
            "actions": actions,
            "events": history_of(complaint, user=self.request.user),
            "state_colour": STATE_DISPLAY[complaint.state][0],
        }


class ComplaintActionView(ActionView):
    """One button of the detail page: one step of the complaint's workflow."""

    model = Complaint
    detail_url = "complaint-detail"
    workflow = COMPLAINT
    actions = {
        "investigate": step_caller(services.complaint_investigate, "complaint_id", note="note"),
        "close": step_caller(services.complaint_close, "complaint_id", feedback="feedback"),
    }


# -- the public's pages ---------------------------------------------------------------------------


def _chosen_organization(value: str | None) -> Organization | None:
    if not (value or "").isdigit():
        return None
    return active_organizations().select_related("community__parent").filter(pk=int(value)).first()


def _search(street_code: str, name: str) -> list[Organization]:
    """Active organizations of one street whose name contains the words typed."""
    if not street_code.isdigit() or not name:
        return []
    street = Region.objects.public_tree().filter(code=street_code, level=RegionLevel.STREET).first()
    if street is None:
        return []
    return list(
        active_organizations()
        .within(street)
        .filter(name__icontains=name)
        .select_related("community")[:SEARCH_LIMIT]
    )


def _form_page(request: HttpRequest, form: PublicComplaintForm, **context: Any) -> HttpResponse:
    status = context.pop("status", 200)
    street_code = request.GET.get("street", "")[:12]
    name = request.GET.get("q", "").strip()[:50]
    organization = context.pop("organization", None)
    streets = Region.objects.public_tree().filter(level=RegionLevel.STREET).select_related("parent")
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
        attach_errors(form, error)
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
        return too_many_lookups(request, "public/complaint_status.html", context, period)
    complaint = services.complaint_lookup(code)
    if complaint is None:
        return render(request, "public/complaint_status.html", {**context, "error": NOT_FOUND})
    colour, explanation = STATE_DISPLAY[complaint.state]
    # Only what the page shows leaves here: the template never holds the complainant's data.
    context["headline"] = headline(complaint.state, complaint.get_state_display(), colour, explanation)
    context["result"] = {
        "code": complaint.lookup_code,
        "organization": complaint.organization.name,
        "street": complaint.street.name,
        "received_at": complaint.received_at,
        "closed_at": complaint.closed_at,
        "feedback": complaint.feedback if complaint.state == S.CLOSED else "",
    }
    return render(request, "public/complaint_status.html", context)
