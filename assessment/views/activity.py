"""Service projects (服务项目) and trainings (能力培训): lists, records, and a training's attendees."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View

from core.feedback import say_errors
from core.http import client_ip
from core.pages import ScopedDetailView, ScopedListView, ScopedMixin
from core.trail import history_of
from registry.choices import Role

from .. import services
from ..evaluation.filtersets import ProjectFilterSet, TrainingFilterSet
from ..evaluation.forms.activity import PROJECT_FIELDS, AttendeeForm, LeadersForm, ProjectForm, TrainingForm
from ..models import ServiceProject, Training, TrainingAttendee
from .evaluation_base import EvaluationFormView


class ProjectListView(ScopedListView):
    model = ServiceProject
    filterset_class = ProjectFilterSet
    select_related = ("organization__community__parent", "domain")
    permission = "evaluation.see_activity"
    template_name = "assessment/evaluation/project_list.html"


class ProjectDetailView(ScopedDetailView):
    model = ServiceProject
    select_related = ("organization__community__parent", "domain", "created_by")
    template_name = "assessment/evaluation/project_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "target_groups": list(self.object.target_groups.all()),
            "events": history_of(self.object, user=self.request.user),
        }


class ProjectCreateView(EvaluationFormView):
    model = ServiceProject
    form_class = ProjectForm
    permission = "evaluation.record_project"
    denied_message = "您的角色不能登记服务项目"
    title = "登记服务项目"
    intro = "社区社会组织每年至少实施1个社区服务项目（太仓）。"
    submit_label = "登记"
    done = "服务项目已登记。"
    back = "service-project-list"

    def choose_organization(self) -> bool:
        return self.request.user.role != Role.ORGANIZATION

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = {**super().get_form_kwargs(), "choose_organization": self.choose_organization()}
        raw = self.request.GET.get("organization", "")
        if self.choose_organization() and raw.isdigit():
            kwargs.setdefault("initial", {})["organization"] = int(raw)
        return kwargs

    def perform(self, form: BaseForm) -> ServiceProject:
        user = self.request.user
        organization = form.cleaned_data.get("organization")
        return services.project_record(
            actor=user,
            organization_id=organization.pk if organization else user.organization_id,
            data=form.project_data(),
            ip=self.ip,
        )

    def success_url_for(self, result: ServiceProject) -> str:
        return reverse("service-project-detail", args=[result.pk])


class ProjectEditView(EvaluationFormView):
    model = ServiceProject
    form_class = ProjectForm
    object_rule = "evaluation.change_project"
    object_denied = "您无权修改该服务项目"
    title = "修改服务项目"
    submit_label = "保存"
    done = "服务项目已修改。"
    back = "service-project-detail"

    def get_form_kwargs(self) -> dict[str, Any]:
        project = self.object
        initial = {name: getattr(project, name) for name in PROJECT_FIELDS if name != "target_groups"}
        initial["target_groups"] = list(project.target_groups.all())
        return {**super().get_form_kwargs(), "choose_organization": False, "initial": initial}

    def perform(self, form: BaseForm) -> ServiceProject:
        return services.project_update(
            actor=self.request.user, project_id=self.object.pk, data=form.project_data(), ip=self.ip
        )

    def success_url_for(self, result: ServiceProject) -> str:
        return reverse("service-project-detail", args=[result.pk])


# -- trainings ---------------------------------------------------------------------------------------------


class TrainingListView(ScopedListView):
    model = Training
    filterset_class = TrainingFilterSet
    select_related = ("region",)
    permission = "evaluation.see_activity"
    template_name = "assessment/evaluation/training_list.html"

    def get_queryset(self) -> Any:
        # Grouped rows do not take the model's default order: say it again.
        return super().get_queryset().annotate(attendee_count=Count("attendees")).order_by("-held_on", "-id")


class TrainingDetailView(ScopedDetailView):
    model = Training
    select_related = ("region", "created_by")
    template_name = "assessment/evaluation/training_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        attendees = (
            TrainingAttendee.objects.for_user(self.request.user)
            .filter(training=self.object)
            .select_related("organization", "region")
            .order_by("audience", "region_id", "name")
        )
        return {
            **super().get_context_data(**kwargs),
            "attendees": list(attendees),
            "events": history_of(self.object, user=self.request.user),
        }


class TrainingCreateView(EvaluationFormView):
    model = Training
    form_class = TrainingForm
    permission = "evaluation.record_training"
    denied_message = "只有民政局、街道和社区可以登记能力培训"
    title = "登记能力培训"
    intro = (
        "登记已举办的培训，再登记参训人员（组织负责人、骨干，以及民政助理、社区工作者、"
        "社区社会工作者、志愿者等）。"
    )
    submit_label = "登记"
    done = "能力培训已登记，请登记参训人员。"
    back = "training-list"

    def perform(self, form: BaseForm) -> Training:
        return services.training_record(actor=self.request.user, data=form.training_data(), ip=self.ip)

    def success_url_for(self, result: Training) -> str:
        return reverse("training-detail", args=[result.pk])


class TrainingEditView(EvaluationFormView):
    model = Training
    form_class = TrainingForm
    object_rule = "evaluation.change_training"
    object_denied = "只有举办培训的单位可以修改培训记录"
    title = "修改能力培训"
    submit_label = "保存"
    done = "培训记录已修改。"
    back = "training-detail"

    def get_initial(self) -> dict[str, Any]:
        training = self.object
        return {
            name: getattr(training, name)
            for name in ("title", "organizer", "held_on", "hours", "mode", "topics")
        }

    def perform(self, form: BaseForm) -> Training:
        return services.training_update(
            actor=self.request.user, training_id=self.object.pk, data=form.training_data(), ip=self.ip
        )

    def success_url_for(self, result: Training) -> str:
        return reverse("training-detail", args=[result.pk])


class TrainingLeadersView(EvaluationFormView):
    """Record the leaders of several organizations as attendees at once."""

    model = Training
    form_class = LeadersForm
    object_rule = "evaluation.change_training"
    object_denied = "只有举办培训的单位可以登记参训人员"
    title = "登记参训的组织负责人"
    submit_label = "登记"
    back = "training-detail"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "training": self.object}

    def perform(self, form: BaseForm) -> int:
        ids = [organization.pk for organization in form.cleaned_data["organizations"]]
        added = services.training_add_leaders(
            actor=self.request.user, training_id=self.object.pk, organization_ids=ids, ip=self.ip
        )
        self.done = f"已登记 {added} 名组织负责人。"
        return added

    def success_url_for(self, result: int) -> str:
        return reverse("training-detail", args=[self.object.pk])


class TrainingAttendeeView(EvaluationFormView):
    """Record one more attendee: a core member, or one of the other audiences."""

    model = Training
    form_class = AttendeeForm
    object_rule = "evaluation.change_training"
    object_denied = "只有举办培训的单位可以登记参训人员"
    title = "登记参训人员"
    submit_label = "登记"
    done = "参训人员已登记。"
    back = "training-detail"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("region")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "training": self.object}

    def perform(self, form: BaseForm) -> TrainingAttendee:
        return services.training_add_attendee(
            actor=self.request.user, training_id=self.object.pk, data=form.attendee_data(), ip=self.ip
        )

    def success_url_for(self, result: TrainingAttendee) -> str:
        return reverse("training-detail", args=[self.object.pk])


class AttendeeRemoveView(ScopedMixin, View):
    """Take an attendee off a training's list (the organizer's correction); back to the training."""

    model = TrainingAttendee
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        attendee = self.get_queryset().get(pk=pk)
        try:
            services.training_remove_attendee(
                actor=request.user, attendee_id=attendee.pk, ip=client_ip(request)
            )
        except ValidationError as error:
            say_errors(request, error)
        else:
            messages.success(request, f"已移除参训人员“{attendee.name}”。")
        return HttpResponseRedirect(reverse("training-detail", args=[attendee.training_id]))
