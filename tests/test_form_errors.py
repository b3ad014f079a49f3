"""Every page form, given every error a service can raise: each lands beside its field, or at the top of
the form when the form has no such field, and the page redraws with it. Never a 500.

The services' error fields are read from their source (the keys of the errors they raise), and the form
pages from the URL resolver (objects to open them with come from the scope sweep's builders), so a new
service error or a new form page is covered without anyone listing it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.template.loader import render_to_string
from django.test import Client
from django.urls import get_resolver, reverse
from django.views.generic.edit import FormMixin

from assessment import services as assessment
from assessment.models import WorkReport
from core.feedback import attach_errors
from filing import services as filing
from filing.models import EventReport
from tests.filing.conftest import new_proposal
from tests.sweep import Place, _registered, _walk

ROOT = Path(__file__).resolve().parent.parent
SERVICE_PACKAGES = ("registry/services", "filing/services", "assessment/services", "incubation/services")
OPENERS = ("street_a", "bureau_district", "community_a", "org_a")


def service_error_fields() -> set[str]:
    """Every field a service names in the errors it raises (and the workflows in their required
    reasons), and the form's top."""
    fields = {NON_FIELD_ERRORS}
    for package in SERVICE_PACKAGES:
        for path in (ROOT / package).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                fields |= _fields_named(node)
    return fields


def _fields_named(node: ast.AST) -> set[str]:
    if isinstance(node, ast.keyword) and node.arg == "reason_field" and isinstance(node.value, ast.Constant):
        return {node.value.value}  # a workflow step's required reason, named by its transition
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("ValidationError", "field_error"):
        first = node.args[0] if node.args else None
        if isinstance(first, ast.Dict):
            return {
                key.value
                for key in first.keys
                if isinstance(key, ast.Constant) and isinstance(key.value, str)
            }
        if node.func.id == "field_error" and isinstance(first, ast.Constant):
            return {first.value}
    added = isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "add"
    if added and getattr(node.func.value, "id", "") == "errors" and node.args:
        first = node.args[0]  # errors.add("field", message, code): incubation's coded errors
        return {first.value} if isinstance(first, ast.Constant) and isinstance(first.value, str) else set()
    stored = isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store)
    if stored and getattr(node.value, "id", "") == "errors" and isinstance(node.slice, ast.Constant):
        return {node.slice.value}
    return set()


def form_pages() -> Iterator[tuple[str, str, type]]:
    for pattern, name, callback in _walk(get_resolver().url_patterns):
        view = getattr(callback, "view_class", None)
        ours = view is not None and view.__module__.split(".")[0] in (
            "registry",
            "filing",
            "assessment",
            "incubation",
        )
        if ours and issubclass(view, FormMixin):
            yield pattern, name, view


def _url(pattern: str, name: str, view: type, place: Place) -> str:
    if "<int:pk>" not in pattern:
        return reverse(name) + ("?kind=new" if name == "application-create" else "")
    if name == "registration-case-create":  # the bureau's cases are on registered organizations
        return reverse(name, kwargs={"pk": _registered(place, "幸福里社区扫描登记协会").pk})
    obj = place.get(view.model)
    if isinstance(obj, EventReport):  # resubmitting is for a report the street asked more about
        filing.event_report_request_more_info(actor=place.admin, report_id=obj.pk, response="请补充安全预案")
    if isinstance(obj, WorkReport) and obj.state == "submitted":  # so is correcting a returned work report
        assessment.work_report_return(actor=place.admin, report_id=obj.pk, response="请补充活动照片")
        obj.refresh_from_db()
    return reverse(name, kwargs={"pk": obj.pk})


def _open(clients: dict[str, Client], url: str) -> Any:
    for persona in OPENERS:
        response = clients[persona].get(url)
        if response.status_code == 200 and "form" in (response.context or {}):
            return response
    raise AssertionError(f"no persona could open the form at {url}")


def test_the_services_name_their_error_fields():
    assert {"contact_phone", "kind", "community", "name", "reason", "feedback", "jurisdiction"} <= (
        service_error_fields()
    )


@pytest.mark.django_db
def test_every_form_shows_every_service_error(tree, personas, admin_user):
    place = Place(tree.community_a, admin_user)
    clients = {}
    for persona in OPENERS:
        clients[persona] = Client()
        clients[persona].force_login(personas[persona])
    fields = sorted(service_error_fields())
    pages = list(form_pages())
    assert len(pages) >= 10
    for pattern, name, view in pages:
        response = _open(clients, _url(pattern, name, view, place))
        form = response.context["form"]
        form.cleaned_data = {}  # as after is_valid(): a service answers only a form that passed its checks
        error = ValidationError(
            {field: ValidationError(f"服务错误（{field}）", code="invalid") for field in fields}
        )
        attach_errors(form, error)
        flat = [str(message) for messages in form.errors.values() for message in messages]
        assert sorted(flat) == sorted(f"服务错误（{field}）" for field in fields), name
        context = response.context[0].flatten()
        page = render_to_string(
            response.templates[0].name, {**context, "form": form}, request=response.wsgi_request
        )
        for field in fields:
            assert f"服务错误（{field}）" in page, (name, field)


@pytest.mark.django_db
def test_an_organization_account_posting_a_new_filing_is_told_why(client, personas, tree):
    """The service refuses a new filing from an organization's account on a field the form does not have."""
    client.force_login(personas["org_a"])
    proposal = new_proposal(name="幸福里社区新设服务队")
    data = {
        **{key: value for key, value in proposal.items() if not isinstance(value, list)},
        "domains": proposal["domains"],
        "target_groups": proposal["target_groups"],
        "funding_sources": proposal["funding_sources"],
        "contact_name": "刘桂兰",
        "contact_phone": "13911112222",
        "community": tree.community_a.code,
    }
    response = client.post(reverse("application-create") + "?kind=new", data)
    assert response.status_code == 200
    assert "组织账号只能办理本组织的变更或注销" in response.content.decode()
