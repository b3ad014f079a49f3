"""The one place where jurisdiction is applied.

Every scoped model's manager hands out querysets that refuse to be evaluated until they have
been restricted with ``for_user(user, action)`` (or explicitly marked ``unrestricted()`` by
internal jobs such as imports and reports). A forgotten scope is therefore a loud error in
tests rather than a silent leak. Related managers reached from an object already in hand are
trusted: the object itself was loaded through a scoped query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

from django.db import models
from django.db.models import Q

from .choices import Role

if TYPE_CHECKING:
    from .models import Region

Action = Literal["view", "change"]
NOTHING = Q(pk__in=[])


class UnscopedQueryError(RuntimeError):
    """A scoped model was queried without for_user() or unrestricted()."""


class ScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a region of the division tree.

    Subclasses name ``region_field``, the lookup path to the row's region code.
    """

    region_field: ClassVar[str]
    # Roles that may change rows inside their jurisdiction; everyone else only reads.
    change_roles: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._scoped = False

    def _clone(self) -> Self:
        clone = super()._clone()
        clone._scoped = self._scoped
        return clone

    # -- restriction ------------------------------------------------------------------------

    def for_user(self, user: Any, action: Action = "view") -> Self:
        """Rows the user may see (``view``) or change (``change``); nothing for the anonymous."""
        clone = self._clone()
        clone._scoped = True
        if not (user and user.is_authenticated and user.is_active):
            return clone.filter(NOTHING)
        if user.is_superuser:
            return clone
        return clone.filter(clone.scope_filter(user, action))

    def unrestricted(self) -> Self:
        """For internal jobs (imports, reports, tasks) that are not acting for one user."""
        clone = self._clone()
        clone._scoped = True
        return clone

    def scope_filter(self, user: Any, action: Action) -> Q:
        """Default rule: staff see their jurisdiction's subtree; ``change_roles`` may change it."""
        if user.role == Role.ORGANIZATION or user.region_id is None:
            return NOTHING
        if action == "change" and user.role not in self.change_roles:
            return NOTHING
        return self.region_q(user.region)

    def region_q(self, region: Region) -> Q:
        return Q(**{f"{self.region_field}__startswith": region.prefix})

    def within(self, region: Region) -> Self:
        """Narrow to a region's subtree (a filter the user chose, not a scope)."""
        return self.filter(self.region_q(region))

    # -- refusal ----------------------------------------------------------------------------

    def _check_scoped(self) -> None:
        if not self._scoped:
            raise UnscopedQueryError(f"{self.model.__name__} queried without for_user() or unrestricted()")

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._check_scoped()
        super()._fetch_all()

    def iterator(self, *args: Any, **kwargs: Any):  # type: ignore[override]
        self._check_scoped()
        return super().iterator(*args, **kwargs)

    def count(self) -> int:
        if self._result_cache is None:
            self._check_scoped()
        return super().count()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scoped()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._check_scoped()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scoped()
        return super().delete()


class ScopedManager(models.Manager):
    def get_queryset(self) -> ScopedQuerySet:
        queryset = super().get_queryset()
        # A related manager (org.accounts, federation.members …) carries the object it hangs
        # from; that object was loaded through a scoped query, so its relations are trusted.
        if getattr(self, "instance", None) is not None:
            queryset._scoped = True
        return queryset


def scoped_manager(queryset_class: type[ScopedQuerySet]) -> ScopedManager:
    return ScopedManager.from_queryset(queryset_class)()


def is_scoped_model(model: type[models.Model]) -> bool:
    return isinstance(model._default_manager, ScopedManager)
