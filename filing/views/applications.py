"""Pages of filing applications: list, draft, edit, detail with its actions, and materials."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView

from core.badges import badge_key, colour
from core.feedback import attach_errors, say_errors, say_form_errors
from core.http import client_ip
from core.pages import (
    ActionView,
    Confirmation,
    ScopedDetailView,
    ScopedListView,
    ScopedMixin,
    step_caller,
)
from core.permissions import can
from core.trail import history_of
from registry.choices import FundingSource, PartyBuilding
from registry.identifiers import mask_phone, mask_resident_id
from registry.models import Category, Organization, ServiceDomain, TargetGroup

from .. import services
from ..blank_forms import material_checklist
from ..certificates import issuing_authority
from ..choices import ApplicationKind, MaterialKind
from ..filtersets import ApplicationFilterSet
from ..forms import ApplicationForm, MaterialForm, OpinionForm, filed_organizations
from ..models import ApplicationMaterial, FilingApplication
from ..rules import current_rules
from ..services.proposals import ProposalForm
from ..services.workflow import APPLICATION, COMMITMENT_TEXT
from ..wording import words_of

hide_personal_data = method_decorator(
    sensitive_post_parameters("leader_id_number", "leader_phone", "contact_phone"), name="dispatch"
)


class ApplicationListView(ScopedListView):
    model = FilingApplication
    filterset_class = ApplicationFilterSet
    select_related = ("community__parent", "organization")
    template_name = "filing/application_list.html"


@hide_personal_data
class ApplicationCreateView(ScopedMixin, FormView):
    """?kind=new, or ?kind=change|deregistration&organization=<id> for a filed organization."""

    model = FilingApplication
    form_class = ApplicationForm
    template_name = "filing/application_form.html"
    permission = "filing.apply"
    denied_message = "您的角色不能提交备案申请"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated or not can(request.user, "filing.apply"):
            return super().dispatch(request, *args, **kwargs)
        self.kind = request.GET.get("kind", ApplicationKind.NEW)
        if self.kind not in ApplicationKind.values:
            raise Http404
        self.organization = None
        if self.kind != ApplicationKind.NEW:
            self.organization = get_object_or_404(
                filed_organizations(request.user), pk=request.GET.get("organization")
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "kind": self.kind,
            "organization": self.organization,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "kind_label": ApplicationKind(self.kind).label,
            "organization": self.organization,
        }

    def form_valid(self, form: ApplicationForm) -> HttpResponse:
        try:
            self.application = services.application_create(
                actor=self.request.user,
                kind=self.kind,
                organization=self.organization,
                proposal=form.proposal(),
                **form.application_fields(),
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "申请已保存为草稿。请上传材料，并在核对后提交。")
        return HttpResponseRedirect(reverse("application-detail", args=[self.application.pk]))


@hide_personal_data
class ApplicationUpdateView(ScopedMixin, FormView):
    model = FilingApplication
    form_class = ApplicationForm
    template_name = "filing/application_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated:
            self.application = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
            if not can(request.user, "filing.edit", self.application):
                raise PermissionDenied("申请已提交或您不是申请人，当前不能修改")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        application = self.application
        initial = {
            **application.proposal,
            "contact_name": application.contact_name,
            "community": application.community_id,
            "fact_date": application.fact_date,
            "shared_venue": application.shared_venue,
        }
        for name in ("leader_id_number", "leader_phone"):
            initial.pop(name, None)  # personal data is never pre-filled into a page
        return {
            **super().get_form_kwargs(),
            "initial": initial,
            "user": self.request.user,
            "kind": application.kind,
            "organization": application.organization,
        }

    def get_form(self, form_class: Any = None) -> ApplicationForm:
        form = super().get_form(form_class)
        # The contact phone is personal data too: kept unless retyped, shown only by its last digits.
        form.fields["contact_phone"].required = False
        form.fields["contact_phone"].widget.attrs["placeholder"] = (
            f"已填写（{mask_phone(self.application.contact_phone)}），不修改请留空"
        )
        if self.application.kind == ApplicationKind.NEW:
            for name in ("leader_id_number", "leader_phone"):
                form.fields[name].required = False
                form.fields[name].widget.attrs["placeholder"] = "已填写，不修改请留空"
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "kind_label": self.application.get_kind_display(),
            "application": self.application,
            "organization": self.application.organization,
        }

    def form_valid(self, form: ApplicationForm) -> HttpResponse:
        proposal = form.proposal()
        if self.application.kind == ApplicationKind.NEW:
            for name in ("leader_id_number", "leader_phone"):
                if not proposal.get(name):
                    proposal[name] = self.application.proposal.get(name, "")
        fields = form.application_fields()
        fields.pop("community", None)
        if not fields.get("contact_phone"):
            fields["contact_phone"] = self.application.contact_phone
        try:
            services.application_update(
                actor=self.request.user,
                application_id=self.application.pk,
                data={**fields, "proposal": proposal},
            )
        except ValidationError as error:
            attach_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "申请已更新。")
        return HttpResponseRedirect(reverse("application-detail", args=[self.application.pk]))


class ApplicationDetailView(ScopedDetailView):
    model = FilingApplication
    select_related = ("community__parent", "organization", "applicant")
    template_name = "filing/application_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        application, user = self.object, self.request.user
        proposal = dict(application.proposal)
        for name, mask in (("leader_id_number", mask_resident_id), ("leader_phone", mask_phone)):
            if proposal.get(name):
                proposal[name] = mask(proposal[name])
        actions = {
            transition.action: transition for transition in services.allowed_actions(user, application)
        }
        editable = can(user, "filing.edit", application)
        reason = application.state_reason
        notice = (
            {"colour": colour(badge_key(application), application.state), "text": reason} if reason else None
        )
        visible = Organization.objects.for_user(user).filter(pk=application.organization_id)
        return {
            **super().get_context_data(**kwargs),
            "proposal_rows": _proposal_rows(proposal),
            "contact_phone": mask_phone(application.contact_phone),
            "checklist": material_checklist(application, list(application.materials.all())),
            "events": history_of(application, user=user),
            "actions": actions,
            "notice": notice,
            "organization_visible": bool(application.organization_id) and visible.exists(),
            "material_form": MaterialForm() if editable else None,
            "opinion_form": OpinionForm(kind=application.kind) if "opinion" in actions else None,
            "words": words_of(application.kind),
            "commitment_text": COMMITMENT_TEXT,
            "rules": current_rules(),
        }


def _proposal_rows(proposal: dict[str, Any]) -> list[tuple[str, str]]:
    labels = {name: str(field.label) for name, field in ProposalForm.base_fields.items()}
    names = {
        "category": dict(Category.objects.values_list("code", "name")),
        "domains": dict(ServiceDomain.objects.values_list("code", "name")),
        "target_groups": dict(TargetGroup.objects.values_list("code", "name")),
        "funding_sources": dict(FundingSource.choices),
        "party_building": dict(PartyBuilding.choices),
    }
    rows = []
    for name, value in proposal.items():
        if name in names:
            lookup = names[name]
            value = (
                "、".join(lookup.get(v, v) for v in value)
                if isinstance(value, list)
                else lookup.get(value, value)
            )
        rows.append((labels.get(name, name), value if value not in ("", None, []) else "—"))
    return rows


class ApplicationActionView(ActionView):
    """One button of the detail page: one step of the filing workflow; approval is confirmed first."""

    model = FilingApplication
    select_related = ("community__parent",)
    detail_url = "application-detail"
    actions = {
        "submit": lambda request, pk: services.application_submit(
            actor=request.user,
            application_id=pk,
            commitment_accepted=request.POST.get("commitment") == "on",
            ip=client_ip(request),
        ),
        "opinion": lambda request, pk: services.application_give_opinion(
            actor=request.user,
            application_id=pk,
            opinion=request.POST.get("opinion", ""),
            note=request.POST.get("note", ""),
            venue_certified=request.POST.get("venue_certified") == "on",
            ip=client_ip(request),
        ),
        "approve": step_caller(
            services.application_approve, "application_id", note="reason", account="account"
        ),
        "return": step_caller(services.application_return, "application_id", reason="reason"),
        "reject": step_caller(services.application_reject, "application_id", reason="reason"),
    }
    workflow = APPLICATION
    confirm = frozenset({"approve"})

    def confirmation(self, action: str, obj: FilingApplication) -> Confirmation:
        words = words_of(obj.kind)
        where = f"{obj.community.parent.name} {obj.community.name}"
        return Confirmation(
            label=words.approve,
            subject=obj.display_name,
            summary=[
                f"{obj.get_kind_display()}（回执号 {obj.receipt_number}）：{obj.display_name}，{where}",
                words.confirm,
            ],
        )


class MaterialUploadView(ScopedMixin, View):
    """Attach a document to an application being drafted."""

    model = FilingApplication
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.get_queryset().get(pk=pk)  # outside scope a 404, before any other answer
        form = MaterialForm(request.POST, request.FILES)
        if not form.is_valid():
            say_form_errors(request, form)
            return HttpResponseRedirect(reverse("application-detail", args=[pk]))
        try:
            added = services.materials_add(
                actor=request.user,
                application_id=pk,
                kind=form.cleaned_data["kind"],
                uploads=form.cleaned_data["file"],
            )
        except ValidationError as error:
            say_errors(request, error)
        else:
            messages.success(
                request, f"已上传{MaterialKind(form.cleaned_data['kind']).label} {len(added)} 个文件。"
            )
        return HttpResponseRedirect(reverse("application-detail", args=[pk]))


class MaterialDeleteView(ScopedMixin, View):
    model = ApplicationMaterial
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        material = self.get_queryset().get(pk=pk)
        try:
            services.material_remove(actor=request.user, material_id=material.pk)
        except ValidationError as error:
            say_errors(request, error)
        return HttpResponseRedirect(reverse("application-detail", args=[material.application_id]))


class MaterialDownloadView(ScopedMixin, View):
    """Materials carry personal data: served only inside the jurisdiction, every download noted."""

    model = ApplicationMaterial

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        material, content = services.material_open(actor=request.user, material_id=pk, ip=client_ip(request))
        return FileResponse(content, as_attachment=True, filename=material.original_name)


class ApplicationReceiptView(ScopedDetailView):
    """The printable receipt (回执) of a submitted application: its number and what comes next."""

    model = FilingApplication
    select_related = ("community__parent", "organization")
    template_name = "filing/application_receipt.html"

    def get_object(self, queryset: Any = None) -> FilingApplication:
        application = super().get_object(queryset)
        if not application.receipt_number:
            raise Http404  # a draft has no receipt yet
        return application

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        application = self.object
        status = reverse("public-status") + f"?receipt={application.receipt_number}"
        return {
            **super().get_context_data(**kwargs),
            "authority": issuing_authority(application.community.parent),
            "materials": list(application.materials.all()),
            "rules": current_rules(),
            "words": words_of(application.kind),
            "status_url": self.request.build_absolute_uri(status),
        }
