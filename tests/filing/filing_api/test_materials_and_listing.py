"""API v1 filings: materials, the whole path with personal data, filters, paging, query counts
and the schema."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from filing.models import Certificate
from registry.models import Organization, User
from tests.filing.conftest import advance, pdf
from tests.filing.filing_api.conftest import (
    APPS,
    CONTACT_PHONE,
    LEADER_PHONE,
    LIST,
    create_payload,
    detail,
    error_codes,
    ids,
    new_application,
)

# -- materials ----------------------------------------------------------------------------------


def test_it_uploads_a_material(api, apps):
    response = api("street_a").post(
        detail(apps["a"], "materials"), {"kind": "other", "file": pdf("补充说明.pdf")}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["original_name"], body["size"]) == ("other", "补充说明.pdf", len(pdf().read()))
    assert "file" not in body and "/media/" not in json.dumps(body)
    assert apps["a"].materials.unrestricted().filter(pk=body["id"]).exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"kind": "other", "file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00binary")}, ("file", "file_type")),
        ({"kind": "other", "file": SimpleUploadedFile("a.exe", b"%PDF-1.4 x")}, ("file", "file_extension")),
        ({"kind": "photo", "file": pdf()}, ("kind", "invalid_choice")),
        ({"kind": "other"}, ("file", "required")),
    ],
)
def test_it_refuses_a_material_that_is_not_a_document(api, apps, data, error):
    before = apps["a"].materials.unrestricted().count()
    response = api("street_a").post(detail(apps["a"], "materials"), data, format="multipart")
    assert response.status_code == 400
    assert error in error_codes(response)
    assert apps["a"].materials.unrestricted().count() == before


@pytest.mark.parametrize("persona", ["street_b", "bureau_district_b", "org_a"])
def test_it_answers_404_for_materials_outside_scope(api, apps, persona):
    material = apps["a"].materials.unrestricted().first()
    client = api(persona)
    upload = client.post(detail(apps["a"], "materials"), {"kind": "other", "file": pdf()}, format="multipart")
    assert upload.status_code == 404
    assert client.delete(f"{detail(apps['a'])}materials/{material.pk}/").status_code == 404
    assert apps["a"].materials.unrestricted().filter(pk=material.pk).exists()


def test_it_removes_a_material(api, apps):
    material = apps["a"].materials.unrestricted().first()
    response = api("street_a").delete(f"{detail(apps['a'])}materials/{material.pk}/")
    assert response.status_code == 204
    assert not apps["a"].materials.unrestricted().filter(pk=material.pk).exists()


def test_it_removes_a_material_only_through_its_own_application(api, apps):
    other = apps["va"].materials.unrestricted().first()
    response = api("street_a").delete(f"{detail(apps['a'])}materials/{other.pk}/")
    assert response.status_code == 404
    assert apps["va"].materials.unrestricted().filter(pk=other.pk).exists()


def test_it_keeps_the_materials_of_a_submitted_application(api, apps, users):
    advance(users, apps["a"], "submitted")
    material = apps["a"].materials.unrestricted().first()
    client = api("street_a")
    removal = client.delete(f"{detail(apps['a'])}materials/{material.pk}/")
    assert removal.status_code == 400
    assert error_codes(removal) == {("non_field_errors", "not_editable")}
    upload = client.post(detail(apps["a"], "materials"), {"kind": "other", "file": pdf()}, format="multipart")
    assert upload.status_code == 400
    assert apps["a"].materials.unrestricted().filter(pk=material.pk).exists()


def test_it_lets_only_the_applicant_side_touch_materials(api, apps, users):
    response = api("community_a").post(
        detail(apps["a"], "materials"), {"kind": "other", "file": pdf()}, format="multipart"
    )
    assert response.status_code == 403
    assert response.json() == {"code": "permission_denied", "message": "只有申请人或街道可以修改申请"}


# -- the whole path, and personal data ------------------------------------------------------------


def test_it_takes_a_new_filing_from_draft_to_certificate_without_revealing_personal_data(api, tree):
    street, community = api("street_a"), api("community_a")
    bodies = []

    def call(response, status=200):
        assert response.status_code == status, response.content
        bodies.append(response.content.decode())
        return response.json() if response.content else None

    payload = create_payload(tree)
    leader_id = payload["proposal"]["leader_id_number"]
    created = call(street.post(LIST, payload, format="json"), 201)
    url = f"{LIST}{created['id']}/"
    for kind in ("filing_form", "leader_form", "venue_proof", "charter", "roster"):
        call(street.post(f"{url}materials/", {"kind": kind, "file": pdf()}, format="multipart"), 201)
    submitted = call(street.post(f"{url}submit/", {"commitment_accepted": True}, format="json"))
    call(community.post(f"{url}opinion/", {"opinion": "agree", "note": "同意"}, format="json"))
    approved = call(street.post(f"{url}approve/", {}, format="json"))
    call(street.get(url))
    call(street.get(LIST))
    call(api("bureau_city").get(LIST, {"receipt_number": submitted["receipt_number"]}))

    assert approved["state"] == "approved"
    organization = Organization.objects.unrestricted().get(pk=approved["organization"]["id"])
    assert (organization.name, organization.community_id) == ("幸福里社区书法社", tree.community_a.code)
    certificate = Certificate.objects.unrestricted().get(organization=organization)
    assert certificate.filing_number.startswith(f"990101001-{datetime.date.today().year}-")
    assert [e["action"] for e in approved["events"]] == ["submit", "opinion", "approve"]

    assert approved["contact_phone"] == "137****1111"
    assert approved["proposal"]["leader_phone"] == "139****2222"
    assert approved["proposal"]["leader_id_number"] == leader_id[:6] + "********" + leader_id[-4:]
    for body in bodies:
        assert leader_id not in body
        assert LEADER_PHONE not in body and CONTACT_PHONE not in body


# -- filters, ordering, paging, query counts -----------------------------------------------------


def rows(response):
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_it_filters_by_state_kind_region_receipt_and_name(api, apps, users, tree):
    submitted = advance(users, apps["va"], "submitted")
    client = api("bureau_city")
    assert rows(client.get(LIST, {"state": "submitted"})) == ids(apps, "va")
    assert rows(client.get(LIST, {"kind": "change"})) == ids(apps, "a_change")
    assert rows(client.get(LIST, {"region": tree.street_a.code})) == ids(apps, "a", "va", "a_change")
    assert rows(client.get(LIST, {"region": tree.district_b.code})) == ids(apps, "c")
    assert rows(client.get(LIST, {"receipt_number": submitted.receipt_number.lower()})) == ids(apps, "va")
    assert rows(client.get(LIST, {"receipt_number": submitted.receipt_number[:6]})) == set()
    assert rows(client.get(LIST, {"q": "广场舞"})) == ids(apps, "va")
    assert rows(client.get(LIST, {"q": "邻里互助"})) == ids(apps, "a_change")  # by the organization's name


def test_it_refuses_a_region_filter_outside_scope(api, apps, tree):
    response = api("street_a").get(LIST, {"region": tree.street_b.code})
    assert response.status_code == 400
    assert ("region", "invalid_choice") in error_codes(response)


def test_it_orders_only_by_whitelisted_fields(api, apps):
    client = api("bureau_city")
    assert client.get(LIST, {"ordering": "-submitted_at"}).status_code == 200
    refused = client.get(LIST, {"ordering": "contact_phone"})
    assert refused.status_code == 400
    assert ("ordering", "invalid_choice") in error_codes(refused)


@pytest.mark.parametrize("ordering", ["", "opinion_due", "-submitted_at", "decision_due", "created_at"])
def test_it_pages_through_every_row_once_even_on_empty_deadlines(api, apps, users, ordering):
    advance(users, apps["a"], "opinion_given")
    advance(users, apps["a_change"], "submitted")
    client = api("bureau_city")
    seen, url, params = [], LIST, {"page_size": 1, "ordering": ordering}
    while url:
        page = client.get(url, params).json()
        seen += [row["id"] for row in page["results"]]
        url, params = page["next"], None
    assert sorted(seen) == sorted(ids(apps, *APPS))


def list_queries(user):
    client = APIClient()
    client.force_authenticate(User.objects.unrestricted().get(pk=user.pk))  # nothing cached on the user
    with CaptureQueriesContext(connection) as captured:
        response = client.get(LIST)
    assert response.status_code == 200
    return len(captured), len(response.json()["results"])


def test_it_lists_with_a_pinned_number_of_queries_however_many_rows(users, tree):
    client = users["street_a"]
    advance(users, new_application(users["street_a"], tree.community_a), "submitted")
    few, count = list_queries(client)
    for index in range(6):
        application = new_application(users["street_a"], tree.village_a, f"桃源村第{index}读书社")
        advance(users, application, "submitted")
    many, more = list_queries(client)
    assert (count, more) == (1, 7)
    assert few == many == 4  # the user's region, the page, its materials, its events


# -- the schema ---------------------------------------------------------------------------------


def test_it_documents_the_filings_in_a_valid_schema(admin_client):
    assert admin_client.get("/api/schema/").status_code == 200
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    submit = schema["paths"]["/api/v1/filings/{id}/submit/"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(submit["responses"])
    assert "delete" in schema["paths"]["/api/v1/filings/{id}/materials/{material_id}/"]
    assert "put" not in schema["paths"]["/api/v1/filings/{id}/"]


def test_a_file_named_after_an_id_number_is_kept_and_shown_masked(api, apps, client, personas):
    resident_id = "11010519491231002X"
    response = api("street_a").post(
        detail(apps["a"], "materials"),
        {"kind": "other", "file": pdf(f"刘桂兰{resident_id}身份证13911112222.pdf")},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    name = response.json()["original_name"]
    assert name == "刘桂兰110***********002X身份证139****2222.pdf"
    client.force_login(personas["street_a"])
    download = client.get(reverse("material-download", args=[response.json()["id"]]))
    assert download.status_code == 200
    assert "002X" in download["Content-Disposition"] and resident_id not in download["Content-Disposition"]
