"""A proposed name must be free in its street, and the applicant hears so when the draft is saved or
submitted, not at the street's decision (at 准予备案) after the community has already given its opinion."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from filing import services
from filing.choices import ApplicationKind, ApplicationState
from registry.errors import RegistryCode
from tests.conftest import make_organization
from tests.filing.conftest import advance, attach_required, new_proposal


def draft_new(actor, community, name):
    return services.application_create(
        actor=actor,
        kind=ApplicationKind.NEW,
        community=community,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        proposal=new_proposal(name=name),
    )


def name_error(error: ValidationError) -> tuple[str, str]:
    (only,) = error.error_dict["name"]
    return only.code, only.message


def test_a_draft_cannot_take_the_name_of_an_active_organization_of_the_street(personas, tree, world):
    with pytest.raises(ValidationError) as refused:
        draft_new(
            personas["street_a"], tree.village_a, "幸福里社区邻里互助站"
        )  # another community, same street
    assert name_error(refused.value) == (RegistryCode.DUPLICATE_NAME, "本街道（乡镇）已有同名的在册组织")


def test_the_same_name_is_free_in_another_street(personas, tree, world):
    application = draft_new(personas["street_b"], tree.community_b, "幸福里社区邻里互助站")
    assert application.proposal["name"] == "幸福里社区邻里互助站"


def test_a_name_held_by_an_application_in_progress_is_refused_to_a_second(personas, tree, draft, applicant):
    advance(personas, draft, "submitted")
    with pytest.raises(ValidationError) as refused:
        draft_new(applicant, tree.community_a, draft.proposal["name"])
    assert name_error(refused.value) == (
        RegistryCode.DUPLICATE_NAME,
        "本街道（乡镇）已有同名组织正在申请备案",
    )


def test_a_name_taken_after_the_draft_was_saved_is_refused_at_submission(personas, tree, draft):
    make_organization(tree.community_a, name=draft.proposal["name"])
    with pytest.raises(ValidationError) as refused:
        services.application_submit(
            actor=personas["street_a"], application_id=draft.pk, commitment_accepted=True
        )
    assert name_error(refused.value)[0] == RegistryCode.DUPLICATE_NAME
    draft.refresh_from_db()
    assert draft.state == ApplicationState.DRAFT and not draft.receipt_number


def test_two_drafts_may_share_a_name_until_one_is_submitted(personas, tree, applicant):
    first = draft_new(personas["street_a"], tree.community_a, "幸福里社区书法协会")
    second = draft_new(applicant, tree.community_a, "幸福里社区书法协会")
    attach_required(personas["street_a"], first)
    attach_required(applicant, second)
    services.application_submit(actor=personas["street_a"], application_id=first.pk, commitment_accepted=True)
    with pytest.raises(ValidationError) as refused:
        services.application_submit(actor=applicant, application_id=second.pk, commitment_accepted=True)
    assert name_error(refused.value)[1] == "本街道（乡镇）已有同名组织正在申请备案"


def test_an_application_does_not_collide_with_itself_on_resubmission(personas, draft):
    advance(personas, draft, "submitted")
    services.application_return(actor=personas["street_a"], application_id=draft.pk, reason="请补充成员名册")
    services.application_update(
        actor=personas["street_a"], application_id=draft.pk, data={"proposal": draft.proposal}
    )
    resubmitted = services.application_submit(
        actor=personas["street_a"], application_id=draft.pk, commitment_accepted=True
    )
    assert resubmitted.state == ApplicationState.SUBMITTED


def test_a_rename_by_change_application_is_checked_against_the_street(personas, tree, world):
    organization = world.orgs["a_filed"]
    with pytest.raises(ValidationError) as refused:
        services.application_create(
            actor=personas["street_a"],
            kind=ApplicationKind.CHANGE,
            organization=organization,
            contact_name="刘桂兰",
            contact_phone="13911112222",
            fact_date=organization.founded_on,
            proposal={"name": "桃源村红白理事会"},
        )
    assert name_error(refused.value)[0] == RegistryCode.DUPLICATE_NAME


def test_the_draft_page_shows_the_duplicate_name_on_its_field(client, personas, tree, world):
    client.force_login(personas["street_a"])
    data = {
        **new_proposal(name="幸福里社区邻里互助站"),
        "community": tree.community_a.pk,
        "contact_name": "刘桂兰",
        "contact_phone": "13911112222",
    }
    response = client.post(reverse("application-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["本街道（乡镇）已有同名的在册组织"]
