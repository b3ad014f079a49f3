"""One name per street, also when requests race: the database's constraint decides, and every loser
is told on the name field (400 ``duplicate_name``), never a 500. PostgreSQL only (real row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from rest_framework.test import APIClient

from filing import services
from filing.choices import ApplicationKind, ApplicationState
from filing.models import FilingApplication
from registry.choices import Tier
from registry.models import Organization
from tests.conftest import organization_data, valid_credit_code
from tests.filing.conftest import advance, attach_required, new_proposal

pytestmark = pytest.mark.django_db(transaction=True)
NAME = "幸福里社区同名竞速服务队"


def race(count: int, attempt: Callable[[int], str]) -> list[str]:
    """Run ``attempt`` in ``count`` threads released at once; their outcomes."""
    if connection.vendor != "postgresql":
        pytest.skip("races are exercised on PostgreSQL")
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        try:
            barrier.wait()
            result = attempt(index)
        except Exception as error:  # an IntegrityError must show up as an outcome, not vanish
            result = type(error).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return sorted(outcomes)


def test_six_simultaneous_creations_of_one_name_give_one_organization(vocabularies, personas, tree):
    communities = [tree.community_a, tree.village_a] * 3

    codes = [valid_credit_code() for _ in communities]

    def create(index: int) -> str:
        # Registered organizations, entered directly by the district bureau (a street files through
        # applications); each with its own credit code, all with one name in one street.
        data = organization_data(
            communities[index], name=NAME, tier=Tier.REGISTERED, credit_code=codes[index]
        )
        data.update(category=data["category"].code, community=communities[index].code)
        data["founded_on"] = data["founded_on"].isoformat()
        client = APIClient()
        client.force_authenticate(personas["bureau_district"])
        response = client.post("/api/v1/organizations/", data, format="json")
        if response.status_code == 201:
            return "created"
        return f"{response.status_code} " + ",".join(
            f"{error['field']}:{error['code']}" for error in response.json().get("errors", [])
        )

    assert race(6, create) == ["400 name:duplicate_name"] * 5 + ["created"]
    assert Organization.objects.unrestricted().filter(name=NAME).count() == 1


def test_two_simultaneous_approvals_of_one_name_approve_one(vocabularies, personas, tree):
    ids = []
    for name in (NAME, "幸福里社区另名竞速服务队"):  # both in community A, whose committee gives opinions
        application = services.application_create(
            actor=personas["street_a"],
            kind=ApplicationKind.NEW,
            community=tree.community_a,
            contact_name="张三",
            contact_phone="13911112222",
            proposal=new_proposal(name),
        )
        attach_required(personas["street_a"], application)
        ids.append(advance(personas, application, "opinion_given").pk)
    # Drafts are checked for a free name when saved and submitted; two saved at the same moment both
    # pass, which is what this rename behind the checks' back stands for.
    second = FilingApplication.objects.unrestricted().get(pk=ids[1])
    FilingApplication.objects.unrestricted().filter(pk=second.pk).update(
        proposal={**second.proposal, "name": NAME}
    )

    def approve(index: int) -> str:
        try:
            services.application_approve(actor=personas["street_a"], application_id=ids[index])
        except ValidationError as error:
            return ",".join(f"{field}:{e.code}" for field, errors in error.error_dict.items() for e in errors)
        return "approved"

    outcomes = race(2, approve)
    assert outcomes[0] == "approved" and "duplicate_name" in outcomes[1], outcomes
    states = sorted(
        FilingApplication.objects.unrestricted().filter(pk__in=ids).values_list("state", flat=True)
    )
    assert states == sorted([ApplicationState.APPROVED, ApplicationState.OPINION_GIVEN])
    assert Organization.objects.unrestricted().filter(name=NAME).count() == 1
