"""Complaints from the public (投诉举报): filing without login and every step allowed and refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from filing import services
from filing.choices import ComplaintState
from filing.models import Complaint
from filing.services.complaints import COMPLAINT, LOOKUP_PATTERN
from registry.choices import OrganizationStatus
from registry.models import Organization
from tests.filing.conftest import CONTENT, FEEDBACK, NAME, PHONE, file
from tests.filing.conftest import reload_complaint as reload

pytestmark = pytest.mark.usefixtures("fresh_counters")


def trail(complaint: Complaint) -> list[Event]:
    return list(Event.objects.unrestricted().of(complaint))


def error_codes(error: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}


# -- filing --------------------------------------------------------------------------------------


def test_it_files_a_complaint_to_the_organizations_street(world, tree):
    complaint = file(world.orgs["a_filed"], ip="10.0.0.8")
    assert complaint.street_id == tree.street_a.code
    assert complaint.state == ComplaintState.RECEIVED
    assert LOOKUP_PATTERN.fullmatch(complaint.lookup_code)
    (event,) = trail(complaint)
    assert event.action == "complaint.filed"
    assert (event.from_state, event.to_state) == ("", ComplaintState.RECEIVED)
    assert event.actor is None and event.region_code == tree.street_a.code
    assert event.organization_id == world.orgs["a_filed"].pk
    assert event.subject_label == f"投诉 {complaint.lookup_code}" and event.ip_address == "10.0.0.8"
    # The complainant's data stays out of the trail, which the organization's page shows.
    assert NAME not in str(event.__dict__) and PHONE not in str(event.__dict__)
    assert CONTENT not in str(event.__dict__)


def test_it_files_an_anonymous_complaint(world, tree):
    complaint = file(world.orgs["b_filed"], complainant_name="", complainant_phone="")
    assert complaint.street_id == tree.street_b.code
    assert (complaint.complainant_name, complaint.complainant_phone) == ("", "")


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"content": "太吵了"}, "content", "content_too_short"),
        ({"content": "   　 "}, "content", "content_too_short"),
        ({"content": "吵" * 2001}, "content", "content_too_long"),
        ({"complainant_phone": "12345"}, "complainant_phone", "mobile"),
        ({"complainant_phone": "23812345678"}, "complainant_phone", "mobile"),
        ({"complainant_name": "张" * 51}, "complainant_name", "name_too_long"),
    ],
)
def test_it_refuses_bad_input(world, overrides, field, code):
    with pytest.raises(ValidationError) as refused:
        file(world.orgs["a_filed"], **overrides)
    assert code in error_codes(refused.value)[field]
    assert not Complaint.objects.unrestricted().exists()


def test_it_refuses_a_complaint_about_an_organization_off_the_register(world):
    organization = world.orgs["a_filed"]
    Organization.objects.unrestricted().filter(pk=organization.pk).update(status=OrganizationStatus.REVOKED)
    organization.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        file(organization)
    assert "organization_inactive" in error_codes(refused.value)["organization"]


def test_it_looks_up_by_exact_code_only(complaint_a):
    code = complaint_a.lookup_code
    assert services.complaint_lookup(code) == complaint_a
    for typed in (code.lower(), code[:-1], f"{code}X", "", "TS%"):
        assert services.complaint_lookup(typed) is None, typed


# -- the workflow --------------------------------------------------------------------------------


def test_the_street_starts_an_investigation(personas, complaint_a):
    complaint = services.complaint_investigate(
        actor=personas["street_a"], complaint_id=complaint_a.pk, note="安排网格员夜间走访", ip="10.0.0.9"
    )
    assert complaint.state == ComplaintState.INVESTIGATING
    assert reload(complaint).handled_by == personas["street_a"]
    event = trail(complaint)[-1]
    assert event.action == "complaint.investigate" and event.actor == personas["street_a"]
    assert (event.from_state, event.to_state) == (ComplaintState.RECEIVED, ComplaintState.INVESTIGATING)
    assert event.reason == "安排网格员夜间走访" and event.ip_address == "10.0.0.9"


def test_the_street_closes_an_investigation_with_feedback(personas, complaint_a):
    services.complaint_investigate(actor=personas["street_a"], complaint_id=complaint_a.pk)
    services.complaint_close(actor=personas["street_a"], complaint_id=complaint_a.pk, feedback=FEEDBACK)
    complaint = reload(complaint_a)
    assert complaint.state == ComplaintState.CLOSED
    assert complaint.feedback == FEEDBACK and complaint.closed_at is not None
    event = trail(complaint)[-1]
    assert event.action == "complaint.close"
    assert (event.from_state, event.to_state) == (ComplaintState.INVESTIGATING, ComplaintState.CLOSED)
    assert event.reason == FEEDBACK


def test_the_street_closes_a_duplicate_without_investigating(personas, complaint_a):
    services.complaint_close(
        actor=personas["street_a"], complaint_id=complaint_a.pk, feedback="与此前投诉重复，已合并办理。"
    )
    assert reload(complaint_a).state == ComplaintState.CLOSED
    event = trail(complaint_a)[-1]
    assert (event.from_state, event.to_state) == (ComplaintState.RECEIVED, ComplaintState.CLOSED)


@pytest.mark.parametrize("feedback", ["", "   "])
def test_closing_needs_feedback(personas, complaint_a, feedback):
    with pytest.raises(ValidationError) as refused:
        services.complaint_close(actor=personas["street_a"], complaint_id=complaint_a.pk, feedback=feedback)
    assert "feedback_required" in error_codes(refused.value)["feedback"]
    assert reload(complaint_a).state == ComplaintState.RECEIVED
    assert len(trail(complaint_a)) == 1


@pytest.mark.parametrize(
    ("history", "action"),
    [
        (["investigate"], "investigate"),
        (["close"], "investigate"),
        (["close"], "close"),
        (["investigate", "close"], "close"),
    ],
)
def test_it_refuses_a_step_from_the_wrong_state(personas, complaint_a, history, action):
    street = personas["street_a"]
    for step in history:
        COMPLAINT.move(actor=street, pk=complaint_a.pk, action=step, reason="已处理")
    before = reload(complaint_a).state
    with pytest.raises(ValidationError) as refused:
        COMPLAINT.move(actor=street, pk=complaint_a.pk, action=action, reason="再次")
    assert refused.value.code == "invalid_transition"
    assert reload(complaint_a).state == before
    assert len(trail(complaint_a)) == 1 + len(history)


@pytest.mark.parametrize("persona", ["bureau_district", "bureau_city"])
def test_staff_who_see_a_complaint_but_do_not_handle_it_are_refused(personas, complaint_a, persona):
    with pytest.raises(PermissionDenied):
        services.complaint_investigate(actor=personas[persona], complaint_id=complaint_a.pk)
    with pytest.raises(PermissionDenied):
        services.complaint_close(actor=personas[persona], complaint_id=complaint_a.pk, feedback=FEEDBACK)
    assert reload(complaint_a).state == ComplaintState.RECEIVED


@pytest.mark.parametrize("persona", ["street_b", "bureau_district_b", "community_a", "org_a", "operator"])
def test_a_complaint_outside_the_actors_scope_does_not_exist(personas, complaint_a, persona):
    with pytest.raises(Complaint.DoesNotExist):
        services.complaint_investigate(actor=personas[persona], complaint_id=complaint_a.pk)
    with pytest.raises(Complaint.DoesNotExist):
        services.complaint_close(actor=personas[persona], complaint_id=complaint_a.pk, feedback=FEEDBACK)


def test_the_administrator_may_handle_any_complaint(admin_user, complaint_b):
    complaint = services.complaint_investigate(actor=admin_user, complaint_id=complaint_b.pk)
    assert complaint.state == ComplaintState.INVESTIGATING
