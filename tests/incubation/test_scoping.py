"""Who sees what: operators their own bases and everything at them, staff their jurisdiction's bases
(and the tenancies of their organizations elsewhere), an organization its own tenancies, the public
the bases operating today."""

from __future__ import annotations

import pytest

from incubation import services
from incubation.models import BaseEvaluation, IncubationBase, ServiceRecord, Space, Subsidy, Tenancy
from registry.choices import Role
from tests.conftest import make_organization, make_user
from tests.factories import system_user
from tests.incubation.conftest import D, active, apply_for, register_base

pytestmark = pytest.mark.django_db


def names(queryset) -> set[str]:
    return {str(obj) for obj in queryset}


BASES_SEEN = {
    "bureau_city": {
        "清河市社会组织发展服务中心",
        "临江区社会组织发展服务中心",
        "江滨街道社会组织培育孵化中心",
        "望湖街道社会组织培育孵化中心",
    },
    "bureau_district": {
        "临江区社会组织发展服务中心",
        "江滨街道社会组织培育孵化中心",
        "望湖街道社会组织培育孵化中心",
    },
    "bureau_district_b": set(),
    "street_a": {"江滨街道社会组织培育孵化中心"},
    "street_b": {"望湖街道社会组织培育孵化中心"},
    "community_a": set(),
    "operator": {"江滨街道社会组织培育孵化中心"},
    "org_a": set(),
}
BASES_CHANGED = {
    "bureau_city": BASES_SEEN["bureau_city"],
    "bureau_district": BASES_SEEN["bureau_district"],
    "street_a": {"江滨街道社会组织培育孵化中心"},
    "community_a": set(),
    "operator": {"江滨街道社会组织培育孵化中心"},
    "org_a": set(),
}


@pytest.mark.parametrize("persona", sorted(BASES_SEEN))
def test_each_persona_sees_the_bases_of_its_scope(personas, bases, persona):
    assert names(IncubationBase.objects.for_user(personas[persona])) == BASES_SEEN[persona]


@pytest.mark.parametrize("persona", sorted(BASES_CHANGED))
def test_each_persona_changes_the_bases_it_manages_or_operates(personas, bases, persona):
    assert names(IncubationBase.objects.for_user(personas[persona], "change")) == BASES_CHANGED[persona]


def test_an_operator_bound_to_two_bases_sees_both_wherever_its_own_region_lies(personas, bases):
    from tests.incubation.conftest import bind

    bind(bases.city, personas["operator"])  # its account sits at 江滨街道, the base at the city

    assert names(IncubationBase.objects.for_user(personas["operator"])) == {
        "江滨街道社会组织培育孵化中心",
        "清河市社会组织发展服务中心",
    }
    assert names(Space.objects.for_user(personas["operator"])) == {
        "流动工位（入驻办公室）",
        "301办公室（入驻办公室）",
        "会议室（会议培训室）",
    }


@pytest.fixture
def at_both(tree, personas, bases):
    """A tenancy at each street base, with a service and a subsidy each."""
    mine = active(apply_for(bases.street_a, personas["org_a"], organization=personas["org_a"].organization))
    theirs = active(
        apply_for(bases.street_b, organization=make_organization(tree.community_b, name="湖畔社区书画社"))
    )
    for tenancy in (mine, theirs):
        data = {
            "tenancy": tenancy.pk,
            "kind": "capacity",
            "given_on": D(2025, 4, 1),
            "hours": 2,
            "participants": 5,
        }
        services.service_log(actor=system_user(), base=tenancy.base_id, data=data)
        subsidy = {
            "tenancy": tenancy.pk,
            "kind": "rent",
            "amount": "1000",
            "period_start": D(2025, 3, 1),
            "period_end": D(2025, 5, 31),
            "approver": "街道办事处",
            "approved_on": D(2025, 6, 1),
        }
        services.subsidy_record(actor=system_user(), base=tenancy.base_id, data=subsidy)
    return mine, theirs


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("operator", {"mine"}),
        ("street_a", {"mine"}),
        ("street_b", {"theirs"}),
        ("bureau_district", {"mine", "theirs"}),
        ("bureau_district_b", set()),
        ("community_a", {"mine"}),  # an organization of its community, though the base is the street's
        ("org_a", {"mine"}),
    ],
)
def test_tenancies_and_their_records_follow_the_base_and_the_tenant(personas, at_both, persona, expected):
    keys = dict(zip(("mine", "theirs"), at_both, strict=True))
    user = personas[persona]

    seen = {
        key for key, tenancy in keys.items() if Tenancy.objects.for_user(user).filter(pk=tenancy.pk).exists()
    }
    services_seen = {
        key for key, t in keys.items() if ServiceRecord.objects.for_user(user).filter(tenancy=t).exists()
    }
    subsidies_seen = {
        key for key, t in keys.items() if Subsidy.objects.for_user(user).filter(tenancy=t).exists()
    }

    assert seen == services_seen == subsidies_seen == expected


def test_the_other_operator_sees_nothing_of_this_base(personas, bases, at_both):
    operator_b = bases.operator_b

    assert list(Tenancy.objects.for_user(operator_b)) == [at_both[1]]
    assert not Space.objects.for_user(operator_b).filter(base=bases.street_a).exists()
    assert not BaseEvaluation.objects.for_user(operator_b).exists()


def test_an_applicant_sees_only_what_it_applied_for(tree, bases, at_both):
    applicant = make_user("applicant", Role.APPLICANT)
    own = apply_for(bases.street_a, applicant, group_name="桃源村巧手编织队", community=tree.village_a.code)

    assert list(Tenancy.objects.for_user(applicant)) == [own]
    assert not IncubationBase.objects.for_user(applicant).exists()


def test_the_public_sees_the_bases_operating_today(tree, bases):
    register_base(tree.street_b, "望湖街道第二孵化点", approve=False)
    services.base_close(
        actor=system_user(), base_id=bases.district_a.pk, closed_on=D(2025, 12, 31), reason="并入市级中心"
    )
    register_base(tree.district_b, "青山区孵化中心", opened_on=D(2099, 1, 1))

    assert names(IncubationBase.objects.open_to_public()) == {
        "清河市社会组织发展服务中心",
        "江滨街道社会组织培育孵化中心",
        "望湖街道社会组织培育孵化中心",
    }
