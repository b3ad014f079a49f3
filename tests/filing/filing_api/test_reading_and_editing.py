"""API v1 filings: reading inside each persona's scope, creating and editing applications."""

import datetime

import pytest
from rest_framework.test import APIClient

from filing.models import FilingApplication
from tests.conftest import make_organization
from tests.filing.conftest import advance, new_proposal
from tests.filing.filing_api.conftest import (
    APPS,
    CONTACT_PHONE,
    LEADER_PHONE,
    LIST,
    PERSONAS,
    VISIBLE,
    create_payload,
    detail,
    error_codes,
    ids,
)

# -- reading ----------------------------------------------------------------------------------


def test_it_refuses_the_anonymous(apps):
    response = APIClient().get(LIST)
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lists_exactly_the_applications_in_scope(api, apps, persona):
    response = api(persona).get(LIST)
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == ids(apps, *VISIBLE[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_retrieves_in_scope_and_answers_404_outside(api, apps, persona):
    client = api(persona)
    for key in APPS:
        response = client.get(detail(apps[key]))
        assert response.status_code == (200 if key in VISIBLE[persona] else 404), key


def test_it_represents_an_application_with_its_materials_events_and_actions(api, apps, users):
    application = advance(users, apps["a"], "submitted")
    body = api("street_a").get(detail(application)).json()
    assert (body["kind"], body["kind_display"], body["state"], body["state_display"]) == (
        "new",
        "新设备案",
        "submitted",
        "已提交",
    )
    assert body["receipt_number"] == application.receipt_number
    assert body["community"] == {"code": "990101001001", "name": "幸福里社区"}
    assert body["organization"] is None
    assert body["proposal"]["name"] == "幸福里社区银龄志愿服务队"
    assert {m["kind"] for m in body["materials"]} == {
        "filing_form",
        "leader_form",
        "venue_proof",
        "charter",
        "roster",
    }
    assert set(body["materials"][0]) == {"id", "kind", "kind_display", "original_name", "size", "uploaded_at"}
    assert [(e["action"], e["from_state"], e["to_state"], e["actor_label"]) for e in body["events"]] == [
        ("submit", "draft", "submitted", "street_a")
    ]
    assert body["allowed_actions"] == ["return", "reject"]
    assert api("community_a").get(detail(application)).json()["allowed_actions"] == ["opinion", "return"]
    assert api("bureau_district").get(detail(application)).json()["allowed_actions"] == []


def test_it_shows_an_organization_account_its_applications_with_the_organization(api, apps, users):
    body = api("org_filed").get(detail(apps["a_change"])).json()
    organization = users["org_filed"].organization
    assert body["organization"] == {"id": organization.pk, "name": "幸福里社区邻里互助站"}
    assert body["allowed_actions"] == ["submit"]


# -- creating and editing -----------------------------------------------------------------------


def test_it_creates_a_new_filing_draft_for_the_street(api, tree):
    response = api("street_a").post(LIST, create_payload(tree), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["community"]["code"], body["receipt_number"]) == (
        "draft",
        tree.community_a.code,
        None,
    )
    application = FilingApplication.objects.unrestricted().get(pk=body["id"])
    assert application.proposal["leader_phone"] == LEADER_PHONE
    assert body["allowed_actions"] == ["submit"]


def test_it_lets_a_new_applicant_file_in_any_community(api, tree):
    response = api("applicant").post(LIST, create_payload(tree, community=tree.village_c.code), format="json")
    assert response.status_code == 201, response.json()


def test_it_creates_a_change_for_an_organization_account(api, users):
    organization = users["org_filed"].organization
    response = api("org_filed").post(
        LIST,
        {
            "kind": "change",
            "organization": organization.pk,
            "contact_name": "王建国",
            "contact_phone": CONTACT_PHONE,
            "fact_date": datetime.date.today().isoformat(),
            "proposal": {"venue": "幸福里社区文化活动室"},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["organization"]["id"] == organization.pk
    assert response.json()["community"]["code"] == organization.community_id


@pytest.mark.parametrize(
    ("persona", "overrides", "error"),
    [
        ("street_a", {"community": "990101002001"}, ("community", "does_not_exist")),  # street B's
        ("street_a", {"community": "990101001000"}, ("community", "does_not_exist")),  # a street
        ("street_a", {"community": None}, ("community", "not_a_community")),
        ("street_a", {"kind": "change"}, ("organization", "required")),
        ("street_a", {"contact_phone": "1234"}, ("contact_phone", "mobile")),
        ("street_a", {"proposal": new_proposal("幸福里社区的一群朋友们")}, ("name", "name_pattern")),
        ("street_a", {"proposal": "not an object"}, ("proposal", "not_a_dict")),
        # An organization account files changes of its own organization, never a new one.
        ("org_filed", {"community": None}, ("kind", "invalid_choice")),
    ],
)
def test_it_refuses_bad_drafts_with_field_codes(api, users, tree, persona, overrides, error):
    response = api(persona).post(LIST, create_payload(tree, **overrides), format="json")
    assert response.status_code == 400, response.json()
    assert error in error_codes(response)
    assert not FilingApplication.objects.unrestricted().exists()


def test_an_organization_outside_scope_is_answered_like_one_that_does_not_exist(api, users, tree):
    outside = make_organization(tree.community_b, name="湖畔社区平安巡逻队")
    answers = []
    for organization in (outside.pk, outside.pk + 1000):
        response = api("street_a").post(
            LIST,
            create_payload(tree, kind="change", organization=organization, fact_date="2026-01-05"),
            format="json",
        )
        assert response.status_code == 400
        body = response.json()
        answers.append([error for error in body["errors"] if error["field"] == "organization"])
    foreign, missing = answers
    assert [error["code"] for error in foreign] == ["does_not_exist"]
    # The messages differ only by the id typed: nothing tells the outsider that the first one exists.
    assert foreign[0]["message"].replace(str(outside.pk), "#") == missing[0]["message"].replace(
        str(outside.pk + 1000), "#"
    )


@pytest.mark.parametrize("persona", ["operator", "community_a", "bureau_district"])
def test_it_forbids_drafting_to_roles_that_do_not_apply(api, tree, persona):
    response = api(persona).post(LIST, create_payload(tree), format="json")
    assert response.status_code == 403
    assert response.json() == {"code": "role_not_allowed", "message": "您的角色不能提交备案申请"}


def test_it_edits_a_draft_and_replaces_its_proposal(api, apps):
    proposal = new_proposal("幸福里社区银龄志愿服务队", member_count=20)
    response = api("street_a").patch(
        detail(apps["a"]), {"contact_name": "钱多多", "proposal": proposal}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["contact_name"], response.json()["proposal"]["member_count"]) == ("钱多多", 20)
    apps["a"].refresh_from_db()
    assert apps["a"].contact_phone == CONTACT_PHONE  # what was not sent stays


@pytest.mark.parametrize(
    ("persona", "status"), [("street_b", 404), ("bureau_district", 404), ("operator", 404)]
)
def test_it_hides_a_draft_from_editors_outside_scope(api, apps, persona, status):
    response = api(persona).patch(detail(apps["a"]), {"contact_name": "x"}, format="json")
    assert response.status_code == status
    apps["a"].refresh_from_db()
    assert apps["a"].contact_name == "赵红"


def test_it_refuses_to_edit_once_submitted(api, apps, users):
    advance(users, apps["a"], "submitted")
    response = api("street_a").patch(detail(apps["a"]), {"contact_name": "x"}, format="json")
    assert response.status_code == 400
    assert error_codes(response) == {("non_field_errors", "not_editable")}


def test_it_offers_no_put_and_no_delete(api, apps):
    client = api("street_a")
    assert client.put(detail(apps["a"]), {}, format="json").status_code == 405
    assert client.delete(detail(apps["a"])).status_code == 405
    assert FilingApplication.objects.unrestricted().filter(pk=apps["a"].pk).exists()
