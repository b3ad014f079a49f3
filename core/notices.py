"""Who is told when something happens: notices hooked once, at the trail.

Every step of every workflow appends one event to the trail (``core.trail.record``); the trail
announces each event it appends here. Apps declare, per kind of event (its action), whom to tell and
in which words (``register_notice``); the app owning the messages plugs in the sender
(``register_sender``): the platform's notification service with its channels. Core knows neither.

Nothing is sent before the transaction that wrote the event commits, and nothing that goes wrong
while working out or sending notices reaches the step that triggered them: a failing rule or
channel is logged (by event id, never with personal data) and the step stands.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction

from .models import Event

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    """One message about one event to a set of users (by id). Its words are what every recipient may
    read: no personal data beyond what the recipients see of the object anyway."""

    recipients: frozenset[int]
    title: str
    body: str = ""
    url: str = ""


Rule = Callable[[Event], Iterable[Notice]]
Digest = Callable[[list[Event]], Iterable[Notice]]
Sender = Callable[[Event, list[Notice]], None]

_rules: dict[str, list[Rule]] = defaultdict(list)
_digests: dict[str, Digest] = {}
_senders: list[Sender] = []


def register_notice(actions: Iterable[str], rule: Rule) -> None:
    """Called from an app's ``ready()``: ``rule`` says who is told of an event of these actions."""
    for action in actions:
        if rule not in _rules[str(action)]:
            _rules[str(action)].append(rule)


def register_digest(action: str, digest: Digest) -> None:
    """When an internal job appends many events of this action at once (``trail.record_many``), one
    digest tells of them all, in a constant number of queries, instead of one message per event."""
    _digests[str(action)] = digest


def register_sender(sender: Sender) -> None:
    if sender not in _senders:
        _senders.append(sender)


def announce(events: Iterable[Event]) -> None:
    """Called by the trail for the events it appended: their notices go out once the transaction has
    committed (at once outside a transaction), and never undo it."""
    wanted = [event for event in events if _rules.get(event.action)]
    if wanted:
        transaction.on_commit(lambda: dispatch(wanted), robust=True)


def _without_actor(event: Event, notices: Iterable[Notice]) -> list[Notice]:
    """The actor is not told: they know what they did."""
    kept = []
    for notice in notices:
        recipients = frozenset(notice.recipients) - {event.actor_id}
        if recipients:
            kept.append(Notice(recipients, notice.title, notice.body, notice.url))
    return kept


def notices_of(event: Event) -> list[Notice]:
    """The notices every app declared for this event."""
    return _without_actor(event, (notice for rule in _rules.get(event.action, ()) for notice in rule(event)))


def _send(event: Event, notices: list[Notice]) -> None:
    if notices:
        for sender in _senders:
            sender(event, notices)


def dispatch(events: Iterable[Event]) -> None:
    """Work out and send the notices of committed events; each event's (or digest's) failure stays its
    own. Many events of an action with a digest are told of in one digest."""
    single: list[Event] = []
    batches: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        batches[event.action].append(event)
    for action, batch in batches.items():
        if action not in _digests or len(batch) == 1:
            single.extend(batch)
            continue
        try:
            _send(batch[0], _without_actor(batch[0], _digests[action](batch)))
        except Exception:
            logger.exception("digest of %d events (%s) not sent", len(batch), action)
    for event in single:
        try:
            _send(event, notices_of(event))
        except Exception:
            logger.exception("notices of event %s (%s) not sent", event.pk, event.action)
