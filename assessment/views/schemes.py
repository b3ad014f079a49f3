"""Evaluation schemes (评议方案): the rubric and thresholds of an area, read by staff, set by its bureau
or street."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from core.pages import ScopedDetailView, ScopedListView
from core.trail import history_of

from .. import services
from ..evaluation import rubric
from ..evaluation.forms.rounds import IndicatorFormSet, SchemeForm, indicator_items
from ..evaluation.schemes import applicable_scheme
from ..models import EvaluationScheme
from .evaluation_base import EvaluationFormView


class SchemeListView(ScopedListView):
    model = EvaluationScheme
    select_related = ("jurisdiction",)
    permission = "evaluation.see_schemes"
    denied_message = "只有工作人员可以查看评议方案"
    template_name = "assessment/evaluation/scheme_list.html"


class SchemeDetailView(ScopedDetailView):
    model = EvaluationScheme
    select_related = ("jurisdiction", "updated_by")
    template_name = "assessment/evaluation/scheme_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "indicators": rubric.indicators_of(self.object.indicators),
            "events": history_of(self.object, user=self.request.user),
        }


class SchemeFormView(EvaluationFormView):
    """The scheme's fields and one row per indicator (formset)."""

    model = EvaluationScheme
    form_class = SchemeForm
    template_name = "assessment/evaluation/scheme_form.html"
    submit_label = "保存方案"
    done = "评议方案已保存；此后开启的年度评议按新方案评分。"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def source(self) -> EvaluationScheme | None:
        raise NotImplementedError

    def get_initial(self) -> dict[str, Any]:
        source = self.source()
        return SchemeForm.initial_of(source) if source else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if getattr(self, "indicators", None) is None:
            source = self.source()
            initial = [dict(item) for item in source.indicators] if source else []
            self.indicators = IndicatorFormSet(prefix="indicators", initial=initial)
        return {**super().get_context_data(**kwargs), "indicators": self.indicators}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.setup_object()
        self.indicators = IndicatorFormSet(request.POST, prefix="indicators")
        form = self.get_form()
        if form.is_valid() and self.indicators.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def scheme_data(self, form: BaseForm) -> dict[str, Any]:
        return form.scheme_data(indicator_items(self.indicators))

    def success_url_for(self, result: EvaluationScheme) -> str:
        return reverse("evaluation-scheme-detail", args=[result.pk])


class SchemeCreateView(SchemeFormView):
    """A scheme for the user's own area, starting from the one that applies there now."""

    permission = "evaluation.edit_scheme"
    denied_message = "只有民政局和街道可以设置评议方案"
    title = "设置本辖区评议方案"
    intro = "本辖区及下级社区（村）此后开启的年度评议按本方案评分；指标权重之和须为100。"
    back = "evaluation-scheme-list"

    def source(self) -> EvaluationScheme | None:
        region = self.request.user.region
        return applicable_scheme(region) if region is not None else None

    def perform(self, form: BaseForm) -> EvaluationScheme:
        user = self.request.user
        return services.scheme_create(
            actor=user, jurisdiction_code=user.region_id or "", data=self.scheme_data(form), ip=self.ip
        )


class SchemeEditView(SchemeFormView):
    object_rule = "evaluation.edit_scheme"
    object_denied = "只有本辖区的民政局或街道可以修改该评议方案"
    title = "修改评议方案"
    back = "evaluation-scheme-detail"

    def source(self) -> EvaluationScheme | None:
        return self.object

    def perform(self, form: BaseForm) -> EvaluationScheme:
        return services.scheme_update(
            actor=self.request.user, scheme_id=self.object.pk, data=self.scheme_data(form), ip=self.ip
        )
