"""Fixtures of the filing workflow: complete applications ready to move."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from filing import services
from filing.choices import ApplicationKind, MaterialKind, Opinion
from filing.services.proposals import REQUIRED_MATERIALS
from registry.choices import Role
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


@pytest.fixture
def applicant(tree):
    return make_user("applicant", Role.APPLICANT)


@pytest.fixture
def draft(personas, tree):
    """A complete new-filing draft, filed by the street office on the group's behalf."""
    application = services.application_create(
        actor=personas["street_a"],
        kind=ApplicationKind.NEW,
        community=tree.community_a,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        proposal=new_proposal(),
    )
    attach_required(personas["street_a"], application)
    return application


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


__all__ = ["MaterialKind", "advance", "attach_required", "datetime", "new_proposal", "pdf"]
