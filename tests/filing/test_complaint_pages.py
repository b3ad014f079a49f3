"""Complaints from the public (投诉举报): the street's pages and API inside their jurisdiction, the
public form, and the public lookup free of personal data."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from filing import services
from filing.choices import ComplaintState
from filing.models import Complaint
from registry.choices import OrganizationStatus
from registry.models import Organization
from tests.conftest import PASSWORD
from tests.filing.conftest import CONTENT, FEEDBACK, NAME, PHONE, file
from tests.filing.conftest import reload_complaint as reload

pytestmark = pytest.mark.usefixtures("fresh_counters")


MASKED = "138****5678"


API = "/api/v1/complaints/"


# -- the street's pages --------------------------------------------------------------------------


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_the_list_shows_only_the_streets_own_complaints(client, personas, complaint_a, complaint_b):
    page = login(client, personas["street_b"]).get(reverse("complaint-list")).content.decode()
    assert complaint_b.lookup_code in page and complaint_a.lookup_code not in page
    client.logout()
    page = login(client, personas["street_a"]).get(reverse("complaint-list")).content.decode()
    assert complaint_a.lookup_code in page and complaint_b.lookup_code not in page


def test_the_list_filters_by_state(client, personas, world, complaint_a):
    other = file(world.orgs["va_filed"])
    services.complaint_investigate(actor=personas["street_a"], complaint_id=other.pk)
    login(client, personas["street_a"])
    page = client.get(reverse("complaint-list"), {"state": "investigating"}).content.decode()
    assert other.lookup_code in page and complaint_a.lookup_code not in page
    page = client.get(reverse("complaint-list"), {"state": "bogus"}).content.decode()
    assert other.lookup_code not in page and complaint_a.lookup_code not in page


def test_the_pages_need_a_login(client, complaint_a):
    for url in (reverse("complaint-list"), reverse("complaint-detail", args=[complaint_a.pk])):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_detail_masks_the_complainants_phone(client, personas, complaint_a):
    page = login(client, personas["street_a"]).get(reverse("complaint-detail", args=[complaint_a.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert MASKED in text and PHONE not in text
    assert CONTENT in text and "开始调查" in text and "办结" in text


def test_the_detail_offers_no_buttons_to_those_who_only_read(client, personas, complaint_a):
    text = login(client, personas["bureau_district"]).get(reverse("complaint-detail", args=[complaint_a.pk]))
    text = text.content.decode()
    assert CONTENT in text and "开始调查</button>" not in text
    assert reverse("complaint-action", args=[complaint_a.pk, "investigate"]) not in text


def test_the_detail_outside_the_street_is_a_404(client, personas, complaint_a):
    response = login(client, personas["street_b"]).get(reverse("complaint-detail", args=[complaint_a.pk]))
    assert response.status_code == 404


def test_the_buttons_move_the_complaint(client, personas, complaint_a):
    login(client, personas["street_a"])
    url = reverse("complaint-action", args=[complaint_a.pk, "investigate"])
    assert client.post(url, {"note": "走访"}).status_code == 302
    assert reload(complaint_a).state == ComplaintState.INVESTIGATING
    close = reverse("complaint-action", args=[complaint_a.pk, "close"])
    response = client.post(close, {"feedback": ""}, follow=True)
    assert "请填写办理结果反馈" in response.content.decode()
    assert reload(complaint_a).state == ComplaintState.INVESTIGATING
    client.post(close, {"feedback": FEEDBACK})
    assert reload(complaint_a).state == ComplaintState.CLOSED
    response = client.post(close, {"feedback": FEEDBACK}, follow=True)
    assert "不能办理" in response.content.decode()


def test_the_buttons_refuse_other_roles_and_streets(client, personas, complaint_a):
    url = reverse("complaint-action", args=[complaint_a.pk, "investigate"])
    assert login(client, personas["bureau_district"]).post(url).status_code == 403
    client.logout()
    assert login(client, personas["street_b"]).post(url).status_code == 404
    client.logout()
    login(client, personas["street_a"])
    assert client.post(reverse("complaint-action", args=[complaint_a.pk, "delete"])).status_code == 404
    assert client.get(url).status_code == 405
    assert reload(complaint_a).state == ComplaintState.RECEIVED


# -- the public form -----------------------------------------------------------------------------

FORM = reverse("public-complaint")


def complain(client, organization, **overrides):
    data = {"organization": organization.pk, "content": CONTENT, "complainant_name": NAME}
    data.update(overrides)
    return client.post(FORM, data)


def test_the_public_finds_an_organization_by_street_and_name_without_login(client, world, tree):
    response = client.get(FORM, {"street": tree.street_a.code, "q": "互助"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "幸福里社区邻里互助站" in page and f"?organization={world.orgs['a_filed'].pk}" in page
    # Another street's organizations are not found from this street.
    page = client.get(FORM, {"street": tree.street_b.code, "q": "互助"}).content.decode()
    assert "幸福里社区邻里互助站" not in page and "没有名称包含" in page


def test_the_public_form_opens_on_a_chosen_organization(client, world):
    page = client.get(FORM, {"organization": world.orgs["b_filed"].pk}).content.decode()
    assert "湖畔社区平安巡逻队" in page and 'name="content"' in page


def test_an_organization_off_the_register_cannot_be_chosen(client, world):
    organization = world.orgs["b_filed"]
    Organization.objects.unrestricted().filter(pk=organization.pk).update(status=OrganizationStatus.REVOKED)
    page = client.get(FORM, {"organization": organization.pk}).content.decode()
    assert "湖畔社区平安巡逻队" not in page and 'name="content"' not in page
    response = complain(client, organization)
    assert response.status_code == 200 and not Complaint.objects.unrestricted().exists()


def test_the_public_files_a_complaint_and_is_shown_the_code_once(client, world, tree):
    response = complain(client, world.orgs["a_filed"], complainant_phone=PHONE)
    assert response.status_code == 302
    complaint = Complaint.objects.unrestricted().get()
    assert complaint.street_id == tree.street_a.code
    assert (complaint.complainant_name, complaint.complainant_phone) == (NAME, PHONE)
    page = client.get(response["Location"]).content.decode()
    assert complaint.lookup_code in page and "请牢记查询码" in page
    assert complaint.lookup_code not in client.get(response["Location"]).content.decode()


def test_the_public_form_shows_the_services_messages(client, world):
    response = complain(client, world.orgs["a_filed"], content="太吵了", complainant_phone="123")
    page = response.content.decode()
    assert response.status_code == 200
    assert "投诉内容请至少填写10个字" in page and "手机号码应为以1开头的11位数字" in page
    assert not Complaint.objects.unrestricted().exists()


def test_the_public_form_is_rate_limited(client, world):
    organization = world.orgs["a_filed"]
    for _ in range(5):
        assert complain(client, organization).status_code == 302
    response = complain(client, organization)
    assert response.status_code == 429
    assert "提交过于频繁" in response.content.decode() and response["Retry-After"] == "3600"
    assert Complaint.objects.unrestricted().count() == 5
    # Another address has its own allowance.
    response = client.post(
        FORM, {"organization": organization.pk, "content": CONTENT}, REMOTE_ADDR="10.9.9.9"
    )
    assert response.status_code == 302
    assert Complaint.objects.unrestricted().count() == 6


# -- the public lookup ---------------------------------------------------------------------------

STATUS = reverse("public-complaint-status")


def test_the_lookup_shows_the_state_and_feedback_and_no_personal_data(client, personas, complaint_a):
    services.complaint_close(actor=personas["street_a"], complaint_id=complaint_a.pk, feedback=FEEDBACK)
    response = client.get(STATUS, {"code": complaint_a.lookup_code})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-state="closed"' in page and "已办结" in page and FEEDBACK in page
    assert "幸福里社区邻里互助站" in page and "江滨街道" in page
    for hidden in (NAME, PHONE, MASKED, CONTENT, personas["street_a"].username):
        assert hidden not in page, hidden
    assert "noindex" in page


def test_the_lookup_shows_no_feedback_before_closing(client, personas, complaint_a):
    services.complaint_investigate(actor=personas["street_a"], complaint_id=complaint_a.pk, note="内部安排")
    page = client.get(STATUS, {"code": complaint_a.lookup_code.lower()}).content.decode()
    assert 'data-state="investigating"' in page and "内部安排" not in page and "data-feedback" not in page


@pytest.mark.parametrize("typed", ["TS2345678923", "not-a-code", "%"])
def test_the_lookup_answers_an_unknown_code_with_a_message_only(client, complaint_a, typed):
    page = client.get(STATUS, {"code": typed}).content.decode()
    assert "未查询到该查询码" in page and "data-state" not in page


def test_the_lookup_is_rate_limited(client, settings, complaint_a):
    settings.PUBLIC_LOOKUP_RATE = (2, 600)
    for _ in range(2):
        assert client.get(STATUS, {"code": "TS2345678923"}).status_code == 200
    response = client.get(STATUS, {"code": complaint_a.lookup_code})
    assert response.status_code == 429 and "查询过于频繁" in response.content.decode()
    assert 'data-state="received"' not in response.content.decode()
    # The empty form costs nothing.
    assert client.get(STATUS).status_code == 200


# -- the API -------------------------------------------------------------------------------------


@pytest.fixture
def api(personas, admin_user):
    def as_persona(name):
        client = APIClient()
        client.force_authenticate(admin_user if name == "admin" else personas[name])
        return client

    return as_persona


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("street_a", {"a"}),
        ("street_b", {"b"}),
        ("bureau_district", {"a", "b"}),
        ("bureau_district_b", set()),
        ("community_a", set()),
        ("org_a", set()),
        ("admin", {"a", "b"}),
    ],
)
def test_the_api_lists_complaints_in_scope(api, complaint_a, complaint_b, persona, visible):
    codes = {"a": complaint_a.lookup_code, "b": complaint_b.lookup_code}
    response = api(persona).get(API)
    assert response.status_code == 200
    assert {row["lookup_code"] for row in response.json()["results"]} == {codes[k] for k in visible}


def test_the_api_masks_the_phone(api, complaint_a):
    data = api("street_a").get(f"{API}{complaint_a.pk}/").json()
    assert data["complainant_phone"] == MASKED
    assert PHONE not in str(data)
    assert data["allowed_actions"] == ["investigate", "close"]
    assert api("bureau_district").get(f"{API}{complaint_a.pk}/").json()["allowed_actions"] == []


def test_the_api_filters_by_state(api, personas, complaint_a, world):
    other = file(world.orgs["va_filed"])
    services.complaint_investigate(actor=personas["street_a"], complaint_id=other.pk)
    rows = api("street_a").get(API, {"state": "investigating"}).json()["results"]
    assert [row["id"] for row in rows] == [other.pk]


def test_the_api_hides_a_complaint_outside_scope(api, complaint_a):
    assert api("street_b").get(f"{API}{complaint_a.pk}/").status_code == 404
    assert api("street_b").post(f"{API}{complaint_a.pk}/investigate/").status_code == 404


def test_the_api_moves_a_complaint_and_answers_each_refusal(api, complaint_a):
    street = api("street_a")
    response = street.post(f"{API}{complaint_a.pk}/investigate/", {"note": "走访"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "investigating"
    response = street.post(f"{API}{complaint_a.pk}/investigate/", format="json")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    assert api("bureau_district").post(f"{API}{complaint_a.pk}/close/", {"feedback": "x"}).status_code == 403
    response = street.post(f"{API}{complaint_a.pk}/close/", {"feedback": ""}, format="json")
    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {("feedback", "feedback_required")}
    response = street.post(f"{API}{complaint_a.pk}/close/", {"feedback": FEEDBACK}, format="json")
    assert response.status_code == 200 and response.json()["feedback"] == FEEDBACK
    assert response.json()["state"] == "closed" and response.json()["allowed_actions"] == []


def test_the_api_offers_no_way_to_create_or_delete(api, complaint_a):
    street = api("street_a")
    assert street.post(API, {"content": CONTENT}, format="json").status_code == 405
    assert street.delete(f"{API}{complaint_a.pk}/").status_code == 405
    assert street.patch(f"{API}{complaint_a.pk}/", {"state": "closed"}, format="json").status_code == 405


def test_the_list_page_and_api_cost_the_same_for_many_complaints(
    client, api, personas, world, django_assert_max_num_queries
):
    for key in ("a_filed", "a_guided", "va_filed", "a_registered") * 3:
        complaint = file(world.orgs[key])
        services.complaint_investigate(actor=personas["street_a"], complaint_id=complaint.pk)
    login(client, personas["street_a"])
    with django_assert_max_num_queries(6):
        assert client.get(reverse("complaint-list")).status_code == 200
    street = api("street_a")
    with django_assert_max_num_queries(1):
        assert len(street.get(API).json()["results"]) == 12


@pytest.mark.parametrize("persona", ["community_a", "operator", "org_a"])
def test_it_shows_complaints_only_to_the_street_and_the_bureau(personas, world, persona):
    from filing import services as filing_services
    from filing.models import Complaint

    filing_services.complaint_file(
        organization=world.orgs["a_filed"],
        content="夜间活动噪音扰民，多次反映未改。",
        complainant_name="李四",
        complainant_phone="13700002222",
    )
    assert not Complaint.objects.for_user(personas[persona]).exists()
    assert Complaint.objects.for_user(personas["street_a"]).count() == 1
    assert Complaint.objects.for_user(personas["bureau_district"]).count() == 1
