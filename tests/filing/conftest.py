"""Fixtures of the filing workflow: complete applications ready to move."""

from __future__ import annotations

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

import filing.tasks
from filing import services
from filing.choices import ApplicationKind, MaterialKind, Opinion, RevocationGround
from filing.models import Certificate, Complaint, Revocation
from filing.services.proposals import REQUIRED_MATERIALS
from filing.tasks import render_certificate
from registry.choices import Role
from registry.models import Organization
from tests.conftest import make_user, valid_resident_id

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def new_proposal(name: str = "幸福里社区银龄志愿服务队", **overrides) -> dict:
    proposal = {
        "name": name,
        "category": "charity",
        "founded_on": "2025-05-01",
        "member_count": 15,
        "venue": "幸福里社区党群服务中心二楼",
        "leader_name": "刘桂兰",
        "leader_id_number": valid_resident_id(),
        "leader_phone": "13911112222",
        "party_building": "none",
        "funding_sources": ["dues"],
        "domains": ["elderly", "volunteer"],
        "target_groups": ["elderly"],
    }
    proposal.update(overrides)
    return proposal


def attach_required(actor, application) -> None:
    for kind in REQUIRED_MATERIALS[application.kind]:
        services.material_add(actor=actor, application_id=application.pk, kind=kind, upload=pdf())


def complete_draft(actor, community, name: str = "幸福里社区银龄志愿服务队"):
    """A complete new-filing draft by ``actor`` in ``community``, its materials attached."""
    application = services.application_create(
        actor=actor,
        kind=ApplicationKind.NEW,
        community=community,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        proposal=new_proposal(name),
    )
    attach_required(actor, application)
    return application


@pytest.fixture
def applicant(tree):
    return make_user("applicant", Role.APPLICANT)


@pytest.fixture
def bare_draft(personas, tree):
    """A new-filing draft filed by the street office on the group's behalf, with no material yet."""
    return services.application_create(
        actor=personas["street_a"],
        kind=ApplicationKind.NEW,
        community=tree.community_a,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        proposal=new_proposal(),
    )


@pytest.fixture
def draft(personas, bare_draft):
    """A complete new-filing draft: every required material attached."""
    attach_required(personas["street_a"], bare_draft)
    return bare_draft


def advance(personas, application, until: str):
    """Move a complete application along the happy path up to ``until``."""
    steps = ["submitted", "opinion_given", "approved"]
    for state in steps[: steps.index(until) + 1]:
        if state == "submitted":
            application = services.application_submit(
                actor=personas["street_a"], application_id=application.pk, commitment_accepted=True
            )
        elif state == "opinion_given":
            application = services.application_give_opinion(
                actor=personas["community_a"],
                application_id=application.pk,
                opinion=Opinion.AGREE,
                note="同意",
            )
        else:
            application = services.application_approve(
                actor=personas["street_a"], application_id=application.pk
            )
    return application


# -- the street office's duties: revocation, deregistration, the cache of rate limits -------------


def revoke(actor, organization: Organization, **overrides) -> Revocation:
    arguments = {
        "ground": RevocationGround.AGAINST_CHARTER,
        "investigation": "经走访核实，该组织多次以组织名义开展营利性培训。",
        "reason": "违反章程规定的非营利宗旨，经约谈仍未整改。",
    }
    arguments.update(overrides)
    return services.organization_revoke(actor=actor, organization_id=organization.pk, **arguments)


def personal_data(organization: Organization) -> tuple[str, str, str]:
    return organization.leader_name, organization.leader_id_number, organization.leader_phone


def deregistration_draft(personas, organization: Organization):
    application = services.application_create(
        actor=personas["street_a"],
        kind=ApplicationKind.DEREGISTRATION,
        organization=organization,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        fact_date=timezone.localdate(),
    )
    attach_required(personas["street_a"], application)
    return application


@pytest.fixture
def certificate(world) -> Certificate:
    return services.certificate_issue(organization=world.orgs["a_filed"])


def revoke_url(organization: Organization) -> str:
    return reverse("organization-revoke", args=[organization.pk])


@pytest.fixture
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


# -- certificates: rendering, reading the stored PDF ---------------------------------------------


@pytest.fixture
def render_tasks(monkeypatch) -> list[int]:
    """Runs the render task in this process, broker or not; returns the ids it was queued with."""
    queued: list[int] = []

    def delay(certificate_id: int):
        queued.append(certificate_id)
        return render_certificate.apply(args=[certificate_id])

    monkeypatch.setattr(filing.tasks, "render_certificate", SimpleNamespace(delay=delay))
    return queued


def reload_certificate(certificate: Certificate) -> Certificate:
    return Certificate.objects.unrestricted().select_related("organization").get(pk=certificate.pk)


def pdf_text(data: bytes) -> str:
    """The first page's text with all whitespace removed (letter-spaced titles come out spaced)."""
    return "".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def stored_bytes(certificate: Certificate) -> bytes:
    with certificate.pdf.open("rb") as handle:
        return handle.read()


# -- complaints from the public ---------------------------------------------------------------


PHONE = "13812345678"
NAME = "李秀梅"
CONTENT = "该组织在小区广场夜间排练，音响声音过大，影响居民休息，多次劝说无效。"
FEEDBACK = "经核实，已约谈该组织负责人，排练时间调整为每晚八点前结束。"


def file(organization, **overrides) -> Complaint:
    data = {"content": CONTENT, "complainant_name": NAME, "complainant_phone": PHONE}
    data.update(overrides)
    return services.complaint_file(organization=organization, **data)


@pytest.fixture
def complaint_a(world) -> Complaint:
    return file(world.orgs["a_filed"])


@pytest.fixture
def complaint_b(world) -> Complaint:
    return file(world.orgs["b_filed"], complainant_phone="13900001111")


def reload_complaint(complaint: Complaint) -> Complaint:
    return Complaint.objects.unrestricted().get(pk=complaint.pk)


__all__ = ["MaterialKind", "advance", "attach_required", "datetime", "new_proposal", "pdf"]
