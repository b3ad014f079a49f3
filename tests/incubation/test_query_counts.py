"""Query counts of every incubation list page, API list, report and base page are pinned, and do not
grow with the number of bases, tenants and records."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from incubation import services
from tests.conftest import make_organization
from tests.factories import system_user
from tests.incubation.conftest import D, active, apply_for, register_base

pytestmark = pytest.mark.django_db
_serial = itertools.count(1)


def grow(tree, bases, count: int) -> None:
    """More bases in 江滨街道's district, each with tenants, services, subsidies and an evaluation."""
    admin = system_user()
    for _ in range(count):
        n = next(_serial)
        base = register_base(tree.street_a, f"江滨第{n}孵化点") if n % 2 else bases.street_a
        tenancy = active(
            apply_for(base, organization=make_organization(tree.community_a, name=f"幸福里社区{n}号队"))
        )
        apply_for(base, organization=make_organization(tree.community_a, name=f"幸福里社区候补{n}号队"))
        services.service_log(
            actor=admin,
            base=base.pk,
            data={
                "tenancy": tenancy.pk,
                "kind": "capacity",
                "given_on": D(2025, 4, 1),
                "hours": 2,
                "participants": 4,
            },
        )
        services.subsidy_record(
            actor=admin,
            base=base.pk,
            data={
                "tenancy": tenancy.pk,
                "kind": "rent",
                "amount": "800",
                "period_start": D(2025, 3, 1),
                "period_end": D(2025, 5, 31),
                "approver": "江滨街道办事处",
                "approved_on": D(2025, 6, 1),
            },
        )
        if n % 2:
            scores = {
                "party": 8,
                "facilities": 12,
                "rules": 12,
                "staff": 12,
                "incubation": 15,
                "services": 12,
                "funds": 8,
            }
            services.base_evaluate(
                actor=admin, base_id=base.pk, year=2024, scores=scores, narrative="运行规范，成效良好。"
            )


def count(request) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = request()
    assert response.status_code == 200, response
    return len(captured)


PAGES = {
    "workbench": (lambda: reverse("incubation-workbench"), {}),
    "bases": (lambda: reverse("incubation-base-list"), {}),
    "tenancies": (lambda: reverse("tenancy-list"), {}),
    "tenancies filtered": (lambda: reverse("tenancy-list"), {"state": "active", "q": "幸福里"}),
    "services": (lambda: reverse("incubation-service-list"), {}),
    "subsidies": (lambda: reverse("incubation-subsidy-list"), {}),
    "evaluations": (lambda: reverse("incubation-evaluation-list"), {}),
    "report": (lambda: reverse("incubation-report"), {"year": 2025}),
    "report workbook": (lambda: reverse("incubation-report-export"), {"year": 2025}),
    "public bases": (lambda: reverse("public-incubation-bases"), {}),
}
API = {
    "api bases": "/api/v1/incubation/bases/",
    "api spaces": "/api/v1/incubation/spaces/",
    "api tenancies": "/api/v1/incubation/tenancies/",
    "api services": "/api/v1/incubation/services/",
    "api subsidies": "/api/v1/incubation/subsidies/",
    "api evaluations": "/api/v1/incubation/evaluations/",
    "api report": "/api/v1/incubation/bases/report/?year=2025",
}
BASE_PAGE = 17
# The API answers with a token, not a session; a page also reads the session and the user.
PINNED = {
    "workbench": 7,
    "bases": 6,
    "tenancies": 8,
    "tenancies filtered": 8,
    "services": 7,
    "subsidies": 7,
    "evaluations": 7,
    "report": 13,
    "report workbook": 12,
    "public bases": 5,  # a signed-in visitor: the idle-session check reads the session and the user
    "api bases": 1,
    "api spaces": 1,
    "api tenancies": 1,
    "api services": 1,
    "api subsidies": 1,
    "api evaluations": 1,
    "api report": 9,
}


@pytest.mark.parametrize("name", sorted(PINNED))
@pytest.mark.parametrize("persona", ["street_a", "operator"])
def test_it_keeps_the_query_count_pinned_and_flat(name, persona, client, tree, personas, bases):
    user = personas[persona]
    client.force_login(user)
    api = APIClient()
    api.force_authenticate(user)

    def request():
        if name in API:
            return api.get(API[name])
        url, params = PAGES[name]
        return client.get(url(), params)

    grow(tree, bases, 2)
    few = count(request)
    grow(tree, bases, 6)
    many = count(request)

    assert few == many <= PINNED[name]


def test_the_base_page_reads_everything_in_a_pinned_number_of_queries(client, tree, personas, bases):
    client.force_login(personas["operator"])
    url = reverse("incubation-base-detail", args=[bases.street_a.pk])
    grow(tree, bases, 2)
    few = count(lambda: client.get(url))
    grow(tree, bases, 8)

    assert count(lambda: client.get(url)) == few == BASE_PAGE
