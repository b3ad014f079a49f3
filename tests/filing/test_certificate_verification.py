"""Filing certificates in use: public verification, download, renewal (换发) and the certificates
due for renewal."""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from core.models import Event
from filing import services
from filing.certificates import certificate_render
from filing.models import Certificate
from filing.rules import current_rules
from filing.selectors_certificates import certificates_due_for_renewal
from filing.services.approval import certificate_term
from registry import services as registry
from registry.choices import OrganizationStatus
from tests.conftest import VISIBLE
from tests.filing.conftest import pdf_text, stored_bytes
from tests.filing.conftest import reload_certificate as reload

PERSONAS = sorted(VISIBLE)


STUB_PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def today() -> datetime.date:
    return timezone.localdate()


def set_valid_until(certificate: Certificate, days_from_today: int) -> Certificate:
    valid_until = today() + datetime.timedelta(days=days_from_today)
    Certificate.objects.unrestricted().filter(pk=certificate.pk).update(valid_until=valid_until)
    certificate.refresh_from_db()
    return certificate


def renewal_audit(certificate: Certificate) -> list[Event]:
    return list(
        Event.objects.unrestricted().filter(
            organization_id=certificate.organization_id, action="certificate.renewed"
        )
    )


# -- public verification ---------------------------------------------------------------------------


def status_shown(page: str) -> tuple[str, str]:
    match = re.search(r'data-status="(\w+)">([^<]+)<', page)
    assert match, "no status on the page"
    return match.group(1), match.group(2)


def verify(client, certificate: Certificate) -> str:
    response = client.get(reverse("certificate-verify", args=[certificate.verification_code]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_valid_certificate_verifies_without_login(client, certificate):
    page = verify(client, certificate)

    assert status_shown(page) == ("valid", "有效")
    assert certificate.organization.name in page
    assert certificate.filing_number in page
    assert "江滨街道" in page
    assert certificate.valid_until.strftime("%Y年") in page
    assert "社区社会组织信息公开" in page
    assert reverse("organization-list") not in page  # no staff navigation


def test_the_public_page_shows_no_personal_data(client, certificate):
    organization = certificate.organization
    page = verify(client, certificate)
    for personal in (organization.leader_name, organization.leader_id_number, organization.leader_phone):
        assert personal not in page


def test_an_expired_certificate_says_so(client, certificate):
    set_valid_until(certificate, -1)
    assert status_shown(verify(client, certificate)) == ("expired", "已过期")


def test_the_last_day_of_the_term_is_still_valid(client, certificate):
    set_valid_until(certificate, 0)
    assert status_shown(verify(client, certificate)) == ("valid", "有效")


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (OrganizationStatus.REVOKED, ("revoked", "已取消备案")),
        (OrganizationStatus.DEREGISTERED, ("deregistered", "已注销")),
    ],
)
def test_an_ended_organization_stops_verifying_at_once(client, personas, certificate, status, shown):
    registry.organization_end(
        actor=personas["street_a"],
        organization_id=certificate.organization_id,
        status=status,
        reason="调查属实",
    )
    assert status_shown(verify(client, certificate)) == shown


def test_an_unknown_code_is_not_found(client, certificate):
    response = client.get(reverse("certificate-verify", args=[certificate.verification_code[:-1] + "x"]))
    assert response.status_code == 404
    assert "未查到该证书" in response.content.decode()


# -- download --------------------------------------------------------------------------------------


def test_download_renders_the_pdf_when_the_worker_has_not_yet(client, personas, certificate):
    client.force_login(personas["street_a"])

    response = client.get(reverse("certificate-download", args=[certificate.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert quote(f"备案证书-{certificate.filing_number}.pdf") in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    assert certificate.filing_number in pdf_text(body)
    assert reload(certificate).pdf.name
    event = Event.objects.unrestricted().get(action="certificate.downloaded")
    assert (event.actor, event.organization_id) == (personas["street_a"], certificate.organization_id)


def test_download_renders_again_when_the_stored_file_is_gone(client, personas, certificate):
    Certificate.objects.unrestricted().filter(pk=certificate.pk).update(pdf="certificates/gone.pdf")
    client.force_login(personas["street_a"])

    response = client.get(reverse("certificate-download", args=[certificate.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert reload(certificate).pdf.name != "certificates/gone.pdf"


@pytest.mark.parametrize("persona", PERSONAS)
def test_download_in_scope_and_404_outside(client, personas, certificate, persona):
    certificate.pdf.save("stub.pdf", ContentFile(STUB_PDF))
    client.force_login(personas[persona])

    response = client.get(reverse("certificate-download", args=[certificate.pk]))

    if "a_filed" in VISIBLE[persona]:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    else:
        assert response.status_code == 404


def test_download_sends_the_anonymous_to_login(client, certificate):
    response = client.get(reverse("certificate-download", args=[certificate.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# -- renewal (换发) --------------------------------------------------------------------------------


def test_renewal_before_the_notice_window_is_refused(personas, certificate):
    days = current_rules().renewal_notice_days
    set_valid_until(certificate, days + 1)
    before = reload(certificate)

    with pytest.raises(ValidationError) as raised:
        services.certificate_renew(actor=personas["street_a"], certificate_id=certificate.pk)

    assert raised.value.code == "renewal_not_due"
    opens_on = before.valid_until - datetime.timedelta(days=days)
    assert f"自{opens_on.year}年{opens_on.month}月{opens_on.day}日起方可换发" in raised.value.messages[0]
    after = reload(certificate)
    assert (after.version, after.issued_on, after.valid_until) == (1, before.issued_on, before.valid_until)
    assert renewal_audit(certificate) == []


@pytest.mark.parametrize("days_left", [30, 0, -40])
def test_renewal_within_the_window_or_after_expiry_starts_a_new_term(
    personas, certificate, render_tasks, days_left, django_capture_on_commit_callbacks
):
    set_valid_until(certificate, days_left)
    old_valid_until = reload(certificate).valid_until

    with django_capture_on_commit_callbacks(execute=True):
        renewed = services.certificate_renew(
            actor=personas["street_a"], certificate_id=certificate.pk, ip="10.0.0.8"
        )

    stored = reload(certificate)
    assert (stored.version, stored.issued_on, stored.valid_until) == (2, today(), certificate_term(today()))
    assert renewed.version == 2
    assert (stored.filing_number, stored.verification_code) == (
        certificate.filing_number,
        certificate.verification_code,
    )
    [event] = renewal_audit(certificate)
    assert (event.actor, event.ip_address, event.from_state, event.to_state) == (
        personas["street_a"],
        "10.0.0.8",
        "v1",
        "v2",
    )
    assert event.details["valid_until"] == [old_valid_until.isoformat(), stored.valid_until.isoformat()]
    assert render_tasks == [certificate.pk]
    assert "（第2版）" in pdf_text(stored_bytes(stored))


def test_a_renewed_certificate_is_not_due_again(personas, certificate):
    set_valid_until(certificate, 5)
    services.certificate_renew(actor=personas["street_a"], certificate_id=certificate.pk)
    with pytest.raises(ValidationError) as raised:
        services.certificate_renew(actor=personas["street_a"], certificate_id=certificate.pk)
    assert raised.value.code == "renewal_not_due"


def test_renewal_re_renders_and_deletes_the_old_file(
    personas, certificate, render_tasks, django_capture_on_commit_callbacks
):
    old_name = certificate_render(certificate_id=certificate.pk)
    set_valid_until(certificate, 10)

    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_renew(actor=personas["street_a"], certificate_id=certificate.pk)

    stored = reload(certificate)
    assert stored.pdf.name != old_name
    assert stored.pdf.storage.exists(stored.pdf.name)
    assert not stored.pdf.storage.exists(old_name)


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "street_a"])
def test_only_the_own_street_may_renew(personas, certificate, persona):
    set_valid_until(certificate, 10)
    with pytest.raises(Certificate.DoesNotExist):
        services.certificate_renew(actor=personas[persona], certificate_id=certificate.pk)
    assert reload(certificate).version == 1


def test_an_ended_organization_is_not_renewed(personas, certificate):
    set_valid_until(certificate, 10)
    registry.organization_end(
        actor=personas["street_a"],
        organization_id=certificate.organization_id,
        status=OrganizationStatus.REVOKED,
        reason="长期不开展活动",
    )
    with pytest.raises(ValidationError) as raised:
        services.certificate_renew(actor=personas["street_a"], certificate_id=certificate.pk)
    assert raised.value.code == "not_active"
    assert reload(certificate).version == 1


# -- certificates due for renewal ------------------------------------------------------------------


@pytest.fixture
def due(world, personas) -> dict[str, Certificate]:
    """Certificates on both sides of the street boundary, due, not due, expired and ended."""
    days = current_rules().renewal_notice_days
    certificates = {
        key: services.certificate_issue(organization=world.orgs[key])
        for key in ("a_filed", "va_filed", "b_filed", "c_filed", "a_guided")
    }
    set_valid_until(certificates["a_filed"], days)  # the first day of the window
    set_valid_until(certificates["va_filed"], days + 1)  # not yet
    set_valid_until(certificates["b_filed"], 3)  # due, in the sibling street
    set_valid_until(certificates["c_filed"], -1)  # expired, another district
    set_valid_until(certificates["a_guided"], -10)
    registry.organization_end(
        actor=personas["street_a"],
        organization_id=world.orgs["a_guided"].pk,
        status=OrganizationStatus.DEREGISTERED,
        reason="自行解散",
    )
    return certificates


def test_due_lists_active_organizations_of_the_jurisdiction_in_the_window(personas, due):
    def listed(persona: str, **kwargs) -> list[str]:
        rows = certificates_due_for_renewal(user=personas[persona], **kwargs)
        return [certificate.organization.name for certificate in rows]

    assert listed("street_a") == [due["a_filed"].organization.name]
    assert listed("street_b") == [due["b_filed"].organization.name]
    assert listed("bureau_city") == [
        due["c_filed"].organization.name,
        due["b_filed"].organization.name,
        due["a_filed"].organization.name,
    ]
    assert listed("bureau_city", within_days=0) == [due["c_filed"].organization.name]


def test_the_renewals_page_offers_renewal_to_the_street_only(client, personas, due):
    renew_a = reverse("certificate-renew", args=[due["a_filed"].pk])

    client.force_login(personas["street_a"])
    page = client.get(reverse("certificate-renewals")).content.decode()
    assert due["a_filed"].organization.name in page
    assert due["b_filed"].organization.name not in page
    assert due["va_filed"].organization.name not in page
    assert renew_a in page

    client.force_login(personas["community_a"])
    page = client.get(reverse("certificate-renewals")).content.decode()
    assert due["a_filed"].organization.name in page
    assert renew_a not in page


def test_the_renewals_page_needs_login(client, due):
    response = client.get(reverse("certificate-renewals"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_renewing_asks_for_confirmation_with_what_will_happen(client, personas, due):
    client.force_login(personas["street_a"])
    detail = reverse("organization-detail", args=[due["a_filed"].organization_id])

    response = client.post(reverse("certificate-renew", args=[due["a_filed"].pk]), {"next": detail})

    page = response.content.decode()
    assert response.status_code == 200 and "确认换发备案证书" in page
    assert due["a_filed"].filing_number in page and "第2版" in page
    assert f'name="next" value="{detail}"' in page and 'name="confirmed" value="yes"' in page
    assert reload(due["a_filed"]).version == 1


def test_renewing_from_the_page_shows_a_success_message(client, personas, due):
    client.force_login(personas["street_a"])

    response = client.post(
        reverse("certificate-renew", args=[due["a_filed"].pk]), {"confirmed": "yes"}, follow=True
    )

    assert response.redirect_chain == [(reverse("certificate-renewals"), 302)]
    assert "第2版" in response.content.decode()
    assert reload(due["a_filed"]).version == 2


def test_renewing_too_early_from_the_page_shows_the_reason(client, personas, due):
    client.force_login(personas["street_a"])

    response = client.post(reverse("certificate-renew", args=[due["va_filed"].pk]), follow=True)

    assert response.status_code == 200
    assert "尚未到换发时间" in response.content.decode()
    assert reload(due["va_filed"]).version == 1


def test_renewing_returns_to_a_local_next_page_only(client, personas, due):
    client.force_login(personas["street_a"])
    detail = reverse("organization-detail", args=[due["a_filed"].organization_id])
    url = reverse("certificate-renew", args=[due["a_filed"].pk])

    assert client.post(url, {"next": detail, "confirmed": "yes"})["Location"] == detail
    next_elsewhere = {"next": "https://example.com/", "confirmed": "yes"}
    assert client.post(url, next_elsewhere)["Location"] == reverse("certificate-renewals")


def test_renewing_outside_the_jurisdiction_is_not_found(client, personas, due):
    client.force_login(personas["street_a"])
    assert client.post(reverse("certificate-renew", args=[due["b_filed"].pk])).status_code == 404
    assert reload(due["b_filed"]).version == 1


def test_renew_accepts_post_only(client, personas, due):
    client.force_login(personas["street_a"])
    assert client.get(reverse("certificate-renew", args=[due["a_filed"].pk])).status_code == 405
