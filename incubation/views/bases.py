"""Bases (孵化基地): the list, the page of one base with its spaces, operators, tenants, evaluations,
charts and trail, and the forms that keep it."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views import View

from core.exports import xlsx_response
from core.http import client_ip
from core.pages import ActionView, ScopedDetailView, ScopedListView, ScopedMixin, step_caller
from core.permissions import require
from core.trail import history_of

from .. import services
from ..choices import OCCUPYING_STATES, TenancyState
from ..exports import report_sheets, workbook
from ..filtersets import BaseFilterSet
from ..forms import BaseForm, EvaluationForm, OperatorForm, SpaceForm, TrainingForm, scores_of
from ..models import BaseEvaluation, BaseOperator, IncubationBase, Space, StaffTraining, Tenancy
from ..reports import incubation_report, last_month_ends
from ..rules import current_rules
from .pages import FormPage, ObjectFormPage

BASES = ("incubation-base-list", "孵化基地")


def base_url(base: Any) -> str:
    return reverse("incubation-base-detail", args=[base.pk])


class BaseListView(ScopedListView):
    model = IncubationBase
    filterset_class = BaseFilterSet
    permission = "incubation.see"
    template_name = "incubation/base_list.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related("region__parent")
            .annotate(
                tenants=Count("tenancies", filter=Q(tenancies__state__in=OCCUPYING_STATES)),
                applied=Count("tenancies", filter=Q(tenancies__state=TenancyState.APPLIED)),
            )
            .order_by("region_id", "name")
        )


class BaseDetailView(ScopedDetailView):
    model = IncubationBase
    select_related = ("region__parent", "decided_by", "operator_organization")
    template_name = "incubation/base_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        base, user = self.object, self.request.user
        year = timezone.localdate().year
        report = incubation_report(user=user, year=year, base=base, days=last_month_ends())
        spaces = (
            Space.objects.for_user(user)
            .filter(base=base)
            .annotate(held=Count("tenancies", filter=Q(tenancies__state__in=OCCUPYING_STATES)))
        )
        tenants = (
            Tenancy.objects.for_user(user)
            .filter(base=base, state__in=(TenancyState.APPLIED, *OCCUPYING_STATES))
            .select_related("organization", "space", "category")
            .order_by("state", "planned_end")
        )
        return {
            **super().get_context_data(**kwargs),
            "actions": {t.action: t for t in services.base_allowed_actions(user, base)},
            "events": history_of(base, user=user),
            "spaces": spaces,
            "operators": BaseOperator.objects.for_user(user).filter(base=base).select_related("user"),
            "tenants": tenants,
            "evaluations": BaseEvaluation.objects.for_user(user)
            .filter(base=base)
            .select_related("evaluated_by"),
            "trainings": StaffTraining.objects.for_user(user).filter(base=base)[:10],
            "report": report,
            "chart": report.chart,
            "today": timezone.localdate(),
        }


class BaseCreateView(FormPage):
    model = IncubationBase
    form_class = BaseForm
    permission = "incubation.register_base"
    denied_message = "只有民政局和街道办事处（乡镇政府）可以登记孵化基地"
    title = "登记孵化基地"
    intro = (
        "登记后由基地所在层级的部门批准设立：区级基地由区民政局批准，街道（乡镇）级基地由街道（乡镇）批准。"
    )
    submit_label = "登记"

    def crumbs(self) -> list[tuple[str, str]]:
        return [(reverse(BASES[0]), BASES[1])]

    def form_arguments(self) -> dict[str, Any]:
        return {"user": self.request.user, "creating": True}

    def perform(self, form: Form) -> IncubationBase:
        return services.base_register(
            actor=self.request.user,
            region=form.cleaned_data["region"],
            data=form.data_for_service(),
            ip=client_ip(self.request),
        )

    def get_success_url(self) -> str:
        return base_url(self.object)


class BaseUpdateView(ObjectFormPage):
    model = IncubationBase
    form_class = BaseForm
    rule = "incubation.change_base"
    denied_message = "您无权修改该孵化基地"

    def get_title(self) -> str:
        return f"修改：{self.subject.name}"

    def crumbs(self) -> list[tuple[str, str]]:
        return [(reverse(BASES[0]), BASES[1]), (base_url(self.subject), self.subject.name)]

    def form_arguments(self) -> dict[str, Any]:
        return {
            "user": self.request.user,
            "creating": False,
            "current": self.subject.operator_organization_id,
        }

    def get_initial(self) -> dict[str, Any]:
        return {field: getattr(self.subject, field) for field in services.bases.EDITABLE_FIELDS}

    def perform(self, form: Form) -> IncubationBase:
        return services.base_update(
            actor=self.request.user,
            base_id=self.subject.pk,
            data=form.data_for_service(),
            ip=client_ip(self.request),
        )

    def get_success_url(self) -> str:
        return base_url(self.subject)


class BaseActionView(ActionView):
    """The buttons of the office at the base's level: approve, refuse, close."""

    model = IncubationBase
    detail_url = "incubation-base-detail"
    workflow = services.BASE
    actions = {
        "approve": step_caller(services.base_approve, "base_id", note="reason"),
        "reject": step_caller(services.base_reject, "base_id", reason="reason"),
        "close": step_caller(services.base_close, "base_id", closed_on="closed_on", reason="reason"),
    }


class BaseChildForm(ObjectFormPage):
    """A form adding something to a base (a space, a training, an evaluation …)."""

    model = IncubationBase
    rule = "incubation.change_base"
    denied_message = "您无权管理该孵化基地"

    def crumbs(self) -> list[tuple[str, str]]:
        return [(reverse(BASES[0]), BASES[1]), (base_url(self.subject), self.subject.name)]

    def get_success_url(self) -> str:
        return base_url(self.subject)


class SpaceCreateView(BaseChildForm):
    form_class = SpaceForm
    title = "新增空间"
    intro = "党建活动室、会议培训室、综合服务区、交流展示区等公共功能区，以及可分配给入驻组织的办公室和工位。"

    def perform(self, form: Form) -> Space:
        return services.space_add(
            actor=self.request.user,
            base_id=self.subject.pk,
            data=form.cleaned_data,
            ip=client_ip(self.request),
        )


class SpaceUpdateView(ObjectFormPage):
    model = Space
    form_class = SpaceForm
    rule = "incubation.change_base"
    denied_message = "您无权管理该孵化基地的空间"

    def check(self, request: HttpRequest) -> None:
        require(request.user, self.rule, self.subject.base, message=self.denied_message)

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("base")

    def get_title(self) -> str:
        return f"修改空间：{self.subject.name}"

    def crumbs(self) -> list[tuple[str, str]]:
        base = self.subject.base
        return [(reverse(BASES[0]), BASES[1]), (base_url(base), base.name)]

    def get_initial(self) -> dict[str, Any]:
        return {field: getattr(self.subject, field) for field in services.spaces.SPACE_FIELDS}

    def perform(self, form: Form) -> Space:
        return services.space_update(
            actor=self.request.user,
            space_id=self.subject.pk,
            data=form.cleaned_data,
            ip=client_ip(self.request),
        )

    def get_success_url(self) -> str:
        return base_url(self.subject.base)


class OperatorBindView(BaseChildForm):
    form_class = OperatorForm
    rule = "incubation.bind_operators"
    denied_message = "只有管理该基地的工作人员可以指定运营方账号"
    title = "指定运营方账号"
    intro = "运营方账号须为“孵化基地运营方”角色；指定后，该账号即可管理本基地的入驻、服务和补贴。"
    submit_label = "指定"

    def perform(self, form: Form) -> BaseOperator:
        return services.operator_bind(
            actor=self.request.user,
            base_id=self.subject.pk,
            username=form.cleaned_data["username"],
            ip=client_ip(self.request),
        )


class OperatorUnbindView(ActionView):
    model = BaseOperator
    detail_url = "incubation-base-detail"
    actions = {"remove": step_caller(services.operator_unbind, "binding_id")}
    done = {"remove": "已解除该运营方账号。"}

    def post(self, request: HttpRequest, pk: Any, action: str) -> HttpResponse:
        binding = BaseOperator.objects.for_user(request.user).get(pk=pk)
        super().post(request, pk, action)
        return HttpResponseRedirect(reverse(self.detail_url, args=[binding.base_id]))


class TrainingCreateView(BaseChildForm):
    form_class = TrainingForm
    title = "记录工作人员培训"
    intro = "基地工作人员参加的示范培训、网上课堂等（北京市社会组织培育孵化机构建设运营工作指引 第九条）。"

    def perform(self, form: Form) -> StaffTraining:
        return services.staff_training_record(
            actor=self.request.user,
            base_id=self.subject.pk,
            data=form.cleaned_data,
            ip=client_ip(self.request),
        )


class EvaluateView(BaseChildForm):
    form_class = EvaluationForm
    rule = "incubation.evaluate"
    denied_message = "只有管理该基地的民政局或街道可以评估基地"
    title = "基地年度评估"
    intro = "按评分表逐项打分，总分90分以上为优秀、75分以上为良好、60分以上为合格。"
    submit_label = "提交评估"

    def perform(self, form: Form) -> BaseEvaluation:
        return services.base_evaluate(
            actor=self.request.user,
            base_id=self.subject.pk,
            year=form.cleaned_data["year"],
            scores=scores_of(form, current_rules().evaluation_checklist),
            narrative=form.cleaned_data["narrative"],
            ip=client_ip(self.request),
        )


class BaseExportView(ScopedMixin, View):
    """The base's report as a workbook."""

    model = IncubationBase

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self.get_queryset().get(pk=pk)
        year = timezone.localdate().year
        report = incubation_report(user=request.user, year=year, base=base)
        return xlsx_response(workbook(report_sheets(report)), f"孵化统计-{base.name}-{year}.xlsx")
