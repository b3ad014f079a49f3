"""API v1 of incubation: the same scoping, steps and coded errors as the pages, in JSON."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from core.models import Event
from incubation.choices import TenancyState
from tests.conftest import make_organization
from tests.incubation.conftest import D, active, apply_for

pytestmark = pytest.mark.django_db

API = "/api/v1/incubation"


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def field_codes(response) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for error in response.json()["errors"]:
        found.setdefault(error["field"], []).append(error["code"])
    return found


def test_an_operator_lists_only_its_bases_and_their_tenancies(personas, bases, tenant_org, tree):
    mine = apply_for(bases.street_a, organization=tenant_org)
    apply_for(bases.street_b, organization=make_organization(tree.community_b, name="湖畔社区书画社"))
    operator = api_for(personas["operator"])

    listed_bases = operator.get(f"{API}/bases/").json()["results"]
    listed = operator.get(f"{API}/tenancies/").json()["results"]

    assert [base["name"] for base in listed_bases] == ["江滨街道社会组织培育孵化中心"]
    assert [tenancy["id"] for tenancy in listed] == [mine.pk]
    assert listed[0]["contact_phone"] == "139****2222"
    assert listed[0]["allowed_actions"] == ["admit", "reject"]


def test_an_organization_applies_and_the_operator_admits(personas, bases):
    org_a, operator = api_for(personas["org_a"]), api_for(personas["operator"])

    applied = org_a.post(
        f"{API}/tenancies/",
        {
            "base": bases.street_a.pk,
            "contact_name": "刘桂兰",
            "contact_phone": "13911112222",
            "wanted_services": ["office"],
        },
        format="json",
    )
    assert applied.status_code == 201, applied.json()
    pk = applied.json()["id"]
    assert applied.json()["organization"]["name"] == "幸福里社区夕阳红合唱队"

    admitted = operator.post(
        f"{API}/tenancies/{pk}/admit/",
        {"planned_start": "2025-03-01", "planned_end": "2026-02-28", "space": bases.office.pk},
        format="json",
    )

    assert admitted.status_code == 200
    assert (admitted.json()["state"], admitted.json()["space"]) == (TenancyState.ADMITTED, bases.office.pk)
    assert org_a.get(f"{API}/tenancies/{pk}/").json()["allowed_actions"] == []


def test_steps_answer_404_outside_scope_403_for_another_part_409_from_the_wrong_state(
    personas, bases, tenant_org
):
    tenancy = apply_for(bases.street_a, personas["org_a"], organization=personas["org_a"].organization)
    url = f"{API}/tenancies/{tenancy.pk}"

    outside = api_for(bases.operator_b).post(f"{url}/admit/", {"planned_start": "2025-03-01"}, format="json")
    denied = api_for(personas["org_a"]).post(f"{url}/reject/", {"reason": "不要了"}, format="json")
    wrong_state = api_for(personas["operator"]).post(f"{url}/graduate/", {}, format="json")

    assert outside.status_code == 404
    assert denied.status_code == 403
    assert (wrong_state.status_code, wrong_state.json()["code"]) == (409, "invalid_transition")


def test_a_full_space_and_a_bad_term_come_back_as_field_codes(personas, bases, tree):
    first = apply_for(bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区甲队"))
    second = apply_for(
        bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区乙队")
    )
    operator = api_for(personas["operator"])
    term = {"planned_start": "2025-03-01", "planned_end": "2026-02-28", "space": bases.office.pk}
    operator.post(f"{API}/tenancies/{first.pk}/admit/", term, format="json")

    full = operator.post(f"{API}/tenancies/{second.pk}/admit/", term, format="json")
    backwards = operator.post(
        f"{API}/tenancies/{second.pk}/admit/", {**term, "planned_end": "2025-01-01"}, format="json"
    )

    assert (full.status_code, field_codes(full)) == (400, {"space": ["space_full"]})
    assert field_codes(backwards) == {"planned_end": ["ends_before_start"]}


def test_a_negative_or_absurd_subsidy_is_refused_and_nothing_saved(personas, bases, tenant_org):
    tenancy = active(apply_for(bases.street_a, organization=tenant_org), bases.office)
    operator = api_for(personas["operator"])
    data = {
        "base": bases.street_a.pk,
        "tenancy": tenancy.pk,
        "kind": "rent",
        "period_start": "2025-03-01",
        "period_end": "2025-05-31",
        "approver": "江滨街道办事处",
        "approved_on": "2025-06-01",
    }

    negative = operator.post(f"{API}/subsidies/", {**data, "amount": "-500"}, format="json")
    absurd = operator.post(f"{API}/subsidies/", {**data, "amount": "1e12"}, format="json")
    fine = operator.post(f"{API}/subsidies/", {**data, "amount": "3000"}, format="json")

    assert field_codes(negative) == {"amount": ["amount_min"]}
    assert field_codes(absurd) == {"amount": ["amount_max"]}
    assert fine.status_code == 201 and fine.json()["amount"] == "3000.00"
    assert operator.get(f"{API}/subsidies/").json()["results"][0]["id"] == fine.json()["id"]


def test_a_space_of_another_base_is_refused(personas, bases, tenant_org):
    tenancy = apply_for(bases.street_b, organization=tenant_org)

    response = api_for(bases.operator_b).post(
        f"{API}/tenancies/{tenancy.pk}/admit/",
        {"planned_start": "2025-03-01", "planned_end": "2026-02-28", "space": bases.office.pk},
        format="json",
    )

    assert field_codes(response) == {"space": ["space_of_other_base"]}


def test_a_space_with_capacity_zero_is_refused(personas, bases):
    response = api_for(personas["operator"]).post(
        f"{API}/spaces/",
        {"base": bases.street_a.pk, "name": "零号工位", "kind": "hot_desk", "capacity": 0},
        format="json",
    )

    assert (response.status_code, field_codes(response)) == (400, {"capacity": ["capacity_min"]})


def test_staff_register_and_approve_a_base_the_operator_cannot(tree, personas):
    data = {
        "region": tree.street_a.code,
        "name": "江滨街道第二孵化点",
        "operator_name": "益众社工",
        "address": "江滨路1号",
        "contact_name": "周敏",
        "phone": "13800001111",
        "opened_on": "2025-01-01",
        "funding": "budget",
        "area": 120,
    }

    refused = api_for(personas["operator"]).post(f"{API}/bases/", data, format="json")
    created = api_for(personas["street_a"]).post(f"{API}/bases/", data, format="json")
    approved = api_for(personas["street_a"]).post(
        f"{API}/bases/{created.json()['id']}/approve/", {}, format="json"
    )

    assert refused.status_code == 403
    assert created.status_code == 201 and created.json()["allowed_actions"] == ["approve", "reject"]
    assert (approved.json()["state"], approved.json()["level_display"]) == ("open", "街道（乡镇）级")


def test_revealing_the_phone_is_recorded(personas, bases, tenant_org):
    tenancy = apply_for(bases.street_a, organization=tenant_org)

    response = api_for(personas["operator"]).post(f"{API}/tenancies/{tenancy.pk}/reveal/")

    assert response.json() == {"contact_name": "刘桂兰", "contact_phone": "13911112222"}
    assert (
        Event.objects.unrestricted()
        .filter(action="tenancy.contact_revealed", actor=personas["operator"])
        .count()
        == 1
    )
    assert api_for(personas["community_a"]).post(f"{API}/tenancies/{tenancy.pk}/reveal/").status_code == 403


def test_the_report_counts_what_the_user_sees(personas, bases, tree):
    from tests.incubation.conftest import graduated

    graduated(
        apply_for(bases.street_a, organization=make_organization(tree.community_a, name="幸福里社区甲队")),
        D(2025, 8, 1),
    )
    active(apply_for(bases.street_b, organization=make_organization(tree.community_b, name="湖畔社区乙队")))

    street = api_for(personas["street_a"]).get(f"{API}/bases/report/", {"year": 2025}).json()
    district = api_for(personas["bureau_district"]).get(f"{API}/bases/report/", {"year": 2025}).json()
    outside = api_for(personas["street_b"]).get(f"{API}/bases/report/", {"region": tree.street_a.code})

    assert street["graduations"] == [{"year": 2025, "graduated": 1, "filed": 1}]
    assert street["by_state"]["graduated"] == 1 and street["by_state"]["active"] == 0
    assert district["by_state"]["active"] == 1 and district["occupancy"][-1]["tenants"] == 1
    assert [line["name"] for line in district["bases"]] == [
        "临江区社会组织发展服务中心",
        "江滨街道社会组织培育孵化中心",
        "望湖街道社会组织培育孵化中心",
    ]
    assert outside.status_code == 404


def test_tenancies_sorted_by_deadline_page_without_overlap(personas, bases, tree):
    for n in range(5):
        apply_for(bases.street_a, organization=make_organization(tree.community_a, name=f"幸福里社区{n}号队"))
    operator = api_for(personas["operator"])

    first = operator.get(f"{API}/tenancies/", {"ordering": "decision_due", "page_size": 2}).json()
    seen = [row["id"] for row in first["results"]]
    url = first["next"]
    while url:
        page = operator.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url = page["next"]

    assert sorted(seen) == sorted(set(seen)) and len(seen) == 5
