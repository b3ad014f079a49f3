"""API v1 filing applications: the persona matrix, drafting, every transition allowed and refused,
materials, masking of personal data, filters, paging, query counts and the schema."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from rest_framework.test import APIClient

from filing import services
from filing.choices import ApplicationKind, ApplicationState
from filing.models import Certificate, FilingApplication
from registry.choices import Role
from registry.models import Organization, User
from tests.conftest import make_organization, make_user
from tests.filing.conftest import advance, attach_required, new_proposal, pdf

LIST = "/api/v1/filings/"
LEADER_PHONE = "13911112222"
CONTACT_PHONE = "13700001111"
APPS = ("a", "va", "b", "c", "a_change")

# Who sees which application: staff by jurisdiction, accounts only their own.
VISIBLE = {
    "bureau_city": set(APPS),
    "bureau_district": {"a", "va", "b", "a_change"},
    "bureau_district_b": {"c"},
    "street_a": {"a", "va", "a_change"},
    "street_b": {"b"},
    "community_a": {"a", "a_change"},
    "operator": {"a", "va", "a_change"},
    "org_a": set(),
    "org_filed": {"a_change"},
    "applicant": {"va"},
}
PERSONAS = sorted(VISIBLE)


def detail(application, action=""):
    return f"{LIST}{application.pk}/{action + '/' if action else ''}"


def error_codes(response):
    return {(error["field"], error["code"]) for error in response.json()["errors"]}


def new_application(actor, community, name="幸福里社区银龄志愿服务队", complete=True):
    application = services.application_create(
        actor=actor,
        kind=ApplicationKind.NEW,
        community=community,
        contact_name="赵红",
        contact_phone=CONTACT_PHONE,
        proposal=new_proposal(name, leader_phone=LEADER_PHONE),
    )
    if complete:
        attach_required(actor, application)
    return application


@pytest.fixture
def users(personas, applicant, tree):
    filed = make_organization(tree.community_a, name="幸福里社区邻里互助站")
    org_filed = make_user("org_filed", Role.ORGANIZATION, tree.community_a, organization=filed)
    return {**personas, "applicant": applicant, "org_filed": org_filed}


@pytest.fixture
def api(users):
    def as_persona(name):
        client = APIClient()
        client.force_authenticate(users[name])
        return client

    return as_persona


@pytest.fixture
def apps(users, tree, admin_user):
    """Applications on both sides of every boundary, and one for a filed organization's change."""
    change = services.application_create(
        actor=users["street_a"],
        kind=ApplicationKind.CHANGE,
        organization=users["org_filed"].organization,
        contact_name="王建国",
        contact_phone=CONTACT_PHONE,
        fact_date=datetime.date.today(),
        proposal={"member_count": 30},
    )
    attach_required(users["street_a"], change)
    return {
        "a": new_application(users["street_a"], tree.community_a),
        "va": new_application(users["applicant"], tree.village_a, "桃源村广场舞队"),
        "b": new_application(users["street_b"], tree.community_b, "湖畔社区读书社"),
        "c": new_application(admin_user, tree.village_c, "松林村乡村振兴服务队"),
        "a_change": change,
    }


def ids(apps, *keys):
    return {apps[key].pk for key in keys}


def create_payload(tree, **overrides):
    data = {
        "kind": "new",
        "community": tree.community_a.code,
        "contact_name": "赵红",
        "contact_phone": CONTACT_PHONE,
        "proposal": new_proposal("幸福里社区书法社", leader_phone=LEADER_PHONE),
    }
    data.update(overrides)
    return data


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


def test_it_refuses_a_change_for_an_organization_outside_scope(api, users, tree):
    outside = make_organization(tree.community_b, name="湖畔社区平安巡逻队")
    response = api("street_a").post(
        LIST,
        create_payload(tree, kind="change", organization=outside.pk, fact_date="2026-01-05"),
        format="json",
    )
    assert response.status_code == 400
    assert ("organization", "outside_jurisdiction") in error_codes(response)


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


# -- the workflow -------------------------------------------------------------------------------


def test_it_submits_with_the_signed_commitment(api, apps):
    response = api("street_a").post(detail(apps["a"], "submit"), {"commitment_accepted": True}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "submitted" and body["receipt_number"].startswith("BA")
    assert body["opinion_due"] is not None


def test_it_refuses_to_submit_without_the_commitment(api, apps):
    response = api("street_a").post(detail(apps["a"], "submit"), {}, format="json")
    assert response.status_code == 400
    assert error_codes(response) == {("commitment", "commitment_required")}


def test_it_refuses_to_submit_without_every_material(api, users, tree):
    application = new_application(users["street_a"], tree.community_a, complete=False)
    services.material_add(
        actor=users["street_a"], application_id=application.pk, kind="charter", upload=pdf()
    )
    response = api("street_a").post(
        detail(application, "submit"), {"commitment_accepted": True}, format="json"
    )
    assert response.status_code == 400
    assert error_codes(response) == {("materials", "missing_materials")}
    (error,) = response.json()["errors"]
    assert error["message"] == "缺少材料：备案申请表、负责人登记表、活动场所使用证明、成员名册"


def test_it_takes_the_committee_opinion(api, apps, users):
    advance(users, apps["a"], "submitted")
    response = api("community_a").post(
        detail(apps["a"], "opinion"), {"opinion": "agree", "note": "情况属实"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["state"], body["opinion"], body["opinion_note"]) == ("opinion_given", "agree", "情况属实")
    assert body["decision_due"] is not None


def test_it_approves_into_an_organization(api, apps, users):
    advance(users, apps["a"], "opinion_given")
    response = api("street_a").post(detail(apps["a"], "approve"), {"note": "材料齐全"}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["state"] == "approved" and body["decided_at"] is not None
    assert body["organization"]["name"] == "幸福里社区银龄志愿服务队"
    assert body["allowed_actions"] == []


def test_it_returns_for_correction_with_a_reason(api, apps, users):
    advance(users, apps["a"], "submitted")
    response = api("community_a").post(detail(apps["a"], "return"), {"reason": "名册缺少签名"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "returned"
    assert response.json()["events"][-1]["reason"] == "名册缺少签名"


def test_it_rejects_with_a_reason(api, apps, users):
    advance(users, apps["a"], "opinion_given")
    response = api("street_a").post(
        detail(apps["a"], "reject"), {"reason": "活动场所无法核实"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["decision_reason"]) == ("rejected", "活动场所无法核实")


@pytest.mark.parametrize(
    ("persona", "action", "data", "label"),
    [
        ("street_a", "opinion", {"opinion": "agree"}, "社区初审"),
        ("community_a", "approve", {}, "准予备案"),
        ("community_a", "reject", {"reason": "不符合"}, "不予备案"),
        ("bureau_district", "return", {"reason": "不符合"}, "退回补正"),
        ("operator", "reject", {"reason": "不符合"}, "不予备案"),
        ("applicant", "approve", {}, "准予备案"),
    ],
)
def test_it_forbids_a_step_to_a_role_that_does_not_take_it(api, apps, users, persona, action, data, label):
    # The applicant's own application, submitted by the applicant; street A's otherwise.
    owner = "applicant" if persona == "applicant" else "street_a"
    application = apps["va"] if persona == "applicant" else apps["a"]
    services.application_submit(actor=users[owner], application_id=application.pk, commitment_accepted=True)
    response = api(persona).post(detail(application, action), data, format="json")
    assert response.status_code == 403, response.json()
    assert response.json() == {"code": "permission_denied", "message": f"您无权办理“{label}”"}
    application.refresh_from_db()
    assert application.state == ApplicationState.SUBMITTED


@pytest.mark.parametrize(
    ("persona", "action", "data"),
    [
        ("street_b", "submit", {"commitment_accepted": True}),
        ("street_b", "reject", {"reason": "不符合"}),
        ("bureau_district_b", "approve", {}),
        ("applicant", "submit", {"commitment_accepted": True}),
        ("org_a", "submit", {"commitment_accepted": True}),
    ],
)
def test_it_answers_404_for_a_step_outside_scope(api, apps, persona, action, data):
    response = api(persona).post(detail(apps["a"], action), data, format="json")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    apps["a"].refresh_from_db()
    assert apps["a"].state == ApplicationState.DRAFT


@pytest.mark.parametrize(
    ("until", "persona", "action", "data"),
    [
        (None, "community_a", "opinion", {"opinion": "agree"}),
        (None, "street_a", "approve", {}),
        ("submitted", "street_a", "approve", {}),
        ("submitted", "street_a", "submit", {"commitment_accepted": True}),
        ("approved", "street_a", "reject", {"reason": "再次"}),
        ("approved", "street_a", "return", {"reason": "再次"}),
    ],
)
def test_it_answers_409_for_a_step_from_the_wrong_state(api, apps, users, until, persona, action, data):
    application = advance(users, apps["a"], until) if until else apps["a"]
    response = api(persona).post(detail(application, action), data, format="json")
    assert response.status_code == 409, response.json()
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert body["message"].startswith(f"当前状态为“{application.get_state_display()}”")


@pytest.mark.parametrize(("persona", "action"), [("community_a", "return"), ("street_a", "reject")])
@pytest.mark.parametrize("reason", [None, "", "   "])
def test_it_requires_a_reason_to_return_or_reject(api, apps, users, persona, action, reason):
    advance(users, apps["a"], "submitted")
    data = {} if reason is None else {"reason": reason}
    response = api(persona).post(detail(apps["a"], action), data, format="json")
    assert response.status_code == 400
    assert error_codes(response) == {("reason", "reason_required")}


def test_it_requires_the_committee_to_certify_a_shared_venue(api, apps, users):
    services.application_update(
        actor=users["street_a"], application_id=apps["a"].pk, data={"shared_venue": True}
    )
    advance(users, apps["a"], "submitted")
    client = api("community_a")
    refused = client.post(detail(apps["a"], "opinion"), {"opinion": "agree"}, format="json")
    assert refused.status_code == 400
    assert error_codes(refused) == {("venue_certified", "venue_not_certified")}
    certified = client.post(
        detail(apps["a"], "opinion"), {"opinion": "agree", "venue_certified": True}, format="json"
    )
    assert certified.status_code == 200


# -- materials ----------------------------------------------------------------------------------


def test_it_uploads_a_material(api, apps):
    response = api("street_a").post(
        detail(apps["a"], "materials"), {"kind": "other", "file": pdf("补充说明.pdf")}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["original_name"], body["size"]) == ("other", "补充说明.pdf", len(pdf().read()))
    assert "file" not in body and "/media/" not in json.dumps(body)
    assert apps["a"].materials.filter(pk=body["id"]).exists()


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
    before = apps["a"].materials.count()
    response = api("street_a").post(detail(apps["a"], "materials"), data, format="multipart")
    assert response.status_code == 400
    assert error in error_codes(response)
    assert apps["a"].materials.count() == before


@pytest.mark.parametrize("persona", ["street_b", "bureau_district_b", "org_a"])
def test_it_answers_404_for_materials_outside_scope(api, apps, persona):
    material = apps["a"].materials.first()
    client = api(persona)
    upload = client.post(detail(apps["a"], "materials"), {"kind": "other", "file": pdf()}, format="multipart")
    assert upload.status_code == 404
    assert client.delete(f"{detail(apps['a'])}materials/{material.pk}/").status_code == 404
    assert apps["a"].materials.filter(pk=material.pk).exists()


def test_it_removes_a_material(api, apps):
    material = apps["a"].materials.first()
    response = api("street_a").delete(f"{detail(apps['a'])}materials/{material.pk}/")
    assert response.status_code == 204
    assert not apps["a"].materials.filter(pk=material.pk).exists()


def test_it_removes_a_material_only_through_its_own_application(api, apps):
    other = apps["va"].materials.first()
    response = api("street_a").delete(f"{detail(apps['a'])}materials/{other.pk}/")
    assert response.status_code == 404
    assert apps["va"].materials.filter(pk=other.pk).exists()


def test_it_keeps_the_materials_of_a_submitted_application(api, apps, users):
    advance(users, apps["a"], "submitted")
    material = apps["a"].materials.first()
    client = api("street_a")
    removal = client.delete(f"{detail(apps['a'])}materials/{material.pk}/")
    assert removal.status_code == 400
    assert error_codes(removal) == {("non_field_errors", "not_editable")}
    upload = client.post(detail(apps["a"], "materials"), {"kind": "other", "file": pdf()}, format="multipart")
    assert upload.status_code == 400
    assert apps["a"].materials.filter(pk=material.pk).exists()


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
    client.force_authenticate(User.objects.get(pk=user.pk))  # nothing cached on the user
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
