"""factory_boy factories of the objects most tests need: regions, users, organizations, applications.

Organizations and filing applications are made through the services, as a user makes them, so every
one is valid and leaves its trail; regions and users are plain rows. Scoped models are written and
read here with ``unrestricted()``: a factory is an internal job, not a request.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from filing import services as filing_services
from filing.choices import ApplicationKind
from filing.models import FilingApplication
from filing.services.proposals import REQUIRED_MATERIALS
from registry import services as registry_services
from registry.choices import RegionLevel, Tier, UrbanRural
from registry.divisions import level_of
from registry.identifiers import resident_id_check_char
from registry.models import Category, Organization, Region, User

PASSWORD = "test-pass-123"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
_system = itertools.count(1)


def valid_resident_id(serial: int) -> str:
    """A resident ID of 临江区 (990101) that passes the GB 11643 check."""
    body = f"990101198{serial % 10}0101{serial % 1000:03d}"
    return body + resident_id_check_char(body)


def system_user() -> User:
    """The superuser that creates what a test needs without being the subject of the test."""
    return User.objects.unrestricted().filter(is_superuser=True).first() or User.objects.create_superuser(
        f"system{next(_system)}", password=PASSWORD
    )


class RegionFactory(DjangoModelFactory):
    """A region; its level follows from its code, a community's urban/rural flag from its name."""

    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"990199001{n % 1000:03d}")
    name = factory.Sequence(lambda n: f"第{n}社区")
    level = factory.LazyAttribute(lambda region: level_of(region.code))
    parent = None
    urban_rural = factory.LazyAttribute(
        lambda region: (
            ""
            if region.level != RegionLevel.COMMUNITY
            else (UrbanRural.RURAL if region.name.endswith("村") else UrbanRural.URBAN)
        )
    )

    @classmethod
    def _get_manager(cls, model_class: type[Region]) -> Any:
        return model_class.objects.unrestricted()


class UserFactory(DjangoModelFactory):
    """A user with the tests' password; a persona when given a role and a region."""

    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = PASSWORD
    role = ""
    region = None

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        return model_class.objects.create_user(*args, **kwargs)


class OrganizationFactory(factory.Factory):
    """A filed organization unless overridden, created through ``organization_create`` by ``actor``
    (a superuser when not given); ``build()`` gives the service's input instead, as a dict."""

    class Meta:
        model = Organization

    actor = None
    community = factory.SubFactory(RegionFactory)
    name = factory.LazyAttributeSequence(lambda org, n: f"{org.community.name}第{n}志愿服务队")
    tier = Tier.FILED
    category = factory.LazyFunction(lambda: Category.objects.get(code="charity"))
    founded_on = datetime.date(2021, 3, 1)
    leader_name = "王建国"
    leader_id_number = factory.Sequence(valid_resident_id)
    leader_phone = factory.Sequence(lambda n: f"139{n:08d}")
    member_count = 12
    venue = factory.LazyAttribute(lambda org: f"{org.community.name}党群服务中心")
    funding_sources = factory.LazyFunction(lambda: ["dues"])

    @classmethod
    def _build(cls, model_class: type[Organization], *args: Any, actor: User | None = None, **data: Any):
        return data

    @classmethod
    def _create(cls, model_class: type[Organization], *args: Any, actor: User | None = None, **data: Any):
        return registry_services.organization_create(actor=actor or system_user(), data=data)


def new_proposal(community: Region, n: int) -> dict[str, Any]:
    """A new filing's proposal that meets the filing conditions."""
    return {
        "name": f"{community.name}第{n}志愿服务队",
        "category": "charity",
        "founded_on": "2025-05-01",
        "member_count": 15,
        "venue": f"{community.name}党群服务中心",
        "leader_name": "刘桂兰",
        "leader_id_number": valid_resident_id(n),
        "leader_phone": f"138{n:08d}",
        "party_building": "none",
        "funding_sources": ["dues"],
        "domains": ["elderly", "volunteer"],
        "target_groups": ["elderly"],
    }


class FilingApplicationFactory(factory.Factory):
    """A new-filing draft made through ``application_create`` by ``actor`` (street staff or an
    applicant), with every required material attached unless ``materials=False``."""

    class Meta:
        model = FilingApplication

    actor = None
    kind = ApplicationKind.NEW
    community = None
    contact_name = "刘桂兰"
    contact_phone = factory.Sequence(lambda n: f"137{n:08d}")
    proposal = factory.LazyAttributeSequence(
        lambda application, n: (
            new_proposal(application.community, n) if application.kind == ApplicationKind.NEW else {}
        )
    )

    @classmethod
    def _create(cls, model_class: type[FilingApplication], *args: Any, **kwargs: Any) -> FilingApplication:
        return filing_services.application_create(**kwargs)

    @factory.post_generation
    def materials(
        application: FilingApplication, create: bool, extracted: bool | None, **kwargs: Any
    ) -> None:
        if not create or extracted is False:
            return
        for kind in REQUIRED_MATERIALS[application.kind]:
            filing_services.material_add(
                actor=application.applicant,
                application_id=application.pk,
                kind=kind,
                upload=SimpleUploadedFile("材料.pdf", PDF, content_type="application/pdf"),
            )
