"""The records of the bases: services log, subsidies, evaluations; lists and the forms that add them."""

from __future__ import annotations

from typing import Any

from django.forms import Form
from django.urls import reverse

from core.http import client_ip
from core.pages import ScopedListView

from .. import services
from ..filtersets import EvaluationFilterSet, ServiceRecordFilterSet, SubsidyFilterSet
from ..forms import ServiceForm, SubsidyForm
from ..models import BaseEvaluation, ServiceRecord, Subsidy
from .pages import FormPage


class ServiceListView(ScopedListView):
    model = ServiceRecord
    filterset_class = ServiceRecordFilterSet
    permission = "incubation.see"
    select_related = ("base", "tenancy__organization", "recorded_by")
    template_name = "incubation/service_list.html"


class SubsidyListView(ScopedListView):
    model = Subsidy
    filterset_class = SubsidyFilterSet
    permission = "incubation.see"
    select_related = ("base", "tenancy__organization")
    template_name = "incubation/subsidy_list.html"


class EvaluationListView(ScopedListView):
    model = BaseEvaluation
    filterset_class = EvaluationFilterSet
    permission = "incubation.see"
    select_related = ("base__region", "evaluated_by")
    template_name = "incubation/evaluation_list.html"


class RecordCreateView(FormPage):
    """Services and subsidies are added for a base and a tenant the user runs (``?base=`` preselects)."""

    permission = "incubation.keep_records"
    denied_message = "只有孵化基地运营方和管理基地的工作人员可以记录"
    list_url: str
    list_label: str

    def crumbs(self) -> list[tuple[str, str]]:
        return [(reverse(self.list_url), self.list_label)]

    def form_arguments(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        initial = {}
        for name in ("base", "tenancy"):
            value = self.request.GET.get(name, "")
            if value.isdigit():
                initial[name] = int(value)
        return initial

    def data_of(self, form: Form) -> dict[str, Any]:
        return {name: value for name, value in form.cleaned_data.items() if name != "base"}

    def get_success_url(self) -> str:
        return reverse(self.list_url)


class ServiceCreateView(RecordCreateView):
    model = ServiceRecord
    form_class = ServiceForm
    title = "记录孵化服务"
    intro = "办公场所、政策引导、能力提升、注册协助等服务，记录日期、时长、参与人次和内容。"
    list_url, list_label = "incubation-service-list", "孵化服务记录"

    def perform(self, form: Form) -> ServiceRecord:
        return services.service_log(
            actor=self.request.user,
            base=form.cleaned_data["base"],
            data=self.data_of(form),
            ip=client_ip(self.request),
        )


class SubsidyCreateView(RecordCreateView):
    model = Subsidy
    form_class = SubsidyForm
    title = "记录孵化补贴"
    intro = "按审批结果记录向入驻组织发放的孵化补贴：金额、补贴期间、审批单位和日期。"
    list_url, list_label = "incubation-subsidy-list", "孵化补贴"

    def perform(self, form: Form) -> Subsidy:
        return services.subsidy_record(
            actor=self.request.user,
            base=form.cleaned_data["base"],
            data=self.data_of(form),
            ip=client_ip(self.request),
        )
