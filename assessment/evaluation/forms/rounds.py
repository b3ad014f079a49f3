"""Forms of the annual evaluation: opening a round, a community's ballots and scores, the rubric."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.bootstrap import BootstrapFormMixin
from registry.formfields import CommunityChoiceField
from registry.models import Region, User

from ..rubric import Indicator


class RoundOpenForm(BootstrapFormMixin, forms.Form):
    community = CommunityChoiceField(
        label="社区/村",
        queryset=Region.objects.none(),
        to_field_name="code",
        error_messages={"required": "请选择社区或村"},
    )
    year = forms.IntegerField(
        label="评议年度", error_messages={"required": "请填写评议年度", "invalid": "年度应为四位数字"}
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        if user.region_id and user.region.is_community:
            del self.fields["community"]  # a community's 两委 opens its own round
        else:
            communities = (
                Region.objects.for_user(user).communities().select_related("parent").order_by("code")
            )
            self.fields["community"].queryset = communities


class VotesForm(BootstrapFormMixin, forms.Form):
    votes_satisfied = forms.IntegerField(label="满意票", min_value=0, initial=0)
    votes_basic = forms.IntegerField(label="基本满意票", min_value=0, initial=0)
    votes_unsatisfied = forms.IntegerField(label="不满意票", min_value=0, initial=0)


def score_field_name(code: str) -> str:
    """The form field of an indicator, named like the service's error key (``scores.<code>``)."""
    return f"scores.{code}"


class ScoreForm(BootstrapFormMixin, forms.Form):
    """One field per indicator of the round's rubric (blank: not scored yet), and the comment."""

    comment = forms.CharField(label="评议意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, indicators: list[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        scored = {}
        for indicator in indicators:
            help_text = f"满分 {indicator.max_score}，权重 {indicator.weight}%"
            if indicator.from_votes:
                help_text += "；有居民评议票时按票数折算，此处评分仅在无人投票时计入"
            scored[score_field_name(indicator.code)] = forms.DecimalField(
                label=indicator.name,
                required=False,
                help_text=help_text,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.1", "min": 0}),
                error_messages={"invalid": f"“{indicator.name}”的得分应为数字"},
            )
        self.fields = {**scored, **self.fields}

    def scores(self) -> dict[str, Any]:
        return {
            indicator.code: self.cleaned_data.get(score_field_name(indicator.code))
            for indicator in self.indicators
            if self.cleaned_data.get(score_field_name(indicator.code)) is not None
        }


class SchemeForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label="方案名称", max_length=100, error_messages={"required": "请填写方案名称"})
    excellent = forms.DecimalField(label="优秀（分及以上）", decimal_places=1)
    good = forms.DecimalField(label="良好（分及以上）", decimal_places=1)
    passing = forms.DecimalField(label="合格（分及以上）", decimal_places=1)
    satisfied = forms.IntegerField(label="满意票分值", min_value=0, max_value=100)
    basic = forms.IntegerField(label="基本满意票分值", min_value=0, max_value=100)
    unsatisfied = forms.IntegerField(label="不满意票分值", min_value=0, max_value=100)

    @classmethod
    def initial_of(cls, scheme: Any) -> dict[str, Any]:
        thresholds, votes = scheme.thresholds, scheme.vote_values
        return {
            "name": scheme.name,
            "excellent": thresholds.get("excellent"),
            "good": thresholds.get("good"),
            "passing": thresholds.get("pass"),
            **{key: votes.get(key) for key in ("satisfied", "basic", "unsatisfied")},
        }

    def scheme_data(self, indicators: list[dict[str, Any]]) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "indicators": indicators,
            "thresholds": {"excellent": data["excellent"], "good": data["good"], "pass": data["passing"]},
            "vote_values": {key: data[key] for key in ("satisfied", "basic", "unsatisfied")},
        }


class IndicatorForm(forms.Form):
    """One indicator of a rubric; a row without a name is left out."""

    code = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label="指标", max_length=20, required=False)
    weight = forms.DecimalField(label="权重（%）", required=False, decimal_places=1)
    max_score = forms.DecimalField(label="满分", required=False, decimal_places=1)
    from_votes = forms.BooleanField(label="按居民评议票计分", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "weight", "max_score"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["from_votes"].widget.attrs["class"] = "form-check-input"

    def item(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not (data.get("name") or "").strip():
            return None
        return {name: data.get(name) for name in ("code", "name", "weight", "max_score", "from_votes")}


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=2, max_num=20, absolute_max=20)


def indicator_items(formset: Any) -> list[dict[str, Any]]:
    return [item for form in formset.forms if (item := form.item()) is not None]
