"""Excel exports never carry a live formula, whatever a user typed into a name or a note."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from core.exports import workbook_bytes

TYPED = ['=HYPERLINK("http://example.invalid","点此")', "+1+1", "-2+3", "@SUM(A1:A2)", "普通名称", 12, -3]


def test_text_that_looks_like_a_formula_is_written_as_text():
    sheet = load_workbook(io.BytesIO(workbook_bytes("表", ["值"], [[value] for value in TYPED]))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == TYPED
    assert [cell.data_type for cell in cells] == ["s", "s", "s", "s", "s", "n", "n"]


@pytest.mark.django_db
def test_the_organization_export_writes_a_formula_name_as_text(client, personas, tree):
    from django.urls import reverse

    from tests.conftest import make_organization

    make_organization(tree.community_a, name='=HYPERLINK("http://example.invalid","幸福里社区")服务队')
    client.force_login(personas["street_a"])
    response = client.get(reverse("organization-export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2)]
    formula = [cell for cell in names if str(cell.value).startswith("=")]
    assert formula and all(cell.data_type == "s" for cell in formula)
