"""The Django admin goes through the same scoping and the same services as every page.

- ``ScopedAdminMixin``: a scoped model's rows, the choices offered for its relations, the label a raw-id
  input shows, the choices of a list filter over a scoped relation, and the rows an inline lists all come
  from ``for_user()``; a row may be changed or deleted only inside the user's ``change`` scope. A
  superuser's scope is everything; a staff account sees its jurisdiction and nothing else.
- ``ServiceAdminMixin``: saves call the app's service (which validates, writes and records the trail
  event); a service refusing the data shows its errors on the form, as the form's own errors are shown.
- ``ScopedHistoryAdminMixin``: django-simple-history's pages read the recorded versions through the
  history model's own scope, read only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin import FieldListFilter, RelatedFieldListFilter, helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget, ManyToManyRawIdWidget
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import Field, ForeignObjectRel, Model, QuerySet
from django.forms import BaseFormSet, BaseModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator

from .scoping import Action, is_scoped_model


def _scoped(model: type[Model], request: HttpRequest, action: Action = "view") -> QuerySet[Any]:
    return model._default_manager.get_queryset().for_user(request.user, action)


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id input that names the chosen row through the form field's own (scoped) choices, not
    through the model's default manager: a row outside the user's scope is not named at all."""

    def __init__(self, rel: Any, admin_site: Any, queryset: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(rel, admin_site, **kwargs)
        self.queryset = queryset

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        key = self.rel.get_related_field().name
        try:
            obj = self.queryset.using(self.db).get(**{key: value})
        except (ValueError, ValidationError, self.rel.model.DoesNotExist):
            return "", ""
        opts = obj._meta
        try:
            url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=(obj.pk,))
        except NoReverseMatch:
            url = ""
        return Truncator(obj).words(14), url


class ScopedRelatedFieldListFilter(RelatedFieldListFilter):
    """A list filter over a relation to a scoped model offers only the rows the user may see."""

    def field_choices(self, field: Any, request: HttpRequest, model_admin: Any) -> list[tuple[Any, str]]:
        rows = _scoped(field.related_model, request)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            rows = rows.order_by(*ordering)
        forward = not isinstance(field, ForeignObjectRel) and hasattr(field.remote_field, "get_related_field")
        key = field.remote_field.get_related_field().attname if forward else "pk"
        return [(getattr(row, key), str(row)) for row in rows]


def _relates_to_scoped_model(field: Field) -> bool:
    related = field.related_model if field.remote_field is not None else None
    return related is not None and is_scoped_model(related)


FieldListFilter.register(_relates_to_scoped_model, ScopedRelatedFieldListFilter, take_priority=True)


class ScopedAdminMixin:
    """For a ModelAdmin or an inline: every read of a scoped model goes through ``for_user()``."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = self.model._default_manager.get_queryset()
        if is_scoped_model(self.model):
            queryset = queryset.for_user(request.user)
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def _scope_formfield(self, formfield: Any, request: HttpRequest) -> Any:
        if formfield is None or not is_scoped_model(formfield.queryset.model):
            return formfield
        formfield.queryset = formfield.queryset.for_user(request.user)
        widget = formfield.widget
        if isinstance(widget, ForeignKeyRawIdWidget) and not isinstance(widget, ManyToManyRawIdWidget):
            formfield.widget = ScopedRawIdWidget(
                widget.rel, widget.admin_site, formfield.queryset, attrs=widget.attrs, using=widget.db
            )
        return formfield

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return self._scope_formfield(super().formfield_for_foreignkey(db_field, request, **kwargs), request)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return self._scope_formfield(super().formfield_for_manytomany(db_field, request, **kwargs), request)

    def _may_change(self, request: HttpRequest, obj: Model | None) -> bool:
        # An inline is asked about its parent row; only a row of this admin's own model is checked.
        if not isinstance(obj, self.model) or not is_scoped_model(self.model) or request.user.is_superuser:
            return True
        return _scoped(self.model, request, "change").filter(pk=obj.pk).exists()

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._may_change(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_change(request, obj)


# Where a refused save leaves the service's errors for the form asked again in the same request.
_REFUSAL = "_service_refusal"


def _form_carrying(form_class: type[BaseModelForm], refusal: ValidationError) -> type[BaseModelForm]:
    class RefusedForm(form_class):  # type: ignore[misc, valid-type]
        def clean(self) -> dict[str, Any]:
            cleaned = super().clean()
            errors = refusal.error_dict if hasattr(refusal, "error_dict") else {NON_FIELD_ERRORS: [refusal]}
            for field, messages in errors.items():
                self.add_error(field if field in self.fields else None, messages)
            return cleaned

    return RefusedForm


def _formset_carrying(formset_class: type[BaseFormSet], refusal: ValidationError) -> type[BaseFormSet]:
    class RefusedFormSet(formset_class):  # type: ignore[misc, valid-type]
        def clean(self) -> None:
            super().clean()
            raise ValidationError(refusal.messages)

    return RefusedFormSet


class ServiceAdminMixin:
    """For a ModelAdmin whose saves go through a service: ``save_model`` calls it, and must be written.

    A service validates what it is given and raises ``ValidationError`` when the data breaks a rule the
    form does not know. The admin's transaction is then rolled back and the same view is asked again,
    with the form (or the list's formset) carrying the service's errors, so the user sees them beside the
    fields instead of an error page. Relations are the service's too, so the form does not save them.
    Rows kept through services end through them as well (revocation, deactivation), never by deletion.
    """

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        raise NotImplementedError(f"{type(self).__name__} must save through a service")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def _asked_again(self, view: Any, request: HttpRequest, *args: Any) -> HttpResponse:
        try:
            return view(request, *args)
        except ValidationError as refusal:
            if hasattr(request, _REFUSAL):
                raise  # refused although the form carried the errors: a defect, not bad input
            setattr(request, _REFUSAL, refusal)
            return view(request, *args)

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        return self._asked_again(super().changeform_view, request, object_id, form_url, extra_context)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return self._asked_again(super().changelist_view, request, extra_context)

    def get_form(self, request: HttpRequest, obj: Model | None = None, **kwargs: Any) -> Any:
        form_class = super().get_form(request, obj, **kwargs)
        refusal = getattr(request, _REFUSAL, None)
        return _form_carrying(form_class, refusal) if refusal is not None else form_class

    def get_changelist_formset(self, request: HttpRequest, **kwargs: Any) -> Any:
        formset_class = super().get_changelist_formset(request, **kwargs)
        refusal = getattr(request, _REFUSAL, None)
        return _formset_carrying(formset_class, refusal) if refusal is not None else formset_class


class ScopedHistoryAdminMixin(ScopedAdminMixin):
    """For a ``SimpleHistoryAdmin``: the versions listed and the one shown are read through the history
    model's scope for the signed-in user. Nothing is reverted here: every change goes through a service,
    which writes the version and the trail event itself."""

    def get_history_queryset(
        self, request: HttpRequest, history_manager: Any, pk_name: str, object_id: Any
    ) -> QuerySet[Any]:
        versions = history_manager.get_queryset().for_user(request.user).filter(**{pk_name: object_id})
        if not isinstance(history_manager.model.history_user, property):
            versions = versions.select_related("history_user")
        return versions._select_related_history_tracked_objs()

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return True

    def history_form_view(
        self, request: HttpRequest, object_id: str, version_id: str, extra_context: Any = None
    ) -> HttpResponse:
        """One recorded version, every field read only."""
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        request.current_app = self.admin_site.name
        opts = self.model._meta
        history = getattr(self.model, opts.simple_history_manager_attribute)
        versions = self.get_history_queryset(request, history, opts.pk.attname, unquote(object_id))
        obj = get_object_or_404(versions, history_id=version_id).instance
        obj._state.adding = False
        if not self.has_view_history_or_change_history_permission(request, obj):
            raise PermissionDenied
        form = self.get_form(request, obj, fields=())(instance=obj)
        fieldsets = self.get_fieldsets(request, obj)
        admin_form = helpers.AdminForm(form, fieldsets, {}, flatten_fieldsets(fieldsets), model_admin=self)
        names = self.admin_site.name, opts.app_label, opts.model_name
        context = {
            **self.admin_site.each_context(request),
            "title": self.history_form_view_title(request, obj),
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "media": self.media + admin_form.media,
            "errors": helpers.AdminErrorList(form, []),
            "app_label": opts.app_label,
            "original_opts": opts,
            "opts": history.model._meta,
            "changelist_url": reverse("{}:{}_{}_changelist".format(*names)),
            "change_url": reverse("{}:{}_{}_change".format(*names), args=(obj.pk,)),
            "history_url": reverse("{}:{}_{}_history".format(*names), args=(obj.pk,)),
            "change_history": False,
            "revert_disabled": True,
            "add": False,
            "change": True,
            "has_add_permission": False,
            "has_view_permission": True,
            "has_change_permission": False,
            "has_delete_permission": False,
            "has_editable_inline_admin_formsets": False,
            "has_file_field": False,
            "has_absolute_url": False,
            "form_url": "",
            "save_as": False,
            "save_on_top": False,
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_form_template, context)
