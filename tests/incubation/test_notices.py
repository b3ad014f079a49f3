"""Who incubation tells: a tenancy application goes to those who run the base, and its decision back
to the applicant; the other street's base and its operator hear nothing."""

from incubation import services
from registry.models import Notification
from tests.incubation.conftest import TERM, apply_for, base_data
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


def test_a_registered_base_goes_to_the_office_at_its_level_and_the_decision_back(
    personas, tree, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        base = services.base_register(
            actor=personas["bureau_district"], region=tree.street_a, data=base_data("江滨街道睦邻孵化园")
        )
    assert set(inbox(personas)) == {"street_a"}  # not street B, not the city bureau
    assert inbox(personas)["street_a"][0].url == f"/incubation/bases/{base.pk}/"
    clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.base_reject(actor=personas["street_a"], base_id=base.pk, reason="场地尚未落实")
    (message,) = inbox(personas)["bureau_district"]
    assert message.title == "【不予批准】江滨街道睦邻孵化园" and "场地尚未落实" in message.body
