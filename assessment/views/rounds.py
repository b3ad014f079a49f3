"""The annual evaluation (两委评估评议): rounds, the community's ballots and scores for each organization,
the street's review, and the Excel download of a round's results."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View

from core.exports import xlsx_response
from core.http import client_ip
from core.pages import ActionView, Perform, ScopedDetailView, ScopedListView, ScopedMixin
from core.permissions import can, require
from core.trail import history_of

from .. import services
from ..evaluation import rubric, selectors
from ..evaluation.exports import round_filename, round_workbook
from ..evaluation.filtersets import RoundFilterSet
from ..evaluation.forms.rounds import RoundOpenForm, ScoreForm, VotesForm, score_field_name
from ..models import EvaluationEntry, EvaluationRound
from ..services.rounds import EVALUATION_ROUND, entry_breakdown, round_allowed_actions
from .evaluation_base import EvaluationFormView


class RoundListView(ScopedListView):
    model = EvaluationRound
    filterset_class = RoundFilterSet
    permission = "evaluation.see_rounds"
    denied_message = "只有工作人员可以查看年度评议"
    template_name = "assessment/evaluation/round_list.html"

    def get_queryset(self) -> Any:
        queryset = selectors.rounds_for(self.request.user)
        self.filterset = RoundFilterSet(self.request.GET or None, queryset, request=self.request)
        if not self.filterset.is_bound:
            return queryset
        return self.filterset.qs if self.filterset.is_valid() else queryset.none()


class RoundOpenView(EvaluationFormView):
    """A community's 两委 opens its round for a year over its active organizations."""

    model = EvaluationRound
    form_class = RoundOpenForm
    permission = "evaluation.open_round"
    denied_message = "只有社区（村）“两委”可以开启年度评议"
    title = "开启年度评议"
    intro = "对本社区（村）全部在册社区社会组织开展年度评估评议：居民评议、“两委”评分、街道审核后公布。"
    submit_label = "开启"
    done = "年度评议已开启，请登记居民评议票数。"
    back = "evaluation-round-list"

    def perform(self, form: BaseForm) -> EvaluationRound:
        user = self.request.user
        community = form.cleaned_data.get("community")
        code = community.code if community is not None else user.region_id
        return services.round_open(
            actor=user, community_code=code, year=form.cleaned_data["year"], ip=self.ip
        )

    def success_url_for(self, result: EvaluationRound) -> str:
        return reverse("evaluation-round-detail", args=[result.pk])


class RoundDetailView(ScopedDetailView):
    model = EvaluationRound
    select_related = ("community__parent", "scheme", "opened_by", "reviewed_by")
    template_name = "assessment/evaluation/round_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        evaluation_round, user = self.object, self.request.user
        rows = selectors.entry_rows(evaluation_round, selectors.round_entries(evaluation_round, user))
        return {
            **super().get_context_data(**kwargs),
            "actions": {t.action: t for t in round_allowed_actions(user, evaluation_round)},
            "indicators": rubric.indicators_of(evaluation_round.indicators),
            "thresholds": evaluation_round.thresholds,
            "rows": rows,
            "grades": selectors.grade_counts(rows),
            "may_vote": can(user, "evaluation.record_votes", evaluation_round),
            "may_score": can(user, "evaluation.score", evaluation_round),
            "events": history_of(evaluation_round, user=user),
        }


def round_step(action: str) -> Perform:
    """The call of one step: the action is the URL's, the street's note the posted ``review_note``."""

    def call(request: HttpRequest, pk: Any) -> EvaluationRound:
        note = request.POST.get("review_note", "")
        return services.round_move(
            actor=request.user, round_id=pk, action=action, review_note=note, ip=client_ip(request)
        )

    return call


class RoundActionView(ActionView):
    """The round's steps: the community starts scoring, submits, resubmits; the street publishes or
    returns it (with its note)."""

    model = EvaluationRound
    detail_url = "evaluation-round-detail"
    workflow = EVALUATION_ROUND
    actions = {action: round_step(action) for action in EVALUATION_ROUND.table}


class RoundExportView(ScopedMixin, View):
    """A round's results as an Excel workbook: every organization's scores, ballots, total and grade."""

    model = EvaluationRound
    http_method_names = ["get"]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        # Rounds are staff's to see: for anyone else the round does not exist (404), like any key.
        evaluation_round = self.get_queryset().select_related("community").get(pk=pk)
        require(request.user, "evaluation.export_round", evaluation_round)
        rows = selectors.entry_rows(evaluation_round, selectors.round_entries(evaluation_round, request.user))
        return xlsx_response(round_workbook(evaluation_round, rows), round_filename(evaluation_round))


# -- one organization's line ---------------------------------------------------------------------------


class EntryView(ScopedDetailView):
    """An organization's line of a round: its ballots and scores, and the forms to enter them."""

    model = EvaluationEntry
    select_related = ("round__community__parent", "organization__category")
    template_name = "assessment/evaluation/entry_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        entry, user = self.object, self.request.user
        evaluation_round = entry.round
        indicators = rubric.indicators_of(evaluation_round.indicators)
        initial = {score_field_name(code): value for code, value in entry.scores.items()}
        return {
            **super().get_context_data(**kwargs),
            "round": evaluation_round,
            "breakdown": entry_breakdown(evaluation_round, entry),
            "indicators": indicators,
            "votes_form": VotesForm(initial=_votes_of(entry))
            if can(user, "evaluation.record_votes", evaluation_round)
            else None,
            "score_form": ScoreForm(indicators=indicators, initial={**initial, "comment": entry.comment})
            if can(user, "evaluation.score", evaluation_round)
            else None,
            "events": history_of(entry, user=user),
        }


def _votes_of(entry: EvaluationEntry) -> dict[str, int]:
    return {name: getattr(entry, name) for name in ("votes_satisfied", "votes_basic", "votes_unsatisfied")}


class EntryVotesView(EvaluationFormView):
    model = EvaluationEntry
    form_class = VotesForm
    title = "登记居民评议票数"
    intro = "按居民评议表统计满意、基本满意、不满意的票数。"
    submit_label = "保存票数"
    done = "居民评议票数已保存。"
    back = "evaluation-entry"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        return {**kwargs, "initial": _votes_of(self.object)}

    def perform(self, form: BaseForm) -> EvaluationEntry:
        entry = self.object
        return services.entry_record_votes(
            actor=self.request.user,
            round_id=entry.round_id,
            organization_id=entry.organization_id,
            votes=form.cleaned_data,
            ip=self.ip,
        )

    def success_url_for(self, result: EvaluationEntry) -> str:
        return reverse("evaluation-entry", args=[result.pk])


class EntryScoreView(EvaluationFormView):
    model = EvaluationEntry
    form_class = ScoreForm
    title = "“两委”评分"
    intro = "逐项评分（不超过该项满分，至多一位小数）；暂未评分的指标请留空。"
    submit_label = "保存评分"
    done = "评分已保存。"
    back = "evaluation-entry"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("round")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.pop("user")
        entry = self.object
        initial = {score_field_name(code): value for code, value in entry.scores.items()}
        indicators = rubric.indicators_of(entry.round.indicators)
        return {**kwargs, "indicators": indicators, "initial": {**initial, "comment": entry.comment}}

    def perform(self, form: BaseForm) -> EvaluationEntry:
        entry = self.object
        return services.entry_score(
            actor=self.request.user,
            round_id=entry.round_id,
            organization_id=entry.organization_id,
            scores=form.scores(),
            comment=form.cleaned_data.get("comment", ""),
            ip=self.ip,
        )

    def success_url_for(self, result: EvaluationEntry) -> str:
        return reverse("evaluation-entry", args=[result.pk])
