"""API v1 filings: every workflow step as a POST action, allowed and refused."""

import pytest

from filing import services
from filing.choices import ApplicationState
from tests.filing.conftest import advance, pdf
from tests.filing.filing_api.conftest import detail, error_codes, new_application

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
