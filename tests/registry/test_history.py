"""The organization's history: one row per change, relations included, the actor recorded."""

from registry import services
from registry.models import ServiceDomain, TargetGroup
from tests.conftest import organization_data


def test_it_writes_one_history_row_for_a_new_organization_with_its_relations(tree, personas):
    domains = list(ServiceDomain.objects.filter(code__in=["elderly", "volunteer"]))
    org = services.organization_create(
        actor=personas["community_a"],
        data=organization_data(
            tree.community_a,
            tier="guided",
            domains=domains,
            target_groups=list(TargetGroup.objects.all()[:1]),
        ),
    )
    (row,) = org.history.unrestricted()
    assert (row.history_type, row.history_change_reason, row.history_user) == (
        "+",
        "新建",
        personas["community_a"],
    )
    assert {item.servicedomain_id for item in row.domains.all()} == {domain.pk for domain in domains}


def test_it_writes_one_row_per_update_naming_fields_and_relations(world, personas):
    org = world.orgs["a_filed"]
    services.organization_update(
        actor=personas["street_a"],
        organization_id=org.pk,
        data={"member_count": 40, "domains": list(ServiceDomain.objects.filter(code="health"))},
    )
    latest, created = org.history.unrestricted()
    assert latest.history_type == "~"
    assert latest.history_change_reason == "修改：成员人数、服务领域"
    assert latest.member_count == 40 and created.member_count == 12
    assert [item.servicedomain.code for item in latest.domains.all()] == ["health"]


def test_it_writes_no_row_when_nothing_changed(world, personas):
    org = world.orgs["a_filed"]
    services.organization_update(
        actor=personas["street_a"], organization_id=org.pk, data={"member_count": 12}
    )
    assert org.history.unrestricted().count() == 1
