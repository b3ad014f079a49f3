"""The scope sweep: every URL that carries the key of a scoped object, asked by every persona for objects
of other jurisdictions, must answer exactly as for an object that does not exist (404) and change nothing.

The URLs are not listed by hand: they are read from the URL resolver and the API router. A page names
the model its key refers to (``model`` on a class view, ``core.pages.object_view`` on a function
view; a viewset's ``queryset``); ``BUILDERS`` below knows how to make one object of each such model in
a given community. A new URL is swept without anyone adding it anywhere; a URL whose model or extra
path parameter the sweep cannot build fails until it is taught here.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from assessment.models import QuotaPolicy, QuotaReport
from assessment.services import policy_copy, report_request
from core.export_jobs import export_request
from core.models import ExportJob
from core.scoping import is_scoped_model
from filing import services as filing
from filing.choices import ApplicationKind, EventKind, MaterialKind
from filing.models import (
    ApplicationMaterial,
    Certificate,
    Complaint,
    DormancyFlag,
    EventReport,
    FilingApplication,
    RegistrationCase,
)
from incubation import services as incubation
from incubation.models import (
    BaseEvaluation,
    BaseOperator,
    IncubationBase,
    ServiceRecord,
    Space,
    Subsidy,
    Tenancy,
)
from registry import services as registry
from registry.choices import Role, Tier
from registry.models import (
    Category,
    Federation,
    LedgerImport,
    Notification,
    Organization,
    Region,
    SocialWorker,
    User,
)
from tests.conftest import make_organization, valid_credit_code
from tests.sweep_evaluation import EVALUATION_BUILDERS

MISSING_NUMBER, MISSING_CODE = "987654321", "999999999999"
# Path parameters that are not the object's key, and what fills them.
SECONDARY = {"material_id", "action", "format"}
# The admin has its own test (tests/registry/test_admin.py); an emailed password-reset link carries a
# signed token, and a blank form's slug names a printed form, neither an object of a jurisdiction
# (tests/registry/test_passwords.py, tests/filing/test_material_checklist.py).
SKIPPED_PREFIXES = ("admin/", "password-reset/", "public/forms/")


@dataclass(frozen=True)
class Route:
    name: str  # the URL name, "api:" for the router's
    pattern: str
    model: type[models.Model] | None
    methods: tuple[str, ...]
    params: tuple[str, ...]
    actions: tuple[str, ...] = ()  # values of an <action> parameter

    @property
    def key(self) -> str:
        return "code" if "code" in self.params else "pk"

    @property
    def missing(self) -> str:
        """A key no object has: a region code (the primary key of regions) or a number."""
        by_code = self.key == "code" or isinstance(self.model and self.model._meta.pk, models.CharField)
        return MISSING_CODE if by_code else MISSING_NUMBER


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Any]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), space)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + str(entry.pattern), namespace + entry.name, entry.callback


def _names(pattern: str) -> list[str]:
    return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)]


def object_routes() -> list[Route]:
    """Every URL (pages and API) whose path carries the key of an object."""
    routes: dict[tuple[str, str], Route] = {}
    for pattern, name, callback in _walk(get_resolver().url_patterns):
        if pattern.startswith(SKIPPED_PREFIXES) or "format" in _names(pattern):
            continue
        params = tuple(_names(pattern))
        if not set(params) - SECONDARY:
            continue
        viewset = getattr(callback, "cls", None)
        if viewset is not None and hasattr(callback, "actions"):
            model = viewset.queryset.model if viewset.queryset is not None else None
            methods = tuple(method.upper() for method in callback.actions)
            routes[name, pattern] = Route(name, pattern, model, methods, params)
            continue
        view_class = getattr(callback, "view_class", None)
        model = getattr(view_class, "model", None) or getattr(callback, "model", None)
        actions = tuple(getattr(view_class, "actions", {}) or ())
        routes[name, pattern] = Route(name, pattern, model, ("GET", "POST"), params, actions)
    return list(routes.values())


# -- building objects of other jurisdictions -------------------------------------------------------


@dataclass
class Place:
    """A community of another jurisdiction, and a superuser to build things there with."""

    community: Region
    admin: User
    built: dict[type[models.Model], models.Model] = field(default_factory=dict)

    @property
    def street(self) -> Region:
        return self.community.parent

    def get(self, model: type[models.Model]) -> models.Model:
        if model not in self.built:
            if model not in BUILDERS:
                raise LookupError(
                    f"the scope sweep cannot build a {model.__name__}: teach it in tests/sweep.py"
                )
            self.built[model] = BUILDERS[model](self)
        return self.built[model]


def _organization(place: Place) -> Organization:
    return make_organization(place.community, name=f"{place.community.name}扫描互助队")


def _application(place: Place) -> FilingApplication:
    application = filing.application_create(
        actor=place.admin,
        kind=ApplicationKind.CHANGE,
        organization=place.get(Organization),
        contact_name="赵敏",
        contact_phone="13922223333",
        proposal={"member_count": 30},
        fact_date=timezone.localdate(),
    )
    return application


def _material(place: Place) -> ApplicationMaterial:
    from tests.filing.conftest import pdf

    return filing.material_add(
        actor=place.admin,
        application_id=place.get(FilingApplication).pk,
        kind=MaterialKind.FILING_FORM,
        upload=pdf(),
    )


def _certificate(place: Place) -> Certificate:
    return filing.certificate_issue(organization=place.get(Organization))


def _complaint(place: Place) -> Complaint:
    return filing.complaint_file(
        organization=place.get(Organization), content="夜间活动噪音扰民，影响居民休息。"
    )


def _event_report(place: Place) -> EventReport:
    start = timezone.now() + datetime.timedelta(days=10)
    data = {
        "kind": EventKind.FESTIVAL,
        "title": "扫描游园会",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=3),
        "venue": "社区广场",
        "expected_participants": 80,
        "description": "游园活动",
        "safety_measures": "安全员10名",
    }
    return filing.event_report_submit(
        actor=place.admin, organization_id=place.get(Organization).pk, data=data
    )


def _dormancy_flag(place: Place) -> DormancyFlag:
    return filing.dormancy_flag_unreachable(
        actor=place.admin, organization_id=place.get(Organization).pk, note="电话多次无人接听"
    )


def _registered(place: Place, name: str) -> Organization:
    return make_organization(
        place.community,
        name=name,
        tier=Tier.REGISTERED,
        credit_code=valid_credit_code(division=place.community.code[:6]),
        category=Category.objects.get(code="culture"),
    )


def _registration_case(place: Place) -> RegistrationCase:
    registered = _registered(place, f"{place.community.name}扫描登记协会")
    return filing.registration_case_open(
        actor=place.admin, organization_id=registered.pk, kind="deregistration", grounds="扫描注销"
    )


def _federation(place: Place) -> Federation:
    hub = _registered(place, f"{place.street.name}扫描联合会")
    return registry.federation_create(
        actor=place.admin, organization=hub, founded_on=datetime.date(2024, 1, 1), members=[]
    )


def _social_worker(place: Place) -> SocialWorker:
    data = {
        "name": "扫描社工",
        "community": place.community,
        "qualification": "assistant",
        "certificate_number": f"SW-{place.community.code}",
        "certified_on": datetime.date(2022, 1, 1),
        "is_active": True,
    }
    return registry.social_worker_create(actor=place.admin, data=data)


def _notification(place: Place) -> Notification:
    owner = User.objects.unrestricted().filter(role=Role.STREET, region=place.street).first()
    owner = owner or User.objects.create_user(
        f"sweep_{place.street.code}", role=Role.STREET, region=place.street
    )
    return registry.notification_send(user=owner, title="扫描消息", body="")


def _policy(place: Place) -> QuotaPolicy:
    source = QuotaPolicy.objects.unrestricted().get(preset="beijing", jurisdiction=None)
    return policy_copy(actor=place.admin, source=source, jurisdiction=place.street, name="扫描方案")


def _report(place: Place) -> QuotaReport:
    return report_request(actor=None, policy=place.get(QuotaPolicy), region=place.street)


def _base(place: Place) -> IncubationBase:
    data = {
        "name": f"{place.street.name}扫描孵化中心",
        "operator_name": "扫描运营机构",
        "address": "扫描路1号",
        "contact_name": "扫描",
        "phone": "0571-88886666",
        "opened_on": datetime.date(2024, 1, 1),
        "funding": "budget",
        "area": 300,
    }
    base = incubation.base_register(actor=place.admin, region=place.street, data=data)
    return incubation.base_approve(actor=place.admin, base_id=base.pk)


def _space(place: Place) -> Space:
    data = {"name": "扫描工位", "kind": "hot_desk", "capacity": 4, "for_tenants": True}
    return incubation.space_add(actor=place.admin, base_id=place.get(IncubationBase).pk, data=data)


def _base_operator(place: Place) -> BaseOperator:
    account = User.objects.create_user(
        f"sweep_op_{place.street.code}", role=Role.OPERATOR, region=place.street
    )
    return incubation.operator_bind(
        actor=place.admin, base_id=place.get(IncubationBase).pk, username=account.username
    )


def _tenancy(place: Place) -> Tenancy:
    """A group not yet filed, admitted to the base's desks."""
    data = {
        "group_name": f"{place.community.name}扫描小组",
        "community": place.community.code,
        "category": "charity",
        "contact_name": "扫描",
        "contact_phone": "13922223333",
    }
    tenancy = incubation.tenancy_apply(actor=place.admin, base=place.get(IncubationBase).pk, data=data)
    return incubation.tenancy_admit(
        actor=place.admin,
        tenancy_id=tenancy.pk,
        planned_start=datetime.date(2025, 1, 1),
        planned_end=datetime.date(2025, 12, 31),
        space=place.get(Space).pk,
    )


def _service_record(place: Place) -> ServiceRecord:
    data = {
        "tenancy": place.get(Tenancy).pk,
        "kind": "capacity",
        "given_on": datetime.date(2025, 3, 1),
        "hours": 2,
        "participants": 3,
    }
    return incubation.service_log(actor=place.admin, base=place.get(IncubationBase).pk, data=data)


def _subsidy(place: Place) -> Subsidy:
    data = {
        "tenancy": place.get(Tenancy).pk,
        "kind": "rent",
        "amount": "1000",
        "period_start": datetime.date(2025, 1, 1),
        "period_end": datetime.date(2025, 3, 31),
        "approver": "扫描街道",
        "approved_on": datetime.date(2025, 4, 1),
    }
    return incubation.subsidy_record(actor=place.admin, base=place.get(IncubationBase).pk, data=data)


def _evaluation(place: Place) -> BaseEvaluation:
    scores = {
        "party": 8,
        "facilities": 12,
        "rules": 12,
        "staff": 12,
        "incubation": 15,
        "services": 12,
        "funds": 8,
    }
    return incubation.base_evaluate(
        actor=place.admin,
        base_id=place.get(IncubationBase).pk,
        year=2024,
        scores=scores,
        narrative="扫描评估意见，运行正常。",
    )


def _export_job(place: Place) -> ExportJob:
    return export_request(actor=place.admin, name="registry.organizations", params={})


def _ledger(place: Place) -> LedgerImport:
    return LedgerImport.objects.create(kind="organizations", region=place.street, file_name="台账.xlsx")


BUILDERS: dict[type[models.Model], Callable[[Place], models.Model]] = {
    Region: lambda place: place.community,
    Organization: _organization,
    FilingApplication: _application,
    ApplicationMaterial: _material,
    Certificate: _certificate,
    Complaint: _complaint,
    EventReport: _event_report,
    DormancyFlag: _dormancy_flag,
    RegistrationCase: _registration_case,
    Federation: _federation,
    SocialWorker: _social_worker,
    Notification: _notification,
    User: lambda place: User.objects.create_user(
        f"sweep_user_{place.community.code}", role=Role.COMMUNITY, region=place.community
    ),
    LedgerImport: _ledger,
    QuotaPolicy: _policy,
    QuotaReport: _report,
    IncubationBase: _base,
    Space: _space,
    BaseOperator: _base_operator,
    Tenancy: _tenancy,
    ServiceRecord: _service_record,
    Subsidy: _subsidy,
    BaseEvaluation: _evaluation,
    ExportJob: _export_job,
    **EVALUATION_BUILDERS,
}


# -- asking ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    persona: str
    route: str
    method: str
    url: str
    status: int
    expected: int

    def __str__(self) -> str:
        return (
            f"{self.persona} {self.method} {self.url} ({self.route}): {self.status}, expected {self.expected}"
        )


def _url(route: Route, key: str, place: Place | None) -> str:
    kwargs: dict[str, Any] = {route.key: key}
    if "material_id" in route.params:
        kwargs["material_id"] = place.get(ApplicationMaterial).pk if place else MISSING_NUMBER
    unknown = set(route.params) - {route.key, "material_id", "action"}
    if unknown:
        raise LookupError(
            f"the scope sweep cannot fill {sorted(unknown)} of {route.name}: teach it in tests/sweep.py"
        )
    if "action" in route.params:
        if not route.actions:
            raise LookupError(f"{route.name} takes an <action> but its view names none in ``actions``")
        kwargs["action"] = route.actions[0]
    return reverse(route.name, kwargs=kwargs)


def _urls(route: Route, key: str, place: Place | None) -> list[str]:
    if "action" not in route.params:
        return [_url(route, key, place)]
    return [_url(Route(**{**route.__dict__, "actions": (action,)}), key, place) for action in route.actions]


def _ask(client: Client, method: str, url: str) -> int:
    send = getattr(client, method.lower())
    kwargs = {"content_type": "application/json", "data": "{}"} if method in ("PUT", "PATCH") else {}
    return send(url, **kwargs).status_code


def fingerprint() -> dict[str, int]:
    """A hash of every row of every table the platform writes (sessions and sign-in times aside)."""
    prints = {}
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "admin", "contenttypes", "auth", "django_celery_beat"):
            continue
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "last_login"]
        rows = model._base_manager.order_by("pk").values_list(*fields)
        prints[model._meta.label] = hash(repr(list(rows)))
    return prints


def sweep(client: Client, persona: str, places: list[Place], routes: list[Route]) -> list[Leak]:
    """Ask every route for the objects of ``places`` (outside the signed-in persona's jurisdiction);
    every answer must be the one a missing key gets: 404 (or 405 where the URL does not take the
    method at all)."""
    leaks = []
    for route in routes:
        if route.model is None:
            raise LookupError(f"{route.name} carries a key but names no model: set ``model`` on its view")
        for method in route.methods:
            foreign = [_urls(route, str(place.get(route.model).pk), place) for place in places]
            missing = _urls(route, route.missing, None)
            for missing_url, urls in zip(missing, zip(*foreign, strict=True), strict=True):
                expected = _ask(client, method, missing_url)
                # 405: the URL does not take this method at all, whatever the key.
                if expected not in (404, 405):
                    leaks.append(Leak(persona, route.name, method, missing_url, expected, 404))
                for url in urls:
                    status = _ask(client, method, url)
                    if status != expected:
                        leaks.append(Leak(persona, route.name, method, url, status, expected))
    return leaks


def scoped_routes() -> list[Route]:
    """The object routes that require signing in (the anonymous are sent to log in or refused), with
    a scoped model: the public pages that take a key (verification codes, announcements) are not."""
    anonymous = Client()
    found = []
    for route in object_routes():
        url = _urls(route, route.missing, None)[0]
        status = anonymous.get(url).status_code if "GET" in route.methods else anonymous.post(url).status_code
        if status in (302, 401, 403) and (route.model is None or is_scoped_model(route.model)):
            found.append(route)
    return found


def outside(user: User, community: Region) -> bool:
    """Whether a community lies outside what the persona governs (for accounts without a
    jurisdiction, everything is outside but their own)."""
    prefix = user.jurisdiction_prefix
    return prefix is None or not community.code.startswith(prefix)
