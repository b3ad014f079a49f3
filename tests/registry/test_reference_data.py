"""Corrections of regions and of the platform-wide lists: the superuser's, validated, one event each."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import Event
from registry import services
from registry.choices import AuditAction, CategoryGroup, UrbanRural
from registry.models import Category, Region, ServiceDomain, TargetGroup


def events_of(subject) -> list[Event]:
    return list(Event.objects.unrestricted().of(subject))


def codes(error: ValidationError) -> dict[str, set[str]]:
    return {field: {e.code for e in errors} for field, errors in error.error_dict.items()}


# -- regions ----------------------------------------------------------------------------------------


def test_the_superuser_corrects_a_regions_name(tree, admin_user):
    region = services.region_update(
        actor=admin_user, region_code=tree.village_a.code, data={"name": " 桃源新村 "}, ip="10.1.2.3"
    )

    assert Region.objects.unrestricted().get(pk=region.pk).name == "桃源新村"
    (event,) = events_of(region)
    assert (event.action, event.actor, event.ip_address) == (
        AuditAction.REGION_UPDATED,
        admin_user,
        "10.1.2.3",
    )
    assert event.region_code == tree.village_a.code and event.details == {"fields": ["name"]}


def test_a_region_left_as_it_was_records_nothing(tree, admin_user):
    services.region_update(
        actor=admin_user,
        region_code=tree.village_a.code,
        data={"name": "桃源村", "urban_rural": UrbanRural.RURAL},
    )

    assert events_of(tree.village_a) == []


@pytest.mark.parametrize("name", ["bureau_city", "street_a", "operator"])
def test_staff_do_not_correct_regions(tree, personas, name):
    with pytest.raises(Region.DoesNotExist):
        services.region_update(actor=personas[name], region_code=tree.street_a.code, data={"name": "新街道"})


def test_a_community_keeps_its_urban_rural_class_and_a_street_has_none(tree, admin_user):
    with pytest.raises(ValidationError) as community:
        services.region_update(actor=admin_user, region_code=tree.community_a.code, data={"urban_rural": ""})
    with pytest.raises(ValidationError) as street:
        services.region_update(
            actor=admin_user, region_code=tree.street_a.code, data={"urban_rural": UrbanRural.URBAN}
        )

    assert codes(community.value) == {"urban_rural": {"required"}}
    assert street.value.messages
    assert Region.objects.unrestricted().get(pk=tree.street_a.code).urban_rural == ""


# -- categories, service domains, target groups -------------------------------------------------------


@pytest.mark.parametrize("model", [ServiceDomain, TargetGroup])
def test_the_superuser_adds_a_term_read_only_by_superusers(personas, admin_user, model):
    term = services.vocabulary_save(
        actor=admin_user, model=model, data={"code": "digital", "name": "数字助老", "sort_order": 90}
    )

    (event,) = events_of(term)
    assert event.action == AuditAction.VOCABULARY_CREATED and event.region_code == ""
    assert event.subject_label == f"{model._meta.verbose_name}：数字助老"
    assert not any(Event.objects.for_user(user).contains(event) for user in personas.values())


def test_a_category_change_names_the_fields_it_changed(admin_user):
    category = Category.objects.get(code="charity")

    services.vocabulary_save(
        actor=admin_user, model=Category, term_id=category.pk, data={"is_active": False, "name": "公益慈善类"}
    )

    (event,) = events_of(category)
    assert event.action == AuditAction.VOCABULARY_UPDATED and event.details == {"fields": ["is_active"]}
    assert Category.objects.get(pk=category.pk).is_active is False


def test_a_terms_code_is_fixed_once_it_exists(admin_user):
    category = Category.objects.get(code="charity")

    with pytest.raises(ValidationError) as refused:
        services.vocabulary_save(
            actor=admin_user, model=Category, term_id=category.pk, data={"code": "gongyi"}
        )

    assert codes(refused.value) == {"code": {"code_fixed"}}
    assert events_of(category) == []


def test_a_duplicate_name_is_refused(admin_user):
    with pytest.raises(ValidationError) as refused:
        services.vocabulary_save(
            actor=admin_user,
            model=Category,
            data={"code": "charity2", "name": Category.objects.get(code="charity").name, "group": "core"},
        )

    assert "name" in refused.value.error_dict


@pytest.mark.parametrize("name", ["bureau_city", "street_a"])
def test_staff_do_not_keep_the_lists(personas, name):
    with pytest.raises(PermissionDenied):
        services.vocabulary_save(
            actor=personas[name],
            model=Category,
            data={"code": "heritage", "name": "非遗传承类", "group": CategoryGroup.FEATURED},
        )
    assert not Category.objects.filter(code="heritage").exists()
