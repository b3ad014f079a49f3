"""Forms of work reports: the report with its activities, and an extra attachment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from core.bootstrap import BootstrapFormMixin
from registry.models import User

from ..periods import parse_period_key, recent_periods
from ..rules import current_rules
from .fields import DATE_WIDGET, active_organizations, organization_field

ATTACHMENT_HELP = "PDF、Word（docx）、Excel（xlsx）、JPG 或 PNG，不超过 10 MB"


class WorkReportForm(BootstrapFormMixin, forms.Form):
    organization = organization_field()
    period = forms.ChoiceField(label="报告期间", error_messages={"required": "请选择报告期间"})
    narrative = forms.CharField(
        label="工作情况",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="本期开展的主要工作、取得的成效、存在的问题和下一步打算",
        error_messages={"required": "请填写工作情况"},
    )
    volunteer_hours = forms.DecimalField(
        label="志愿服务时长（小时）", min_value=0, decimal_places=1, initial=0
    )
    funds_received = forms.DecimalField(label="本期收到资金（元）", min_value=0, decimal_places=2, initial=0)
    funds_used = forms.DecimalField(label="本期使用资金（元）", min_value=0, decimal_places=2, initial=0)
    attachment = forms.FileField(label="附件（选填）", required=False, help_text=ATTACHMENT_HELP)

    def __init__(
        self, *args: Any, user: User, choose_organization: bool, resubmit: bool = False, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        if choose_organization and not resubmit:
            self.fields["organization"].queryset = active_organizations(user)
        else:
            del self.fields["organization"]
        if resubmit:
            del self.fields["period"], self.fields["attachment"]
        else:
            periods = recent_periods(current_rules().report_period, timezone.localdate())
            self.fields["period"].choices = [(p.key, p.label) for p in periods]
            self.fields["period"].initial = periods[1].key

    def report_data(self, activities: list[dict[str, Any]]) -> dict[str, Any]:
        """The service's input (after is_valid); the period's key split into kind, year and number."""
        data = {
            name: self.cleaned_data[name]
            for name in ("narrative", "volunteer_hours", "funds_received", "funds_used")
        }
        if "period" in self.cleaned_data:
            period = parse_period_key(self.cleaned_data["period"])
            data.update(period_kind=period.kind, year=period.year, period_index=period.index)
        return {**data, "activities": activities}


class ActivityForm(forms.Form):
    """One activity of a report; a row left blank is ignored."""

    title = forms.CharField(label="活动名称", max_length=100, required=False)
    held_on = forms.DateField(label="日期", required=False, widget=DATE_WIDGET)
    participants = forms.IntegerField(label="参加人数", min_value=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm"

    def item(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not any(data.get(name) not in (None, "") for name in ("title", "held_on", "participants")):
            return None
        return {
            "title": data.get("title") or "",
            "held_on": data.get("held_on"),
            "participants": data.get("participants"),
        }


ActivityFormSet = forms.formset_factory(ActivityForm, extra=3, max_num=50, absolute_max=50)


def activity_items(formset: Any) -> list[dict[str, Any]]:
    return [item for form in formset.forms if (item := form.item()) is not None]


class AttachmentForm(BootstrapFormMixin, forms.Form):
    attachment = forms.FileField(
        label="附件", help_text=ATTACHMENT_HELP, error_messages={"required": "请选择要上传的文件"}
    )
