"""Brand organizations (品牌社区社会组织) and selections (评选): the lists, designating and revoking a
brand, recording a selection and its results."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm
from django.urls import reverse

from core.pages import ScopedDetailView, ScopedListView
from core.trail import history_of

from .. import services
from ..evaluation.filtersets import BrandFilterSet, SelectionFilterSet
from ..evaluation.forms.brands import AwardForm, DesignationForm, RevokeForm, SelectionForm
from ..models import BrandDesignation, Selection, SelectionAward
from ..services.brands import latest_grade
from .evaluation_base import EvaluationFormView


class BrandListView(ScopedListView):
    model = BrandDesignation
    filterset_class = BrandFilterSet
    select_related = ("organization__community__parent", "office", "designated_by")
    permission = "evaluation.see_brands"
    denied_message = "只有工作人员可以查看品牌组织认定"
    template_name = "assessment/evaluation/brand_list.html"


class BrandDesignateView(EvaluationFormView):
    model = BrandDesignation
    form_class = DesignationForm
    permission = "evaluation.designate_brand"
    denied_message = "只有街道和民政局可以认定品牌组织"
    title = "认定品牌社区社会组织"
    intro = (
        "街道（民政局）从辖区内年度评议优秀的组织中认定品牌组织，写明年度和理由；认定记录长期保存，可撤销。"
    )
    submit_label = "认定"
    done = "已认定为品牌组织。"
    back = "brand-list"

    def get_initial(self) -> dict[str, Any]:
        raw = self.request.GET.get("organization", "")
        return {"organization": int(raw)} if raw.isdigit() else {}

    def perform(self, form: BaseForm) -> BrandDesignation:
        return services.brand_designate(
            actor=self.request.user,
            organization_id=form.cleaned_data["organization"].pk,
            data=form.designation_data(),
            ip=self.ip,
        )

    def success_url_for(self, result: BrandDesignation) -> str:
        return reverse("brand-detail", args=[result.pk])


class BrandDetailView(ScopedDetailView):
    model = BrandDesignation
    select_related = ("organization__community__parent", "office", "designated_by", "revoked_by")
    template_name = "assessment/evaluation/brand_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "current_grade": latest_grade(self.object.organization_id),
            "events": history_of(self.object, user=self.request.user),
        }


class BrandRevokeView(EvaluationFormView):
    model = BrandDesignation
    form_class = RevokeForm
    object_rule = "evaluation.revoke_brand"
    object_denied = "您无权撤销该品牌认定"
    title = "撤销品牌认定"
    submit_label = "撤销认定"
    done = "已撤销品牌认定。"
    back = "brand-detail"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def perform(self, form: BaseForm) -> BrandDesignation:
        return services.brand_revoke(
            actor=self.request.user,
            designation_id=self.object.pk,
            reason=form.cleaned_data["reason"],
            ip=self.ip,
        )

    def success_url_for(self, result: BrandDesignation) -> str:
        return reverse("brand-detail", args=[result.pk])


# -- selections ------------------------------------------------------------------------------------------


class SelectionListView(ScopedListView):
    model = Selection
    filterset_class = SelectionFilterSet
    select_related = ("region",)
    permission = "evaluation.see_brands"
    denied_message = "只有工作人员可以查看评选活动"
    template_name = "assessment/evaluation/selection_list.html"


class SelectionCreateView(EvaluationFormView):
    model = Selection
    form_class = SelectionForm
    permission = "evaluation.record_selection"
    denied_message = "只有街道和民政局可以登记评选活动"
    title = "登记评选活动"
    intro = "品牌社区社会组织和优秀典型项目案例评选（太仓）；登记后可逐项登记评选结果。"
    submit_label = "登记"
    done = "评选活动已登记。"
    back = "selection-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return kwargs

    def perform(self, form: BaseForm) -> Selection:
        return services.selection_record(actor=self.request.user, data=form.cleaned_data, ip=self.ip)

    def success_url_for(self, result: Selection) -> str:
        return reverse("selection-detail", args=[result.pk])


class SelectionDetailView(ScopedDetailView):
    model = Selection
    select_related = ("region", "created_by")
    template_name = "assessment/evaluation/selection_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        awards = (
            SelectionAward.objects.for_user(self.request.user)
            .filter(selection=self.object)
            .select_related("organization__community", "project")
        )
        return {
            **super().get_context_data(**kwargs),
            "awards": list(awards),
            "events": history_of(self.object, user=self.request.user),
        }


class AwardCreateView(EvaluationFormView):
    model = Selection
    form_class = AwardForm
    object_rule = "evaluation.record_selection"
    object_denied = "只有举办评选的街道或民政局可以登记结果"
    title = "登记评选结果"
    submit_label = "登记"
    done = "评选结果已登记。"
    back = "selection-detail"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "selection": self.object}

    def perform(self, form: BaseForm) -> SelectionAward:
        return services.award_record(
            actor=self.request.user, selection_id=self.object.pk, data=form.award_data(), ip=self.ip
        )

    def success_url_for(self, result: SelectionAward) -> str:
        return reverse("selection-detail", args=[self.object.pk])
