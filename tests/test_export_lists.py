"""Every list the apps declare for export runs for a street user: the rows the street sees, under the
list's own headers, with codes written as their Chinese labels."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.exports import registered
from core.models import ExportStatus
from tests.exports_support import data_rows, run_export, sheet_of
from tests.sweep import BUILDERS, Place

LISTS = sorted(registered())


def test_every_app_declares_its_lists():
    apps = {name.split(".")[0] for name in LISTS}
    assert apps == {"registry", "filing", "incubation", "evaluation"}
    assert len(LISTS) >= 19


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_each_list_exports_what_the_street_sees(name, personas, tree, admin_user):
    spec = registered()[name]
    built = None
    if spec.model in BUILDERS:
        built = Place(tree.community_a, admin_user).get(spec.model)
    job = run_export(personas["street_a"], name)
    assert job.status == ExportStatus.DONE, job.error
    sheet = sheet_of(job)
    header_row = 2 if any(column.group for column in spec.columns) else 1
    assert [cell.value for cell in sheet[header_row]] == [column.header for column in spec.columns]
    rows = data_rows(job)
    assert len(rows) == job.row_count
    if built is not None:
        assert rows, f"the {spec.model.__name__} built in street A is missing from {name}"
    stored_codes = {
        value for column in spec.columns if column.labels for value in column.labels if isinstance(value, str)
    }
    assert not {cell for row in rows for cell in row if isinstance(cell, str)} & stored_codes - {""}


@pytest.mark.django_db
@pytest.mark.parametrize("name", LISTS)
def test_each_list_page_offers_its_export(name, client, personas):
    spec = registered()[name]
    client.force_login(personas["street_a"])
    page = client.get(reverse(spec.list_url), {"page": "1"})
    assert page.status_code == 200
    assert f'name="list" value="{name}"' in page.content.decode()
