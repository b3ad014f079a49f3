"""The page that edits a draft shows no personal data in full: the contact phone, the leader's phone
and ID number are kept unless retyped, and named only by their masked form."""

from __future__ import annotations

from django.urls import reverse

from filing.models import FilingApplication
from tests.filing.conftest import new_proposal


def edit_page(client, draft):
    return client.get(reverse("application-update", args=[draft.pk]))


def test_the_edit_page_never_prints_a_phone_or_id_number_in_full(client, personas, draft):
    client.force_login(personas["street_a"])
    page = edit_page(client, draft).content.decode()
    assert "13911112222" not in page
    assert draft.proposal["leader_id_number"] not in page
    assert "139****2222" in page  # the clerk still sees which number is on file


def test_saving_without_retyping_keeps_the_numbers_on_file(client, personas, draft):
    client.force_login(personas["street_a"])
    proposal = new_proposal(member_count=20, leader_id_number="", leader_phone="")
    form = {
        **{key: value for key, value in proposal.items() if not isinstance(value, list)},
        "domains": proposal["domains"],
        "target_groups": proposal["target_groups"],
        "funding_sources": proposal["funding_sources"],
        "contact_name": "刘桂兰",
        "contact_phone": "",
        "community": draft.community_id,
    }
    response = client.post(reverse("application-update", args=[draft.pk]), form)
    assert response.status_code == 302, response.content.decode()
    saved = FilingApplication.objects.unrestricted().get(pk=draft.pk)
    assert saved.contact_phone == "13911112222"
    assert saved.proposal["leader_phone"] == "13911112222"
    assert saved.proposal["member_count"] == 20


def test_a_retyped_phone_is_checked_and_saved(client, personas, draft):
    client.force_login(personas["street_a"])
    page = edit_page(client, draft)
    form = dict(page.context["form"].initial)
    form.update(contact_phone="123", community=draft.community_id)
    form = {key: value for key, value in form.items() if value is not None}
    response = client.post(reverse("application-update", args=[draft.pk]), form)
    assert "contact_phone" in response.context["form"].errors
    assert FilingApplication.objects.unrestricted().get(pk=draft.pk).contact_phone == "13911112222"
