"""Tenancies (入驻): the list, applying, the page of one tenancy with its steps, and the step forms."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View

from core.http import client_ip
from core.pages import ActionView, ScopedDetailView, ScopedListView, ScopedMixin, step_caller
from core.permissions import require
from core.trail import history_of
from registry.identifiers import mask_phone

from .. import services
from ..filtersets import TenancyFilterSet
from ..forms import AdmitForm, ApplyForm, ExitForm, ExtendForm, GraduateForm, LinkForm, MoveInForm, scores_of
from ..models import ServiceRecord, Subsidy, Tenancy
from ..permissions import tenancy_parts
from ..rules import current_rules
from .pages import FormPage, ObjectFormPage

TENANCIES = ("tenancy-list", "入驻管理")
REVEALED = "incubation_revealed_tenancy"


def tenancy_url(tenancy: Any) -> str:
    return reverse("tenancy-detail", args=[tenancy.pk])


class TenancyListView(ScopedListView):
    model = Tenancy
    filterset_class = TenancyFilterSet
    permission = "incubation.see_tenancies"
    select_related = ("base", "organization", "community__parent", "category", "space")
    template_name = "incubation/tenancy_list.html"


class ApplyView(FormPage):
    model = Tenancy
    form_class = ApplyForm
    permission = "incubation.apply"
    denied_message = "您的角色不能申请入驻孵化基地"
    title = "申请入驻孵化基地"
    intro = "尚未登记或备案的组织也可以申请入驻；备案后，入驻记录随组织转入。基地一般在5个工作日内答复。"
    submit_label = "提交申请"

    def crumbs(self) -> list[tuple[str, str]]:
        return [(reverse(TENANCIES[0]), TENANCIES[1])]

    def form_arguments(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        base = self.request.GET.get("base", "")
        return {"base": int(base)} if base.isdigit() else {}

    def perform(self, form: Form) -> Tenancy:
        data = {name: value for name, value in form.cleaned_data.items() if name != "base"}
        return services.tenancy_apply(
            actor=self.request.user, base=form.cleaned_data["base"], data=data, ip=client_ip(self.request)
        )

    def get_success_url(self) -> str:
        return tenancy_url(self.object)


class TenancyDetailView(ScopedDetailView):
    model = Tenancy
    select_related = ("base__region", "organization", "community__parent", "category", "space", "decided_by")
    template_name = "incubation/tenancy_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        tenancy, user = self.object, self.request.user
        revealed = self.request.session.pop(REVEALED, None) == tenancy.pk
        return {
            **super().get_context_data(**kwargs),
            "actions": {t.action: t for t in services.tenancy_allowed_actions(user, tenancy)},
            "events": history_of(tenancy, user=user),
            "phone": tenancy.contact_phone if revealed else mask_phone(tenancy.contact_phone),
            "services": ServiceRecord.objects.for_user(user).filter(tenancy=tenancy)[:20],
            "subsidies": Subsidy.objects.for_user(user).filter(tenancy=tenancy),
        }


class TenancyActionView(ActionView):
    """The buttons of the tenancy page: refuse an application, withdraw one."""

    model = Tenancy
    detail_url = "tenancy-detail"
    workflow = services.TENANCY
    actions = {
        "reject": step_caller(services.tenancy_reject, "tenancy_id", reason="reason"),
        "withdraw": step_caller(services.tenancy_withdraw, "tenancy_id", note="note"),
    }


class RevealView(ScopedMixin, View):
    """Show the contact's full phone once, on the next view of the page; the look is on the trail."""

    model = Tenancy
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        tenancy = services.tenancy_reveal_contact(actor=request.user, tenancy_id=pk, ip=client_ip(request))
        request.session[REVEALED] = tenancy.pk
        return HttpResponseRedirect(tenancy_url(tenancy))


class StepPage(ObjectFormPage):
    """A step of the tenancy workflow that needs a form. The page opens for those who play a part in
    the step; whether the tenancy's state allows it now is the service's to say on submission."""

    model = Tenancy
    action: ClassVar[str]
    submit_label = "确定"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("base", "organization")

    def check(self, request: HttpRequest) -> None:
        step = services.TENANCY.table[self.action]
        if not tenancy_parts(request.user, self.subject) & set(step.by):
            raise PermissionDenied(f"您无权办理“{step.label}”")

    def get_title(self) -> str:
        return f"{services.TENANCY.table[self.action].label}：{self.subject.name}"

    def crumbs(self) -> list[tuple[str, str]]:
        return [(reverse(TENANCIES[0]), TENANCIES[1]), (tenancy_url(self.subject), self.subject.name)]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "notice": self.notice()}

    def notice(self) -> str:
        """What the page warns of before anything is posted: a step the state does not allow now."""
        allowed = {t.action for t in services.tenancy_allowed_actions(self.request.user, self.subject)}
        if self.action in allowed:
            return ""
        return f"当前状态为“{self.subject.get_state_display()}”，不能办理此事项。"

    def form_arguments(self) -> dict[str, Any]:
        return {}

    def form_valid(self, form: Form) -> HttpResponse:
        response = super().form_valid(form)
        if isinstance(response, HttpResponseRedirect):
            messages.success(self.request, self.done().format(obj=self.object))
        return response

    def done(self) -> str:
        return services.TENANCY.table[self.action].done

    def get_success_url(self) -> str:
        return tenancy_url(self.subject)


class AdmitView(StepPage):
    action = "admit"
    form_class = AdmitForm
    intro = "确定入驻期限并分配空间；不分配空间即为虚拟孵化。空间在所选期限内已满的，系统会提示。"

    def form_arguments(self) -> dict[str, Any]:
        return {"user": self.request.user, "tenancy": self.subject}

    def perform(self, form: Form) -> Tenancy:
        data = form.cleaned_data
        return services.tenancy_admit(
            actor=self.request.user,
            tenancy_id=self.subject.pk,
            planned_start=data["planned_start"],
            planned_end=data["planned_end"],
            space=data["space"].pk if data["space"] else None,
            note=data["note"],
            ip=client_ip(self.request),
        )


class MoveInView(StepPage):
    action = "move_in"
    form_class = MoveInForm

    def get_initial(self) -> dict[str, Any]:
        return {"started_on": self.subject.planned_start}

    def perform(self, form: Form) -> Tenancy:
        return services.tenancy_move_in(
            actor=self.request.user,
            tenancy_id=self.subject.pk,
            started_on=form.cleaned_data["started_on"],
            ip=client_ip(self.request),
        )


class ExtendView(StepPage):
    action = "extend"
    form_class = ExtendForm

    def perform(self, form: Form) -> Tenancy:
        return services.tenancy_extend(
            actor=self.request.user,
            tenancy_id=self.subject.pk,
            planned_end=form.cleaned_data["planned_end"],
            reason=form.cleaned_data["reason"],
            ip=client_ip(self.request),
        )


class GraduateView(StepPage):
    action = "graduate"
    form_class = GraduateForm
    intro = "出壳时进行成长评估：逐项打分并填写评估意见。"

    def perform(self, form: Form) -> Tenancy:
        return services.tenancy_graduate(
            actor=self.request.user,
            tenancy_id=self.subject.pk,
            ended_on=form.cleaned_data["ended_on"],
            scores=scores_of(form, current_rules().growth_dimensions),
            narrative=form.cleaned_data["growth_narrative"],
            ip=client_ip(self.request),
        )


class ExitView(StepPage):
    action = "exit"
    form_class = ExitForm
    intro = "提前退出后，所用空间自离开之日起交回基地。"

    def perform(self, form: Form) -> Tenancy:
        return services.tenancy_exit(
            actor=self.request.user,
            tenancy_id=self.subject.pk,
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
            ip=client_ip(self.request),
        )


class LinkView(StepPage):
    action = "link"
    form_class = LinkForm
    intro = "组织在入驻后完成备案或登记的，选择其在册记录，入驻记录随之转入该组织。"

    def check(self, request: HttpRequest) -> None:

        require(
            request.user, "incubation.link_organization", self.subject, message="该入驻无需或您无权关联组织"
        )

    def get_title(self) -> str:
        return f"关联在册组织：{self.subject.name}"

    def notice(self) -> str:
        return ""

    def form_arguments(self) -> dict[str, Any]:
        return {"user": self.request.user, "tenancy": self.subject}

    def perform(self, form: Form) -> Tenancy:
        return services.tenancy_link_organization(
            actor=self.request.user,
            tenancy_id=self.subject.pk,
            organization=form.cleaned_data["organization"],
            ip=client_ip(self.request),
        )
