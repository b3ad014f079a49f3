"""Who incubation tells: a tenancy application goes to those who run the base, and its decision back
to the applicant; the other street's base and its operator hear nothing."""

from incubation import services
from registry.models import Notification
from tests.incubation.conftest import TERM, apply_for
from tests.notices_support import clear, inbox


def test_an_application_goes_to_the_base_and_the_decision_back(
    personas, bases, world, django_capture_on_commit_callbacks
):
    people = {**personas, "operator_b": bases.operator_b}
    with django_capture_on_commit_callbacks(execute=True):
        tenancy = apply_for(bases.street_a, personas["org_a"], world.orgs["a_guided"])
    assert set(inbox(people)) == {"operator", "street_a"}
    message = Notification.objects.unrestricted().get(user=personas["operator"])
    assert message.url == f"/incubation/tenancies/{tenancy.pk}/"
    clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.tenancy_admit(
            actor=personas["operator"], tenancy_id=tenancy.pk, planned_start=TERM[0], planned_end=TERM[1]
        )
    assert set(inbox(people)) == {"org_a"}
    assert Notification.objects.unrestricted().get().title == "【准予入驻】入驻江滨街道社会组织培育孵化中心"
