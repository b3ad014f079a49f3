"""One workflow engine for every case the platform moves through states: filing applications,
complaints, major-event reports, incubation tenancies, evaluation rounds.

A workflow is a table of transitions (action → the states it starts from for each part an actor may
play, the state it leads to, whether a reason is required, the step that writes what else changes)
and one function that moves along it: ``Workflow.move`` locks the row inside the actor's scope,
checks the actor's part and the state, runs the step, saves with ``update_fields``, appends one event
to the trail and schedules the side effects for after the commit, all in one transaction.

Refusals are the platform's (``core.errors``): outside the actor's scope the row does not exist
(``DoesNotExist``), a step the actor plays no part in is ``Denied``, a step from another state is
``InvalidTransition``, a missing reason is a field error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from . import permissions, trail
from .errors import Code, Denied, InvalidTransition, field_error

REASON_MAX = 1000  # characters of a reason or opinion a step keeps


@dataclass
class StepContext:
    """What a transition's step sees: who acts, on which row, with which reason and extra input."""

    actor: Any
    obj: Any
    reason: str
    ip: str | None
    extra: dict[str, Any]


Step = Callable[[StepContext], Iterable[str]]


@dataclass(frozen=True)
class Wording:
    """How a step is named for one variant of a subject (a deregistration is approved as 准予注销备案,
    not 准予备案): its label, the state it leads to, and what the page says once taken."""

    label: str
    state: str = ""
    done: str = ""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    target: str
    # Which part may take this step, from which states.
    by: Mapping[str, frozenset[str]]
    reason_required: bool = False
    reason_field: str = "reason"
    reason_message: str = "请填写%(action)s的理由"
    reason_code: str = Code.REASON_REQUIRED
    # Writes what else the step changes; returns the names of the fields it set.
    step: Step | None = None
    # Runs once the transaction has committed (a PDF, a notification), given the saved row.
    after: Callable[[Any], None] | None = None
    done: str = ""  # what a page says once the step is taken
    # Words per variant of the subject (``Workflow.variant``), where they differ from the above.
    variants: Mapping[str, Wording] | None = None

    @property
    def sources(self) -> frozenset[str]:
        return frozenset().union(*self.by.values())


@dataclass(frozen=True)
class Place:
    """Where a row's events belong: the region, the organization concerned, and how it is named."""

    region: str
    organization: int | None
    label: str


@dataclass
class Workflow:
    """A model's transition table and the one function that moves a row along it."""

    name: str  # the trail's action prefix and the permission rules' prefix, e.g. "filing"
    title: str  # how the trail names the workflow's steps, e.g. "备案申请：准予备案"
    model: type[models.Model]
    transitions: Iterable[Transition]
    parts: Callable[[Any, Any], set[str]]  # the parts an actor plays for a row already in scope
    place: Callable[[Any], Place]
    state_field: str = "state"
    related: tuple[str, ...] = ()  # select_related when locking
    variant: Callable[[Any], str] | None = None  # which words of a transition's ``variants`` apply
    table: dict[str, Transition] = field(init=False)

    def __post_init__(self) -> None:
        self.table = {t.action: t for t in self.transitions}
        for action in self.table:
            permissions.register(f"{self.name}.{action}", self._rule(action))
        trail.register_actions(
            {f"{self.name}.{action}": f"{self.title}：{t.label}" for action, t in self.table.items()}
        )

    def _rule(self, action: str) -> Callable[[Any, Any], bool]:
        return lambda user, obj: self.may(user, obj, action)

    # -- reading the table ------------------------------------------------------------------

    def state_of(self, obj: Any) -> str:
        return getattr(obj, self.state_field)

    def wording(self, obj: Any, action: str) -> Wording:
        """The step's words for this row: its variant's, else the transition's own."""
        spec = self.table[action]
        own = Wording(spec.label, "", spec.done)
        if self.variant is None or not spec.variants:
            return own
        words = spec.variants.get(self.variant(obj))
        return words or own

    def may(self, user: Any, obj: Any, action: str) -> bool:
        """Whether the user may take this step now (the row is already in the user's scope)."""
        spec = self.table[action]
        state = self.state_of(obj)
        return any(state in spec.by.get(part, ()) for part in self.parts(user, obj))

    def allowed(self, user: Any, obj: Any) -> list[Transition]:
        """The steps the user may take now, for buttons and the API's hints."""
        parts = self.parts(user, obj)
        state = self.state_of(obj)
        return [t for t in self.table.values() if any(state in t.by.get(part, ()) for part in parts)]

    # -- moving -----------------------------------------------------------------------------

    def _check(self, actor: Any, obj: Any, spec: Transition) -> None:
        parts = self.parts(actor, obj) & set(spec.by)
        if not parts:
            raise Denied(f"您无权办理“{self.wording(obj, spec.action).label}”")
        state = self.state_of(obj)
        if not any(state in spec.by[part] for part in parts):
            display = getattr(obj, f"get_{self.state_field}_display", lambda: state)()
            label = self.wording(obj, spec.action).label
            raise InvalidTransition(
                "当前状态为“%(state)s”，不能办理“%(action)s”", params={"state": display, "action": label}
            )

    def move(
        self, *, actor: Any, pk: Any, action: str, reason: str = "", ip: str | None = None, **extra: Any
    ) -> Any:
        """Take one step; returns the saved row."""
        spec = self.table[action]
        with transaction.atomic():
            obj = (
                self.model._default_manager.get_queryset()
                .for_user(actor)
                .select_for_update(of=("self",))  # the row itself, not what select_related joins in
                .select_related(*self.related)
                .get(pk=pk)
            )
            self._check(actor, obj, spec)
            reason = (reason or "").strip()
            if spec.reason_required and not reason:
                raise field_error(
                    spec.reason_field, spec.reason_message % {"action": spec.label}, spec.reason_code
                )
            if len(reason) > REASON_MAX:  # a reason is read in lists, messages and the trail
                raise field_error(spec.reason_field, f"意见或理由不能超过{REASON_MAX}个字", Code.TOO_LONG)
            previous = self.state_of(obj)
            changed = list(spec.step(StepContext(actor, obj, reason, ip, extra))) if spec.step else []
            setattr(obj, self.state_field, spec.target)
            obj.save(update_fields=[self.state_field, *changed, *self._touched()])
            place = self.place(obj)
            words = self.wording(obj, action)
            trail.record(
                actor=actor,
                action=f"{self.name}.{action}",
                subject=obj,
                region=place.region,
                organization=place.organization,
                label=place.label,
                from_state=previous,
                to_state=spec.target,
                reason=reason,
                ip=ip,
                details=self._worded(spec, words),
            )
            if spec.after is not None:
                after = spec.after
                transaction.on_commit(lambda: after(obj), robust=True)
        return obj

    def _worded(self, spec: Transition, words: Wording) -> dict[str, str]:
        """The variant's own words, kept on the event so the trail names the step as it was taken."""
        details = {}
        if words.label != spec.label:
            details["action_label"] = f"{self.title}：{words.label}"
        if words.state:
            details["to_label"] = words.state
        return details

    def _touched(self) -> list[str]:
        """Fields the database keeps current on every save (``auto_now``)."""
        return [f.name for f in self.model._meta.concrete_fields if getattr(f, "auto_now", False)]
