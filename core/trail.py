"""Writing and reading the trail (``core.models.Event``).

Every app registers the models its events describe (``register_subject``), with the Chinese labels of
its actions and states. An event is visible to a user exactly when its subject is: the trail's scope
is the subjects' own scopes, so a street's investigation note on a complaint is read by whoever may
read the complaint, and by no one else, wherever the event is shown.

Platform-wide lists that belong to no jurisdiction (the vocabularies of categories, service domains and
target groups) are not scoped; their events are registered ``superuser_only`` and recorded with the
region ``""`` (the whole platform).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Cast

from . import notices
from .models import Event
from .scoping import NOTHING, is_scoped_model

_subjects: dict[str, type[models.Model]] = {}
# Unscoped subjects whose events only a superuser reads.
_superuser_subjects: set[str] = set()
_state_labels: dict[str, dict[str, str]] = {}
_action_labels: dict[str, str] = {}


def register_subject(
    model: type[models.Model],
    *,
    states: Iterable[tuple[str, str]] = (),
    actions: dict[str, str] | None = None,
    superuser_only: bool = False,
) -> None:
    """Called from an app's ``ready()`` for each model its events describe. The model must be scoped,
    because its scope is what decides who reads its events, unless it is registered ``superuser_only``:
    an unscoped model (a platform-wide list) whose events only a superuser reads."""
    label = model._meta.label_lower
    if superuser_only:
        if is_scoped_model(model):
            raise TypeError(f"{model.__name__} is scoped: its own scope decides who reads its events")
        _superuser_subjects.add(label)
    elif not is_scoped_model(model):
        raise TypeError(f"{model.__name__} has no scoped manager and cannot be a subject of the trail")
    else:
        _subjects[label] = model
    _state_labels[label] = dict(states)
    register_actions(actions or {})


def register_actions(labels: dict[str, str]) -> None:
    _action_labels.update({str(key): value for key, value in labels.items()})


def action_label(action: str) -> str:
    return _action_labels.get(action, action)


def state_label(subject_type: str, state: str) -> str:
    return _state_labels.get(subject_type, {}).get(state, state)


def subject_type(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _visible(model: type[models.Model], user: Any) -> Exists:
    # subject_id holds text; an integer key is compared as an integer so the subject's index serves.
    integer = isinstance(model._meta.pk, models.AutoField | models.BigAutoField | models.IntegerField)
    key = (
        Cast(OuterRef("subject_id"), output_field=models.BigIntegerField())
        if integer
        else OuterRef("subject_id")
    )
    return Exists(model._default_manager.get_queryset().for_user(user).filter(pk=key).values("pk"))


def visible_subjects(user: Any) -> Q:
    """Events whose subject the user may see; an event of a superuser-only subject, or of a type no app
    registered, is the superuser's."""
    if user.is_superuser:
        return Q()
    rule = NOTHING
    for label, model in _subjects.items():
        rule |= Q(subject_type=label) & Q(_visible(model, user))
    return rule


def record(
    *,
    actor: Any,
    action: str,
    subject: models.Model,
    region: Any,
    organization: Any = None,
    label: str = "",
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    ip: str | None = None,
    details: dict[str, Any] | None = None,
) -> Event:
    """Append one event; callers are already inside their transaction. ``region`` and
    ``organization`` may be objects or their keys; the region ``""`` is the whole platform."""
    kind = subject._meta.label_lower
    if kind not in _subjects and kind not in _superuser_subjects:
        raise LookupError(f"{kind} is not registered as a subject of the trail")
    signed_in = actor is not None and actor.pk is not None
    event = Event.objects.create(
        actor=actor if signed_in else None,
        actor_label=actor.get_username() if signed_in else "",
        action=action,
        subject_type=kind,
        subject_id=str(subject.pk),
        subject_label=(label or str(subject))[:200],
        region_code=getattr(region, "pk", region),
        organization_id=getattr(organization, "pk", organization),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        ip_address=ip,
        details=details or {},
    )
    notices.announce([event])
    return event


def record_many(events: list[Event]) -> list[Event]:
    """Append many events of an internal job at once (one insert), announced like single ones."""
    for event in events:
        if event.subject_type not in _subjects and event.subject_type not in _superuser_subjects:
            raise LookupError(f"{event.subject_type} is not registered as a subject of the trail")
    created = Event.objects.bulk_create(events)
    notices.announce(created)
    return created


@dataclass(frozen=True)
class Step:
    """One event as a page shows it."""

    at: Any
    who: str
    what: str
    from_state: str
    to_state: str
    note: str


def as_steps(events: Iterable[Event], note: Callable[[Event], str] | None = None) -> list[Step]:
    """Events as pages show them; ``note`` says what to write beside each (its reason by default)."""
    return [
        Step(
            at=event.occurred_at,
            who=event.actor_label or "系统",
            what=event.action_label,
            from_state=event.from_label if event.from_state else "",
            to_state=event.to_label if event.to_state else "",
            note=note(event) if note else event.reason,
        )
        for event in events
    ]


def history_of(subject: models.Model, *, user: Any) -> list[Step]:
    """The events of one subject the user may read, oldest first."""
    return as_steps(Event.objects.for_user(user).of(subject))


def timeline_of_organization(organization_id: int, *, user: Any, limit: int = 200) -> list[Event]:
    """Every event concerning an organization that the user may read, newest first: the organization's
    own, and those of its applications, cases and certificates that the user may see."""
    events = Event.objects.for_user(user).filter(organization_id=organization_id)
    return list(events.order_by("-occurred_at", "-id")[:limit])


def events_by_subject(subjects: Iterable[models.Model], *, user: Any) -> dict[Any, list[Event]]:
    """The events the user may read of many subjects of one type, in one query, oldest first."""
    subjects = list(subjects)
    if not subjects:
        return {}
    kind = subjects[0]._meta.label_lower
    events = Event.objects.for_user(user).filter(
        subject_type=kind, subject_id__in=[str(subject.pk) for subject in subjects]
    )
    found: dict[Any, list[Event]] = {subject.pk: [] for subject in subjects}
    keys = {str(pk): pk for pk in found}
    for event in events.order_by("occurred_at", "id"):
        found[keys[event.subject_id]].append(event)
    return found
