import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from registry.choices import RegionLevel, UrbanRural
from registry.models import Region
from registry.region_import import RegionImportError, RegionRow, import_regions, read_region_file

SAMPLE = Path(__file__).resolve().parents[2] / "registry" / "fixtures" / "sample_regions.csv"

TREE = """\
区划代码,名称,城乡分类
990100000000,临江市,
990102000000,滨江区,
990102001000,望湖街道,
990102001001,望湖社区,城市社区
990102001201,柳树村,220
"""


def regions():
    return Region.objects.unrestricted()


def write_csv(tmp_path: Path, text: str, *, name: str = "regions.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def load(path: Path) -> str:
    out = io.StringIO()
    call_command("load_regions", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def load_failing(path: Path) -> str:
    """Run the command expecting failure; returns the CommandError message plus stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as info:
        call_command("load_regions", str(path), stdout=io.StringIO(), stderr=err)
    return f"{info.value}\n{err.getvalue()}"


# --- good files -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_imports_a_csv_tree_with_derived_levels_and_parents(tmp_path):
    output = load(write_csv(tmp_path, TREE))

    assert "导入完成：新增 5 个，更新 0 个，未变 0 个。" in output
    found = {r.code: r for r in regions()}
    assert [(found[c].level, found[c].parent_id) for c in sorted(found)] == [
        (RegionLevel.CITY, None),
        (RegionLevel.DISTRICT, "990100000000"),
        (RegionLevel.STREET, "990102000000"),
        (RegionLevel.COMMUNITY, "990102001000"),
        (RegionLevel.COMMUNITY, "990102001000"),
    ]
    assert found["990102001001"].urban_rural == UrbanRural.URBAN
    assert found["990102001201"].urban_rural == UrbanRural.RURAL
    assert found["990102001000"].urban_rural == ""
    assert found["990102000000"].name == "滨江区"


@pytest.mark.django_db
def test_it_imports_the_first_sheet_of_an_xlsx_with_numeric_codes(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["统计用区划代码", "区划名称", "城乡分类代码"])
    sheet.append([990100000000, "临江市", None])
    sheet.append([990102000000.0, "滨江区", None])
    sheet.append([])
    sheet.append(["990102001000", "望湖街道", None])
    sheet.append([990102001001, "望湖社区", 111])
    workbook.create_sheet("说明").append(["code", "name"])
    path = tmp_path / "regions.xlsx"
    workbook.save(path)

    assert "新增 4 个" in load(path)
    community = regions().get(code="990102001001")
    assert (community.level, community.parent_id, community.urban_rural) == (
        RegionLevel.COMMUNITY,
        "990102001000",
        UrbanRural.URBAN,
    )


@pytest.mark.django_db
def test_it_reads_xlsx_line_numbers_as_excel_shows_them(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name"])
    sheet.append(["990100000000", "临江市"])
    sheet.append([])
    sheet.append(["990102000000", None])
    path = tmp_path / "regions.xlsx"
    workbook.save(path)

    assert "第4行：名称不能为空" in load_failing(path)


@pytest.mark.django_db
def test_it_decodes_gb18030_csv(tmp_path):
    load(write_csv(tmp_path, TREE, encoding="gb18030"))

    assert regions().get(code="990102001000").name == "望湖街道"


@pytest.mark.django_db
def test_it_accepts_a_utf8_bom_and_english_headers(tmp_path):
    text = "\ufeffCode , NAME,Type\n990100000000,临江市,\n"
    load(write_csv(tmp_path, text))

    assert regions().get(code="990100000000").name == "临江市"


@pytest.mark.django_db
def test_it_pads_short_codes(tmp_path):
    text = "代码,名称\n99,示范省\n9901,临江市\n990102,滨江区\n990102001,望湖街道\n"
    load(write_csv(tmp_path, text))

    assert sorted(regions().values_list("code", "parent_id")) == [
        ("990000000000", None),
        ("990100000000", "990000000000"),
        ("990102000000", "990100000000"),
        ("990102001000", "990102000000"),
    ]


@pytest.mark.django_db
def test_it_updates_on_rerun_without_duplicating(tmp_path):
    load(write_csv(tmp_path, TREE))
    count = regions().count()

    renamed = TREE.replace("望湖街道", "望湖街道办事处").replace("柳树村,220", "柳树村,城")
    output = load(write_csv(tmp_path, renamed, name="again.csv"))

    assert "导入完成：新增 0 个，更新 2 个，未变 3 个。" in output
    assert regions().count() == count
    assert regions().get(code="990102001000").name == "望湖街道办事处"
    assert regions().get(code="990102001201").urban_rural == UrbanRural.URBAN


@pytest.mark.django_db
def test_it_attaches_to_parents_already_in_the_database(tmp_path):
    load(write_csv(tmp_path, TREE))

    text = "code,name,urban_rural\n990102002000,南门街道,\n990102002001,南门社区,121\n"
    load(write_csv(tmp_path, text, name="more.csv"))

    assert regions().get(code="990102002000").parent_id == "990102000000"
    assert regions().get(code="990102002001").parent_id == "990102002000"


@pytest.mark.django_db
def test_it_makes_a_district_without_ancestors_a_root(tmp_path):
    load(write_csv(tmp_path, "code,name\n990102000000,滨江区\n"))

    assert regions().get(code="990102000000").parent_id is None


@pytest.mark.django_db
def test_it_imports_the_sample_fixture():
    output = load(SAMPLE)

    assert "更新 0 个" in output
    assert regions().communities().filter(urban_rural="").count() == 0
    assert regions().get(code="970121101201").parent_id == "970121101000"


# --- bad files ------------------------------------------------------------------------------

BAD = """\
区划代码,名称,城乡分类
990100000000,临江市,
990102000000,滨江区,

12345,坏代码,
990102000000,滨江区重复,
990102001000,,
990102009001,孤儿社区,111
990102001001,望湖社区,
990102001002,柳岸社区,某某
"""


@pytest.mark.django_db
def test_it_reports_every_bad_line_and_saves_nothing(tmp_path):
    before = regions().count()

    message = load_failing(write_csv(tmp_path, BAD))

    assert '第5行：区划代码"12345"应为12位数字' in message
    assert "第6行：区划代码与第3行重复" in message
    assert "第7行：名称不能为空" in message
    assert "第8行：上级街道/乡镇 990102009000 不存在" in message
    assert "第9行：社区/村须填写城乡分类" in message
    assert '第10行：无法识别的城乡分类"某某"' in message
    assert "第2行" not in message
    assert "共 6 处错误" in message
    assert regions().count() == before


@pytest.mark.django_db
def test_it_keeps_existing_regions_untouched_when_a_rerun_fails(tmp_path):
    load(write_csv(tmp_path, TREE))

    bad = TREE.replace("滨江区", "新名字") + "990102001003,没有分类的社区,\n"
    load_failing(write_csv(tmp_path, bad, name="bad.csv"))

    assert regions().get(code="990102000000").name == "滨江区"
    assert regions().count() == 5


@pytest.mark.django_db
def test_it_requires_the_district_of_a_street(tmp_path):
    message = load_failing(write_csv(tmp_path, "code,name\n990102001000,望湖街道\n"))

    assert "第2行：上级区/县 990102000000 不存在" in message


@pytest.mark.django_db
def test_it_reports_a_missing_code_column(tmp_path):
    message = load_failing(write_csv(tmp_path, "编号,名称\n990100000000,临江市\n"))

    assert "缺少区划代码列" in message
    assert "缺少名称列" not in message


@pytest.mark.django_db
def test_it_reports_both_missing_columns(tmp_path):
    with pytest.raises(RegionImportError) as info:
        read_region_file(write_csv(tmp_path, "a,b\n1,2\n"))

    assert [e[:7] for e in info.value.errors] == ["缺少区划代码列", "缺少名称列（表"]


@pytest.mark.django_db
def test_it_rejects_an_unsupported_extension(tmp_path):
    message = load_failing(write_csv(tmp_path, TREE, name="regions.xls"))

    assert "不支持的文件类型" in message
    assert regions().count() == 0


@pytest.mark.django_db
def test_it_rejects_a_corrupt_xlsx(tmp_path):
    message = load_failing(write_csv(tmp_path, TREE, name="regions.xlsx"))

    assert "无法读取Excel文件" in message


def test_it_reports_a_nonexistent_file(tmp_path):
    missing = tmp_path / "nope.csv"

    message = load_failing(missing)

    assert f"文件不存在：{missing}" in message


def test_it_rejects_an_empty_file(tmp_path):
    with pytest.raises(RegionImportError, match="缺少表头行"):
        read_region_file(write_csv(tmp_path, "\n\n"))


@pytest.mark.django_db
def test_it_validates_rows_given_directly():
    rows = [
        RegionRow(line=2, code="990100000000", name="临江市"),
        RegionRow(line=3, code="", name="无代码"),
    ]

    with pytest.raises(RegionImportError) as info:
        import_regions(rows)

    assert info.value.errors == ["第3行：区划代码不能为空"]
    assert regions().count() == 0


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("urban", UrbanRural.URBAN),
        ("城市", UrbanRural.URBAN),
        ("城市社区", UrbanRural.URBAN),
        ("城", UrbanRural.URBAN),
        ("111", UrbanRural.URBAN),
        ("123", UrbanRural.URBAN),
        ("Rural", UrbanRural.RURAL),
        ("农村", UrbanRural.RURAL),
        ("农村社区", UrbanRural.RURAL),
        ("村", UrbanRural.RURAL),
        ("乡", UrbanRural.RURAL),
        ("210", UrbanRural.RURAL),
        ("220", UrbanRural.RURAL),
    ],
)
@pytest.mark.django_db
def test_it_accepts_every_urban_rural_spelling(tmp_path, raw, expected):
    text = f"code,name,type\n990102,滨江区,\n990102001,望湖街道,\n990102001001,望湖社区,{raw}\n"
    load(write_csv(tmp_path, text))

    assert regions().get(code="990102001001").urban_rural == expected


@pytest.mark.django_db
def test_it_ignores_urban_rural_on_non_community_rows(tmp_path):
    load(write_csv(tmp_path, "code,name,type\n990100000000,临江市,随便写\n"))

    assert regions().get(code="990100000000").urban_rural == ""
