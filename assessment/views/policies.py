"""Quota policy pages (指标方案): the presets and the policies of the user's jurisdiction, a policy's
rules and snapshots, copying one for a jurisdiction and editing a copy.

Staff read the policies their scope shows them; a policy outside it is a 404. Only the bureau
copies (another role is refused with a 403) and edits, and only what its ``change`` scope holds
(anything else is a 404, as for organizations). Presets stay as shipped: editing one sends the
user back to it with a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views import View
from django.views.generic import DetailView, ListView

from core.feedback import say_errors, say_form_errors
from core.permissions import can
from registry.models import User

from ..choices import RuleKind
from ..forms import PolicyCopyForm, PolicyEditor, copy_targets
from ..models import QuotaPolicy
from ..quota.engine import vocabulary
from ..quota.kinds import RULE_TYPES
from ..quota.rules import Vocabulary
from ..selectors import policies_for, policy_rules_described, readable_reports_for, report_headlines
from ..services import policy_copy, policy_update

PRESET_READONLY = "预设方案不能修改，请复制为本辖区方案后调整"
LATEST_SNAPSHOTS = 10


def may_copy(user: User) -> bool:
    return can(user, "assessment.copy_policy")


def changeable_ids(user: User) -> set[int]:
    return set(QuotaPolicy.objects.for_user(user, "change").values_list("pk", flat=True))


def dashboard_url(policy: QuotaPolicy) -> str | None:
    try:
        return f"{reverse('quota-dashboard')}?policy={policy.pk}"
    except NoReverseMatch:
        return None


def param_rows(kind: str, params: Mapping[str, Any], words: Vocabulary) -> list[tuple[str, str]]:
    """Each parameter of a rule as (label, value) in words, in the order the rule kind defines them."""
    rule_type = RULE_TYPES.get(kind)
    if rule_type is None:
        return [(name, str(value)) for name, value in params.items()]
    rows = []
    for param in rule_type.params:
        value = params.get(param.name, param.default)
        if param.kind == "bool":
            text = "是" if value else "否"
        elif param.kind == "choice":
            text = dict(param.choices).get(value, str(value))
        elif param.kind == "categories":
            text = "、".join(words.label(code) for code in value or ())
        else:
            text = str(value)
        rows.append((param.label, text))
    return rows


class StaffPageMixin(LoginRequiredMixin):
    """The policy list is for staff; an organization's account is refused, the anonymous sent to log in.
    A page of one policy needs no such check: outside a user's reach the policy does not exist (404)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not can(user, "assessment.view"):
            raise PermissionDenied("只有工作人员可以查看指标方案")
        return super().dispatch(request, *args, **kwargs)


class PolicyPageMixin(LoginRequiredMixin):
    """Copy targets and permissions shared by the list and the detail page."""

    request: HttpRequest

    def policy_context(self) -> dict[str, Any]:
        user = self.request.user
        copying = may_copy(user)
        return {
            "copy_targets": list(copy_targets(user)) if copying else [],
            "changeable": changeable_ids(user) if copying else set(),
        }


class PolicyListView(StaffPageMixin, PolicyPageMixin, ListView):
    template_name = "assessment/policy_list.html"

    def get_queryset(self) -> QuerySet[QuotaPolicy]:
        return policies_for(self.request.user).order_by("jurisdiction__code", "name", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        words = vocabulary()
        policies = list(context["object_list"])
        for policy in policies:
            policy.described = policy_rules_described(policy, words)
        owned = [policy for policy in policies if not policy.is_preset]
        context.update(
            presets=[policy for policy in policies if policy.is_preset],
            groups=[
                (jurisdiction, list(members))
                for jurisdiction, members in groupby(owned, key=lambda policy: policy.jurisdiction)
            ],
            **self.policy_context(),
        )
        return context


class PolicyDetailView(PolicyPageMixin, DetailView):
    model = QuotaPolicy
    template_name = "assessment/policy_detail.html"

    def get_queryset(self) -> QuerySet[QuotaPolicy]:
        return policies_for(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        policy, user, words = self.object, self.request.user, vocabulary()
        visible = QuotaPolicy.objects.for_user(user).select_related("jurisdiction")
        reports = readable_reports_for(user).filter(policy=policy).order_by("-as_of", "region_id")
        reports = list(reports[:LATEST_SNAPSHOTS])
        headlines = report_headlines(reports, user)
        context.update(
            rules=[
                (rule, param_rows(rule.kind, rule.params, words))
                for rule in policy_rules_described(policy, words)
            ],
            source=visible.filter(pk=policy.source_id).first() if policy.source_id else None,
            copies=list(visible.filter(source=policy).order_by("jurisdiction__code", "name")),
            reports=[(report, headlines.get(report.pk)) for report in reports],
            dashboard_url=dashboard_url(policy),
            **self.policy_context(),
        )
        return context


class PolicyCopyView(LoginRequiredMixin, View):
    """POST only: the bureau's own copy of a policy it can see, then straight to editing it."""

    model = QuotaPolicy

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = request.user
        source = get_object_or_404(QuotaPolicy.objects.for_user(user), pk=pk)
        if not may_copy(user):
            raise PermissionDenied("只有民政局可以复制指标方案")
        back = HttpResponseRedirect(reverse("quota-policy-detail", args=[source.pk]))
        form = PolicyCopyForm(request.POST, user=user)
        if not form.is_valid():
            say_form_errors(request, form)
            return back
        try:
            policy = policy_copy(
                actor=user,
                source=source,
                jurisdiction=form.cleaned_data["jurisdiction"],
                name=form.cleaned_data["name"],
            )
        except ValidationError as error:
            say_errors(request, error)
            return back
        messages.success(request, f"已复制为“{policy.name}”，请按本辖区实际调整指标")
        return HttpResponseRedirect(reverse("quota-policy-edit", args=[policy.pk]))


class PolicyEditView(LoginRequiredMixin, View):
    """The policy's name, basis, switch and rules; adding a rule redraws the page with a blank one,
    and only saving writes (all or nothing, through policy_update)."""

    model = QuotaPolicy

    template_name = "assessment/policy_form.html"
    policy: QuotaPolicy

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        refused = self.load(pk)
        return refused or self.render(PolicyEditor.of(self.policy, vocabulary()))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        refused = self.load(pk)
        if refused:
            return refused
        editor = PolicyEditor.from_post(request.POST, vocabulary())
        if "add_rule" in request.POST:
            editor.add_rule(request.POST.get("add_kind", ""))
            return self.render(editor)
        if not editor.is_valid():
            return self.render(editor)
        try:
            policy_update(actor=request.user, policy=self.policy, **editor.cleaned())
        except ValidationError as error:
            editor.add_service_error(error)
            return self.render(editor)
        messages.success(request, "指标方案已保存")
        return HttpResponseRedirect(reverse("quota-policy-detail", args=[self.policy.pk]))

    def load(self, pk: int) -> HttpResponse | None:
        """The policy if the user may change it; a preset sends them back to it, anything else is a 404."""
        user = self.request.user
        changeable = QuotaPolicy.objects.for_user(user, "change").select_related("jurisdiction")
        policy = changeable.filter(pk=pk).first()
        if policy is not None and not policy.is_preset:
            self.policy = policy
            return None
        if QuotaPolicy.objects.for_user(user).presets().filter(pk=pk).exists():
            messages.error(self.request, PRESET_READONLY)
            return HttpResponseRedirect(reverse("quota-policy-detail", args=[pk]))
        raise Http404("没有找到该指标方案")

    def render(self, editor: PolicyEditor) -> HttpResponse:
        context = {"object": self.policy, "editor": editor, "rule_kinds": RuleKind.choices}
        return render(self.request, self.template_name, context)
