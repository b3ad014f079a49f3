"""The default vocabularies from the policy texts: the "5+X" categories of the Taicang plan,
service domains and target groups. Provinces edit these tables; the seed only fills gaps."""

from django.db import migrations

CATEGORIES = [
    ("charity", "公益慈善类", "core"),
    ("mutual_aid", "居民互助类", "core"),
    ("culture", "文体科教类", "core"),
    ("mediation", "纠纷调处类", "core"),
    ("safety", "平安建设类", "core"),
    ("featured", "特色类", "featured"),
]

DOMAINS = [
    ("elderly", "养老"), ("childcare", "育幼"), ("family", "家庭服务"), ("health", "健康"),
    ("volunteer", "志愿服务"), ("rights", "维权"), ("mental_health", "心理健康"),
    ("correction", "矫治安帮"), ("legal_aid", "法律援助"), ("environment", "环境保护"),
    ("agri_tech", "农村生产技术"), ("village_sages", "乡贤理事会"), ("ceremonies", "红白理事会"),
    ("culture_sports", "文体活动"), ("education", "科普教育"), ("mediation", "矛盾调解"),
    ("public_safety", "治安巡逻"), ("disability", "助残服务"),
]

TARGET_GROUPS = [
    ("subsistence", "低保对象"), ("extreme_poverty", "特困人员"), ("empty_nest", "空巢老人"),
    ("left_behind", "留守人员"), ("children_in_need", "困境儿童"), ("disabled", "残疾人"),
    ("migrant_workers", "进城务工人员及随迁子女"), ("elderly", "老年人"), ("youth", "青少年"),
    ("women", "妇女"), ("residents", "社区居民"),
]


def seed(apps, schema_editor):
    Category = apps.get_model("registry", "Category")
    ServiceDomain = apps.get_model("registry", "ServiceDomain")
    TargetGroup = apps.get_model("registry", "TargetGroup")
    for order, (code, name, group) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "group": group, "sort_order": order})
    for model, rows in ((ServiceDomain, DOMAINS), (TargetGroup, TARGET_GROUPS)):
        for order, (code, name) in enumerate(rows, start=1):
            model.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
