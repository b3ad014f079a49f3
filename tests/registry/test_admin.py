"""The admin goes through the same scoping and the same services as every page.

Every model registered in the admin answers its list, add and change pages; a save through the admin
writes one event of the trail, by the signed-in user; a staff account sees only its jurisdiction.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)
from django_celery_results.models import GroupResult, TaskResult
from rest_framework.authtoken.models import Token

from assessment import services as assessment_services
from assessment.choices import ReportStatus
from assessment.models import QuotaPolicy, QuotaReport, QuotaRule
from assessment.presets import install_presets
from core import trail
from core.models import Event
from registry import services
from registry.choices import AuditAction, QualificationLevel
from registry.models import (
    Category,
    Federation,
    Organization,
    Region,
    ServiceDomain,
    SocialWorker,
    TargetGroup,
    User,
)
from tests.conftest import VISIBLE, Tree, World

# -- one object of every registered model ----------------------------------------------------------


def _federation(tree: Tree, world: World, admin_user: User) -> Model:
    return services.federation_create(
        actor=admin_user,
        organization=world.orgs["a_filed"],
        founded_on=datetime.date(2022, 5, 1),
        members=[world.orgs["a_guided"], world.orgs["va_filed"]],
    )


def _social_worker(tree: Tree, world: World, admin_user: User) -> Model:
    return services.social_worker_create(
        actor=admin_user,
        data={
            "name": "陈晓燕",
            "community": tree.community_a,
            "qualification": QualificationLevel.INTERMEDIATE,
            "certificate_number": "SW-2021-0001",
        },
    )


def _quota_policy(tree: Tree, world: World, admin_user: User) -> Model:
    install_presets(QuotaPolicy, QuotaRule)
    source = QuotaPolicy.objects.unrestricted().get(preset="beijing", jurisdiction=None)
    return assessment_services.policy_copy(actor=admin_user, source=source, jurisdiction=tree.city)


def _quota_report(tree: Tree, world: World, admin_user: User) -> Model:
    policy = _quota_policy(tree, world, admin_user)
    return QuotaReport.objects.create(
        policy=policy, region=tree.city, as_of=datetime.date(2026, 3, 31), status=ReportStatus.DONE
    )


def _event(tree: Tree, world: World, admin_user: User) -> Model:
    organization = world.orgs["a_filed"]
    return trail.record(
        actor=admin_user,
        action=AuditAction.CHARTER_DOWNLOADED,
        subject=organization,
        region=organization.community_id,
        organization=organization,
    )


Builder = Callable[[Tree, World, User], Model]
BUILDERS: dict[str, Builder] = {
    "auth.Group": lambda tree, world, admin_user: Group.objects.create(name="数据管理员"),
    "authtoken.TokenProxy": lambda tree, world, admin_user: Token.objects.create(user=admin_user),
    "django_celery_beat.PeriodicTask": lambda tree, world, admin_user: PeriodicTask.objects.create(
        name="nightly",
        task="assessment.tasks.run_nightly_reports",
        interval=IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS),
    ),
    "django_celery_beat.ClockedSchedule": lambda tree, world, admin_user: ClockedSchedule.objects.create(
        clocked_time=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    ),
    "django_celery_beat.CrontabSchedule": lambda tree, world, admin_user: CrontabSchedule.objects.create(
        minute="30", hour="1"
    ),
    "django_celery_beat.SolarSchedule": lambda tree, world, admin_user: SolarSchedule.objects.create(
        event="sunrise", latitude=39.9, longitude=116.4
    ),
    "django_celery_beat.IntervalSchedule": lambda tree, world, admin_user: IntervalSchedule.objects.create(
        every=10, period=IntervalSchedule.MINUTES
    ),
    "django_celery_results.TaskResult": lambda tree, world, admin_user: TaskResult.objects.create(
        task_id="3f1c", task_name="assessment.tasks.run_quota_report", status="SUCCESS"
    ),
    "django_celery_results.GroupResult": lambda tree, world, admin_user: GroupResult.objects.create(
        group_id="7a2d"
    ),
    "core.Event": _event,
    "registry.Region": lambda tree, world, admin_user: tree.street_a,
    "registry.Category": lambda tree, world, admin_user: Category.objects.get(code="charity"),
    "registry.ServiceDomain": lambda tree, world, admin_user: ServiceDomain.objects.first(),
    "registry.TargetGroup": lambda tree, world, admin_user: TargetGroup.objects.first(),
    "registry.Organization": lambda tree, world, admin_user: world.orgs["a_filed"],
    "registry.Federation": _federation,
    "registry.SocialWorker": _social_worker,
    "registry.User": lambda tree, world, admin_user: User.objects.unrestricted().get(username="street_a"),
    "assessment.QuotaPolicy": _quota_policy,
    "assessment.QuotaReport": _quota_report,
}
# The token admin addresses a token (a TokenProxy row) by its user's key.
ADMIN_KEYS: dict[str, Callable[[Model], Any]] = {"authtoken.TokenProxy": lambda token: token.user_id}

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def admin_url(model: type[Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def build(model: type[Model], tree: Tree, world: World, admin_user: User) -> Model:
    label = model._meta.label
    if label not in BUILDERS:
        pytest.fail(f"the admin test cannot build a {label} yet: teach it in BUILDERS")
    return BUILDERS[label](tree, world, admin_user)


@pytest.fixture
def superuser_client(client: Client, admin_user: User) -> Client:
    client.force_login(admin_user)
    return client


# -- every page of every model, as a superuser -----------------------------------------------------


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_registered_model_answers_its_list_add_and_change_pages(
    superuser_client, tree, world, admin_user, model
):
    obj = build(model, tree, world, admin_user)
    key = ADMIN_KEYS.get(model._meta.label, lambda obj: obj.pk)(obj)
    model_admin = admin.site._registry[model]

    changelist = superuser_client.get(admin_url(model, "changelist"))
    change = superuser_client.get(admin_url(model, "change", key))
    add = superuser_client.get(admin_url(model, "add"))
    history = superuser_client.get(admin_url(model, "history", key))

    assert changelist.status_code == 200
    assert change.status_code == 200
    assert history.status_code == 200
    request = changelist.wsgi_request
    assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)
    assert key in {row.pk for row in changelist.context["cl"].result_list}


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_registered_model_answers_its_delete_page(superuser_client, tree, world, admin_user, model):
    obj = build(model, tree, world, admin_user)
    key = ADMIN_KEYS.get(model._meta.label, lambda obj: obj.pk)(obj)
    model_admin = admin.site._registry[model]

    response = superuser_client.get(admin_url(model, "delete", key))

    allowed = model_admin.has_delete_permission(response.wsgi_request, obj)
    assert response.status_code == (200 if allowed else 403)


def test_the_changelist_filters_and_searches(superuser_client, world):
    url = admin_url(Organization, "changelist")
    category = Category.objects.get(code="charity")

    filtered = superuser_client.get(url, {"category__id__exact": category.pk, "q": "幸福里"})

    assert filtered.status_code == 200
    names = {org.name for org in filtered.context["cl"].result_list}
    assert names and all("幸福里" in name for name in names)


def test_the_organization_history_pages_read_the_scoped_history(superuser_client, world):
    organization = world.orgs["a_filed"]
    version = Organization.history.model.objects.unrestricted().filter(id=organization.pk).first()

    listing = superuser_client.get(admin_url(Organization, "history", organization.pk))
    one = superuser_client.get(admin_url(Organization, "simple_history", organization.pk, version.pk))

    assert listing.status_code == one.status_code == 200
    assert organization.name in one.content.decode()


# -- saves through the admin write one event each ---------------------------------------------------


def form_data(response) -> dict[str, Any]:
    """The change form's current values, as the browser would post them back."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if field.disabled or isinstance(field, forms.FileField):
            continue
        value = form[name].value()
        if isinstance(field.widget, forms.SplitDateTimeWidget):
            if value:
                data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.time().isoformat()
        elif isinstance(field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif value is not None:
            data[name] = str(value)
    return data


def post_change(client: Client, obj: Model, **changes: Any):
    url = admin_url(type(obj), "change", obj.pk)
    data = form_data(client.get(url))
    data.update(changes)
    return client.post(url, data)


def new_events(since: int) -> list[Event]:
    return list(Event.objects.unrestricted().filter(pk__gt=since).order_by("pk"))


def last_event_id() -> int:
    last = Event.objects.unrestricted().order_by("-pk").first()
    return last.pk if last else 0


def assert_one_event(since: int, action: str, actor: User, subject: Model) -> Event:
    (event,) = new_events(since)
    assert event.action == action
    assert event.actor == actor
    assert (event.subject_type, event.subject_id) == (subject._meta.label_lower, str(subject.pk))
    assert event.ip_address == "127.0.0.1"
    return event


def assert_saved(response) -> None:
    errors = response.context["adminform"].form.errors if response.context else None
    assert response.status_code == 302, errors


def test_an_organization_saved_in_the_admin_is_audited(superuser_client, world, admin_user):
    organization = world.orgs["a_filed"]
    since = last_event_id()

    assert_saved(post_change(superuser_client, organization, member_count="30"))

    assert_one_event(since, AuditAction.ORGANIZATION_UPDATED, admin_user, organization)
    assert Organization.objects.unrestricted().get(pk=organization.pk).member_count == 30


def test_a_federation_saved_in_the_admin_is_audited(superuser_client, tree, world, admin_user):
    federation = _federation(tree, world, admin_user)
    since = last_event_id()

    assert_saved(post_change(superuser_client, federation, founded_on="2023-06-01"))

    event = assert_one_event(since, AuditAction.FEDERATION_UPDATED, admin_user, federation)
    assert event.details == {"founded_on": "2023-06-01"}


def test_a_social_worker_saved_in_the_admin_is_audited(superuser_client, tree, world, admin_user):
    worker = _social_worker(tree, world, admin_user)
    since = last_event_id()

    assert_saved(post_change(superuser_client, worker, name="陈晓云"))

    event = assert_one_event(since, AuditAction.SOCIAL_WORKER_UPDATED, admin_user, worker)
    assert event.details == {"fields": ["name"]}
    assert SocialWorker.objects.unrestricted().get(pk=worker.pk).name == "陈晓云"


def test_a_region_saved_in_the_admin_is_audited(superuser_client, tree, admin_user):
    since = last_event_id()

    assert_saved(post_change(superuser_client, tree.street_a, name="江滨街道办事处"))

    event = assert_one_event(since, AuditAction.REGION_UPDATED, admin_user, tree.street_a)
    assert event.region_code == tree.street_a.code and event.details == {"fields": ["name"]}


def test_a_category_saved_in_the_admin_is_audited(superuser_client, admin_user):
    category = Category.objects.get(code="charity")
    since = last_event_id()

    assert_saved(post_change(superuser_client, category, name="公益慈善"))

    event = assert_one_event(since, AuditAction.VOCABULARY_UPDATED, admin_user, category)
    assert event.region_code == ""
    assert Category.objects.get(pk=category.pk).name == "公益慈善"


def test_a_user_saved_in_the_admin_is_audited(superuser_client, personas, admin_user):
    account = personas["street_a"]
    since = last_event_id()

    assert_saved(post_change(superuser_client, account, full_name="江滨街道社会事务科"))

    event = assert_one_event(since, AuditAction.USER_UPDATED, admin_user, account)
    assert event.details == {"fields": ["full_name"]}


def test_accounts_added_in_the_admin_are_audited(superuser_client, tree, admin_user):
    since = last_event_id()

    response = superuser_client.post(
        admin_url(User, "add"),
        {
            "username": "street_a_clerk",
            "usable_password": "true",
            "password1": "a-long-pass-2026",
            "password2": "a-long-pass-2026",
            "full_name": "江滨街道办事员",
            "role": "street",
            "region": tree.street_a.code,
        },
    )

    assert response.status_code == 302
    account = User.objects.unrestricted().get(username="street_a_clerk")
    event = assert_one_event(since, AuditAction.USER_CREATED, admin_user, account)
    assert event.region_code == tree.street_a.code
    assert account.check_password("a-long-pass-2026") and account.region == tree.street_a


def test_a_password_set_in_the_admin_is_audited_without_the_password(superuser_client, personas, admin_user):
    account = personas["street_a"]
    since = last_event_id()

    response = superuser_client.post(
        reverse("admin:auth_user_password_change", args=(account.pk,)),
        {"usable_password": "true", "password1": "new-pass-2026-x", "password2": "new-pass-2026-x"},
    )

    assert response.status_code == 302
    event = assert_one_event(since, AuditAction.USER_PASSWORD_SET, admin_user, account)
    assert event.details == {"usable": True}
    assert "new-pass" not in str(event.__dict__)
    assert User.objects.unrestricted().get(pk=account.pk).check_password("new-pass-2026-x")


def test_terms_and_social_workers_added_in_the_admin_are_audited(superuser_client, tree, admin_user):
    since = last_event_id()

    term = superuser_client.post(
        admin_url(ServiceDomain, "add"), {"code": "digital", "name": "数字助老", "sort_order": "90"}
    )
    worker = superuser_client.post(
        admin_url(SocialWorker, "add"),
        {
            "name": "周敏",
            "community": tree.village_a.code,
            "qualification": QualificationLevel.ASSISTANT,
            "certificate_number": "SW-2024-0007",
            "is_active": "on",
        },
    )

    assert term.status_code == 302, term.context["adminform"].form.errors
    assert worker.status_code == 302, worker.context["adminform"].form.errors
    added, registered = new_events(since)
    assert (added.action, added.subject_label) == (AuditAction.VOCABULARY_CREATED, "服务领域：数字助老")
    assert registered.action == AuditAction.SOCIAL_WORKER_CREATED and registered.actor == admin_user


def test_a_sort_order_edited_in_the_category_list_is_audited(superuser_client, admin_user):
    categories = list(Category.objects.all())
    formset = {"form-TOTAL_FORMS": len(categories), "form-INITIAL_FORMS": len(categories), "_save": "保存"}
    for index, category in enumerate(categories):
        formset[f"form-{index}-id"] = category.pk
        formset[f"form-{index}-sort_order"] = category.sort_order + (10 if index == 0 else 0)
        if category.is_active:
            formset[f"form-{index}-is_active"] = "on"
    since = last_event_id()

    response = superuser_client.post(admin_url(Category, "changelist"), formset)

    assert response.status_code == 302
    event = assert_one_event(since, AuditAction.VOCABULARY_UPDATED, admin_user, categories[0])
    assert event.details == {"fields": ["sort_order"]}


def test_a_refusal_while_saving_the_list_is_shown_above_it(superuser_client, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError("排序已被他人修改，请刷新后重试", code="stale")

    monkeypatch.setattr(services, "vocabulary_save", refuse)
    category = Category.objects.get(code="charity")
    formset = {
        "form-TOTAL_FORMS": 1,
        "form-INITIAL_FORMS": 1,
        "form-0-id": category.pk,
        "form-0-sort_order": category.sort_order + 10,
        "form-0-is_active": "on",
        "_save": "保存",
    }
    since = last_event_id()

    response = superuser_client.post(admin_url(Category, "changelist"), formset)

    assert response.status_code == 200
    assert "排序已被他人修改" in response.content.decode()
    assert new_events(since) == []


def test_a_rule_only_the_service_knows_is_shown_on_the_form(superuser_client, tree, world, admin_user):
    federation = _federation(tree, world, admin_user)
    since = last_event_id()

    response = post_change(superuser_client, federation, members=[world.orgs["b_filed"].pk])

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["members"]
    assert "会员组织须属于本街道" in response.content.decode()
    assert new_events(since) == []
    members = Organization.objects.unrestricted().filter(federation_memberships=federation)
    assert set(members) == {world.orgs["a_guided"], world.orgs["va_filed"]}


def test_a_second_federation_for_a_street_is_refused_on_the_add_form(
    superuser_client, tree, world, admin_user
):
    _federation(tree, world, admin_user)

    response = superuser_client.post(
        admin_url(Federation, "add"),
        {"organization": world.orgs["a_registered"].pk, "founded_on": "2024-01-01"},
    )

    assert response.status_code == 200
    assert "江滨街道已有联合会" in response.content.decode()
    assert Federation.objects.unrestricted().count() == 1


def test_regions_are_corrected_not_added_or_deleted_in_the_admin(superuser_client, tree):
    assert superuser_client.get(admin_url(Region, "add")).status_code == 403
    assert superuser_client.get(admin_url(Region, "delete", tree.village_c.code)).status_code == 403

    response = post_change(superuser_client, tree.village_c, urban_rural="")

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["urban_rural"]


def test_quota_policies_stay_read_only(superuser_client, tree, world, admin_user):
    policy = _quota_policy(tree, world, admin_user)
    url = admin_url(QuotaPolicy, "change", policy.pk)

    page = superuser_client.get(url)
    refused = superuser_client.post(url, {"name": "改名"})

    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert refused.status_code == 403
    assert QuotaPolicy.objects.unrestricted().get(pk=policy.pk).name == policy.name


# -- a staff account sees its jurisdiction only ----------------------------------------------------


def staff_client(client: Client, account: User, *codenames: str) -> Client:
    """A staff account of the platform given the admin's model permissions."""
    User.objects.unrestricted().filter(pk=account.pk).update(is_staff=True)
    account.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(User.objects.unrestricted().get(pk=account.pk))
    return client


@pytest.fixture
def street_staff_client(client: Client, personas) -> Client:
    return staff_client(client, personas["street_a"], "view_organization", "change_organization")


def test_a_street_staff_account_sees_only_its_streets_organizations(street_staff_client, world):
    response = street_staff_client.get(admin_url(Organization, "changelist"))

    assert response.status_code == 200
    assert {org.pk for org in response.context["cl"].result_list} == world.ids(*VISIBLE["street_a"])


def test_an_organization_outside_the_street_does_not_exist_for_it(street_staff_client, world):
    outside = world.orgs["b_filed"]

    change = street_staff_client.get(admin_url(Organization, "change", outside.pk))
    history = street_staff_client.get(admin_url(Organization, "history", outside.pk))

    assert change.status_code == 302 and change.url == reverse("admin:index")
    assert history.status_code == 404


def test_a_street_staff_account_changes_what_its_street_manages(street_staff_client, world, personas):
    organization = world.orgs["a_filed"]
    since = last_event_id()

    page = street_staff_client.get(admin_url(Organization, "change", organization.pk))
    response = post_change(street_staff_client, organization, member_count="25")

    assert page.status_code == 200 and "幸福里社区" in page.content.decode()  # the raw-id field's label
    assert_saved(response)
    assert_one_event(since, AuditAction.ORGANIZATION_UPDATED, personas["street_a"], organization)


def test_a_registered_organization_is_read_only_for_the_street(street_staff_client, world):
    organization = world.orgs["a_registered"]  # the bureau manages registered organizations
    url = admin_url(Organization, "change", organization.pk)

    page = street_staff_client.get(url)
    refused = street_staff_client.post(url, {"member_count": "99"})

    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert refused.status_code == 403


def test_a_list_filter_over_a_scoped_relation_offers_what_the_user_sees(
    client, tree, world, personas, admin_user
):
    city = _quota_policy(tree, world, admin_user)
    source = QuotaPolicy.objects.unrestricted().get(preset="hainan", jurisdiction=None)
    district_a = assessment_services.policy_copy(
        actor=personas["bureau_district"], source=source, jurisdiction=tree.district_a
    )
    staff_client(client, personas["bureau_district_b"], "view_quotareport")

    response = client.get(admin_url(QuotaReport, "changelist"))

    (policy_filter,) = [spec for spec in response.context["cl"].filter_specs if spec.field.name == "policy"]
    offered = {pk for pk, name in policy_filter.lookup_choices}
    assert city.pk in offered and district_a.pk not in offered


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_every_page_answers_a_street_staff_account_holding_every_permission(
    client, tree, world, personas, admin_user, model
):
    obj = build(model, tree, world, admin_user)
    key = ADMIN_KEYS.get(model._meta.label, lambda obj: obj.pk)(obj)
    staff_client(client, personas["street_a"], *Permission.objects.values_list("codename", flat=True))

    answers = {
        view: client.get(admin_url(model, view, *args)).status_code
        for view, args in [("changelist", ()), ("add", ()), ("change", (key,)), ("history", (key,))]
    }

    assert answers["changelist"] == 200
    assert set(answers.values()) <= {200, 302, 403, 404}, answers
