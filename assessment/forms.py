"""Forms of the quota policy pages: copying a policy to a jurisdiction and editing one.

The edit page is one policy form plus one rule form per rule, prefixed ``rule-<n>``; each rule
form's parameter fields are generated from its rule kind's ``Param`` definitions. The forms only
parse the input: ``policy_update`` checks ranges, categories and names, and its errors are put
back on the field they belong to (``rules.2.urban`` → the ``urban`` field of the second rule).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from core.bootstrap import BootstrapFormMixin
from registry.choices import RegionLevel
from registry.models import Region, User

from .choices import RuleKind
from .models import QuotaPolicy
from .quota.kinds import RULE_TYPES
from .quota.rules import Param, RuleType, Vocabulary

RULE_PREFIX = "rule"
RULE_KIND_KEY = re.compile(rf"^{RULE_PREFIX}-(\d{{1,3}})-kind$")
# More rule entries than this in one post are not read at all (the service allows far fewer).
MAX_RULE_ENTRIES = 50


def copy_targets(user: User) -> QuerySet[Region]:
    """The regions a bureau may copy a policy to: its own region and the districts and streets inside."""
    return Region.objects.for_user(user).filter(level__lte=RegionLevel.STREET).order_by("code")


class PolicyCopyForm(forms.Form):
    jurisdiction = forms.ModelChoiceField(
        label="适用辖区",
        queryset=Region.objects.none(),
        to_field_name="code",
        error_messages={"required": "请选择适用辖区", "invalid_choice": "只能复制到本辖区或下属区域"},
    )
    name = forms.CharField(
        label="新方案名称",
        max_length=100,
        required=False,
        help_text="留空则为“辖区名称 + 原方案名称”",
        error_messages={"max_length": "方案名称不能超过 100 个字"},
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jurisdiction"].queryset = copy_targets(user)


class PolicyForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label="方案名称",
        max_length=100,
        error_messages={"required": "请填写方案名称", "max_length": "方案名称不能超过 100 个字"},
    )
    basis = forms.CharField(
        label="政策依据", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    is_active = forms.BooleanField(label="启用（每晚自动评估）", required=False)

    @classmethod
    def of(cls, policy: QuotaPolicy) -> PolicyForm:
        return cls(initial={"name": policy.name, "basis": policy.basis, "is_active": policy.is_active})


def param_field(param: Param, words: Vocabulary) -> forms.Field:
    """The form field of one rule parameter; ranges and choices are left to the rule's own check."""
    if param.kind == "bool":
        return forms.BooleanField(label=param.label, required=False)
    if param.kind == "choice":
        return forms.ChoiceField(
            label=param.label,
            choices=param.choices,
            error_messages={"required": f"请选择“{param.label}”", "invalid_choice": f"“{param.label}”无效"},
        )
    if param.kind == "categories":
        return forms.MultipleChoiceField(
            label=param.label,
            choices=list(words.names.items()),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": f"“{param.label}”中有未知的类别"},
        )
    return forms.IntegerField(
        label=param.label,
        widget=forms.NumberInput(attrs={"min": param.minimum, "max": param.maximum, "step": 1}),
        help_text=f"取值 {param.minimum}–{param.maximum}",
        error_messages={"required": f"请填写“{param.label}”", "invalid": f"“{param.label}”应为整数"},
    )


def completed_params(kind: str, params: Mapping[str, Any], words: Vocabulary) -> dict[str, Any]:
    """Stored parameters with defaults filled in; as stored when they no longer check."""
    try:
        return RULE_TYPES[kind].clean(params, words)
    except ValidationError:
        return dict(params)


class RuleForm(BootstrapFormMixin, forms.Form):
    """One rule: its kind (fixed once added), a field per parameter and a box to remove it."""

    kind = forms.ChoiceField(
        choices=RuleKind.choices,
        widget=forms.HiddenInput,
        error_messages={"required": "指标类型无效", "invalid_choice": "指标类型无效"},
    )
    DELETE = forms.BooleanField(label="删除此项", required=False)

    def __init__(self, *args: Any, kind: str, words: Vocabulary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rule_type: RuleType | None = RULE_TYPES.get(kind)
        self.kind_label = RuleKind(kind).label if kind in RuleKind.values else "未知的指标类型"
        if self.rule_type is not None:
            for param in self.rule_type.params:
                self.fields[param.name] = field = param_field(param, words)
                # Added after the mixin styled the declared fields: styled here the same way.
                css = {"bool": "form-check-input", "choice": "form-select", "int": "form-control"}.get(
                    param.kind
                )
                if css:
                    field.widget.attrs["class"] = css

    @property
    def param_names(self) -> list[str]:
        return [param.name for param in self.rule_type.params] if self.rule_type else []

    @property
    def param_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.param_names]

    @property
    def marked_for_deletion(self) -> bool:
        field = self.fields["DELETE"]
        return bool(field.widget.value_from_datadict(self.data, self.files, self.add_prefix("DELETE")))

    def params(self) -> dict[str, Any]:
        """The parameters as the service takes them (after is_valid)."""
        return {name: self.cleaned_data[name] for name in self.param_names}


def rule_form(n: int, kind: str, words: Vocabulary, *, data: Any = None, params: Any = None) -> RuleForm:
    prefix = f"{RULE_PREFIX}-{n}"
    if data is not None:
        return RuleForm(data, prefix=prefix, kind=kind, words=words)
    initial = {"kind": kind, **completed_params(kind, params or {}, words)}
    return RuleForm(prefix=prefix, kind=kind, words=words, initial=initial)


class PolicyEditor:
    """The edit page's forms: the policy's own fields and its rules, in order."""

    def __init__(self, policy_form: PolicyForm, rule_forms: list[RuleForm], words: Vocabulary) -> None:
        self.policy_form = policy_form
        self.rule_forms = rule_forms
        self.words = words
        self.rule_errors: list[str] = []

    @classmethod
    def of(cls, policy: QuotaPolicy, words: Vocabulary) -> PolicyEditor:
        rules = [
            rule_form(n, rule.kind, words, params=rule.params) for n, rule in enumerate(policy.rules.all())
        ]
        return cls(PolicyForm.of(policy), rules, words)

    @classmethod
    def from_post(cls, data: Any, words: Vocabulary) -> PolicyEditor:
        """The forms as posted; rules come in the order of their numbers, gaps allowed."""
        numbers = sorted(int(match[1]) for key in data if (match := RULE_KIND_KEY.match(key)))
        rules = [
            rule_form(n, data.get(f"{RULE_PREFIX}-{n}-kind", ""), words, data=data)
            for n in numbers[:MAX_RULE_ENTRIES]
        ]
        return cls(PolicyForm(data), rules, words)

    def add_rule(self, kind: str) -> None:
        """A blank rule of this kind at the end, with the kind's default parameters."""
        if kind not in RULE_TYPES:
            self.rule_errors.append("请选择要添加的指标类型")
            return
        n = max((int(form.prefix.rsplit("-", 1)[1]) for form in self.rule_forms), default=-1) + 1
        self.rule_forms.append(rule_form(n, kind, self.words))

    @property
    def kept(self) -> list[RuleForm]:
        return [form for form in self.rule_forms if not (form.is_bound and form.marked_for_deletion)]

    def is_valid(self) -> bool:
        # Every form is checked so that all errors show at once; removed rules are not.
        results = [self.policy_form.is_valid(), *(form.is_valid() for form in self.kept)]
        return all(results)

    @property
    def has_errors(self) -> bool:
        return bool(
            self.rule_errors
            or (self.policy_form.is_bound and self.policy_form.errors)
            or any(form.is_bound and form.errors for form in self.kept)
        )

    def cleaned(self) -> dict[str, Any]:
        """The arguments of policy_update (after is_valid)."""
        data = self.policy_form.cleaned_data
        return {
            "name": data["name"],
            "basis": data["basis"],
            "is_active": data["is_active"],
            "rules": [{"kind": form.cleaned_data["kind"], "params": form.params()} for form in self.kept],
        }

    def add_service_error(self, error: ValidationError) -> None:
        """Each error of policy_update next to its field: ``rules.<n>.<param>`` on that parameter of
        the n-th rule kept (counted from 1), ``rules`` above the rules, the rest on the policy form."""
        if not hasattr(error, "error_dict"):
            self.policy_form.add_error(None, error)
            return
        kept = self.kept
        for key, errors in error.error_dict.items():
            parts = key.split(".", 2)
            if key == "rules":
                self.rule_errors.extend(message for e in errors for message in e.messages)
            elif parts[0] == "rules" and len(parts) == 3 and parts[1].isdigit():
                index, name = int(parts[1]), parts[2]
                if 1 <= index <= len(kept):
                    form = kept[index - 1]
                    add_field_error(form, name if name in form.param_names else None, errors)
                else:
                    self.rule_errors.extend(message for e in errors for message in e.messages)
            else:
                add_field_error(self.policy_form, key if key in self.policy_form.fields else None, errors)


def add_field_error(form: forms.Form, name: str | None, errors: list[ValidationError]) -> None:
    """A service's error on a checked form, its field marked the way the form marks its own errors."""
    form.add_error(name, errors)
    if name is not None:
        widget = form.fields[name].widget
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
