"""The one place where jurisdiction is applied, and it fails closed all the way down.

Every model that holds jurisdiction data has a scoped manager. Its querysets refuse to reach the
database until they have been restricted: ``for_user(user, action)`` for a request, ``unrestricted()``
for internal jobs (imports, reports, tasks, sign-in), or a named public scope (``public_directory()``
…) for the pages anyone may read, so that a grep shows every deliberate exception.

The refusal lives in the SQL query itself (``ScopedQuery.get_compiler``), so it covers every path to
the database: evaluation, ``count()``, ``exists()``, ``contains()``, aggregates, an unscoped queryset
used as a subquery (``filter(x__in=...)``, ``Exists(...)``), prefetches. ``update()``, ``delete()`` and
``raw()`` are refused on the queryset.

Rows loaded for a user remember that user, and so do the rows ``select_related`` brought along. A
related manager reached from such a row (``organization.certificates``, ``federation.members``)
applies the child's own rule for the same user: a child is never trusted because its parent was
visible. A related manager of a row loaded any other way (unrestricted, public, created in memory)
is unscoped and refuses, until it is restricted explicitly.

Child rows (an application's materials, a policy's rules) scope through their parent: the parent's
rule, followed through the foreign key (``ChildScopedQuerySet``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from itertools import islice
from typing import Any, ClassVar, Literal, Self

from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.db.models.query import ModelIterable
from django.db.models.sql import Query

Action = Literal["view", "change"]
NOTHING = Q(pk__in=[])
USER_ATTRIBUTE = "_scoped_for"


class UnscopedQueryError(RuntimeError):
    """A scoped model was queried without for_user(), unrestricted() or a public scope."""


@dataclass(frozen=True)
class Scope:
    """How a query was restricted: for one user and action, or deliberately for no one in particular
    (``internal`` jobs, a named ``public`` page, the ``empty`` set, a query Django ``derived`` from a
    restricted one)."""

    kind: Literal["user", "internal", "public", "empty", "derived"]
    user: Any = None
    action: Action = "view"
    name: str = ""


INTERNAL = Scope("internal")
EMPTY = Scope("empty")
DERIVED = Scope("derived")

# Django's own model validation (unique fields and constraints) asks whether a row would collide with
# another, whoever can see that other row; only those reads run unscoped (see ScopedModel).
_validating: ContextVar[bool] = ContextVar("scoping_validation", default=False)


class ScopedQuery(Query):
    """The SQL query of a scoped model, refusing to compile until it carries a scope.

    Queries Django builds from inside a restricted query (an exclude's subquery, an aggregate's inner
    query) are created as ``self.__class__(model)`` and take the class default: derived, allowed. Only
    the query a ScopedQuerySet starts from is marked unscoped, and every clone carries the mark until a
    scope replaces it.
    """

    scope: Scope | None = DERIVED

    def get_compiler(self, using: Any = None, connection: Any = None, elide_empty: bool = True) -> Any:
        if self.scope is None and not _validating.get():
            raise UnscopedQueryError(
                f"{self.model.__name__} queried without for_user(), unrestricted() or a public scope"
            )
        return super().get_compiler(using, connection, elide_empty)


def _remember(obj: models.Model, user: Any) -> None:
    """Mark a loaded row, and the rows select_related brought with it, as loaded for this user."""
    setattr(obj, USER_ATTRIBUTE, user)
    for related in obj._state.fields_cache.values():
        if isinstance(related, models.Model) and getattr(related, USER_ATTRIBUTE, None) is not user:
            _remember(related, user)


def loaded_for(obj: models.Model) -> Any:
    """The user a row was loaded for, or None."""
    return getattr(obj, USER_ATTRIBUTE, None)


def reroot(q: Q, path: str) -> Q:
    """The same condition, asked of the row at the end of ``path`` (a foreign key) instead."""
    rerooted = Q()
    rerooted.connector, rerooted.negated = q.connector, q.negated
    rerooted.children = [
        reroot(child, path) if isinstance(child, Q) else (f"{path}__{child[0]}", child[1])
        for child in q.children
    ]
    return rerooted


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a region of the division tree.

    Subclasses name ``region_field``, the lookup path to the row's region code, and the roles that may
    change rows inside their jurisdiction (``change_roles``); other rules override ``scope_filter``.
    The user is duck-typed: ``is_superuser``, ``role`` and ``jurisdiction_prefix`` (the code prefix of
    a staff user's jurisdiction, None for everyone else).
    """

    region_field: ClassVar[str]
    change_roles: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, model: Any = None, query: Any = None, using: Any = None, hints: Any = None) -> None:
        if query is None and model is not None:
            query = ScopedQuery(model)
            query.scope = None
        super().__init__(model, query, using, hints)

    # -- restriction ------------------------------------------------------------------------

    def _scoped_as(self, scope: Scope) -> Self:
        clone = self._chain()
        clone.query.scope = scope
        return clone

    def for_user(self, user: Any, action: Action = "view") -> Self:
        """Rows the user may see (``view``) or change (``change``); nothing for the anonymous."""
        if not (user and user.is_authenticated and user.is_active):
            return self._scoped_as(EMPTY).filter(NOTHING)
        clone = self._scoped_as(Scope("user", user, action))
        if user.is_superuser:
            return clone
        return clone.filter(clone.scope_filter(user, action))

    def unrestricted(self) -> Self:
        """For internal jobs (imports, reports, tasks, sign-in) that are not acting for one user."""
        return self._scoped_as(INTERNAL)

    def public(self, purpose: str) -> Self:
        """For a page anyone may read. Call it only from a named scope of the model's queryset
        (``public_directory()`` …), which narrows the rows to what that page may show."""
        return self._scoped_as(Scope("public", name=purpose))

    def none(self) -> Self:
        clone = super().none()
        if clone.query.scope is None:
            clone.query.scope = EMPTY
        return clone

    def scope_filter(self, user: Any, action: Action) -> Q:
        """Default rule: staff see their jurisdiction's subtree; ``change_roles`` may change it."""
        prefix = getattr(user, "jurisdiction_prefix", None)
        if prefix is None:
            return NOTHING
        if action == "change" and user.role not in self.change_roles:
            return NOTHING
        return Q(**{f"{self.region_field}__startswith": prefix})

    def region_q(self, region: Any) -> Q:
        return Q(**{f"{self.region_field}__startswith": region.prefix})

    def within(self, region: Any) -> Self:
        """Narrow to a region's subtree (a filter the user chose, not a scope)."""
        return self.filter(self.region_q(region))

    @property
    def scope(self) -> Scope | None:
        return self.query.scope

    # -- refusal ----------------------------------------------------------------------------

    def _check_scoped(self) -> None:
        if self.query.scope is None:
            raise UnscopedQueryError(
                f"{self.model.__name__} queried without for_user(), unrestricted() or a public scope"
            )

    def update(self, **kwargs: Any) -> int:
        self._check_scoped()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scoped()
        return super().delete()

    def raw(self, *args: Any, **kwargs: Any) -> Any:
        # A raw query ignores every filter, the scope's too: only internal jobs may use one.
        if self.query.scope is not INTERNAL:
            raise UnscopedQueryError(f"raw SQL on {self.model.__name__} is for unrestricted() jobs only")
        return super().raw(*args, **kwargs)

    # -- rows remember whom they were loaded for --------------------------------------------

    def _user_to_remember(self) -> Any:
        scope = self.query.scope
        if scope is None or scope.kind != "user" or not issubclass(self._iterable_class, ModelIterable):
            return None
        return scope.user

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._result_cache = list(self._iterable_class(self))
            user = self._user_to_remember()
            if user is not None:
                for obj in self._result_cache:
                    _remember(obj, user)
        if self._prefetch_related_lookups and not self._prefetch_done:
            self._prefetch_related_objects()

    def _iterator(self, use_chunked_fetch: bool, chunk_size: int | None) -> Iterator[Any]:
        user = self._user_to_remember()
        rows = iter(
            self._iterable_class(self, chunked_fetch=use_chunked_fetch, chunk_size=chunk_size or 2000)
        )
        if user is not None:
            rows = (_remembered(obj, user) for obj in rows)
        if not self._prefetch_related_lookups or chunk_size is None:
            yield from rows
            return
        while results := list(islice(rows, chunk_size)):
            prefetch_related_objects(results, *self._prefetch_related_lookups)
            yield from results


def _remembered(obj: models.Model, user: Any) -> models.Model:
    _remember(obj, user)
    return obj


class ChildScopedQuerySet(ScopedQuerySet):
    """Rows that belong to a parent row and are seen by whoever sees the parent: the parent's own
    rule, followed through the foreign key named ``parent_field``."""

    parent_field: ClassVar[str]

    def scope_filter(self, user: Any, action: Action) -> Q:
        parent = self.model._meta.get_field(self.parent_field).related_model
        return reroot(parent._default_manager.get_queryset().scope_filter(user, action), self.parent_field)


class ScopedManager(models.Manager):
    """Hands out unscoped querysets; as a related manager, ones scoped for the parent row's user."""

    def get_queryset(self) -> ScopedQuerySet:
        queryset = super().get_queryset()
        instance = getattr(self, "instance", None)
        user = loaded_for(instance) if instance is not None else None
        return queryset.for_user(user) if user is not None else queryset


def scoped_manager(queryset_class: type[ScopedQuerySet]) -> ScopedManager:
    return ScopedManager.from_queryset(queryset_class)()


def is_scoped_model(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager, ScopedManager)


@contextmanager
def _validation_reads() -> Iterator[None]:
    token = _validating.set(True)
    try:
        yield
    finally:
        _validating.reset(token)


class ScopedModel(models.Model):
    """Base of scoped models: Django's checks of unique fields and constraints look for a colliding row
    wherever it is (a duplicate name is a duplicate, whoever can see the other organization)."""

    class Meta:
        abstract = True

    def validate_unique(self, exclude: Any = None) -> None:
        with _validation_reads():
            super().validate_unique(exclude)

    def validate_constraints(self, exclude: Any = None) -> None:
        with _validation_reads():
            super().validate_constraints(exclude)
